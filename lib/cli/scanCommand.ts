/**
 * `eks-netscan scan`: plans the targets, scans them in a bounded pool,
 * writes results and reports to `--out` (and `--s3`), sends the digest, and
 * prints the chosen format on stdout. Logs and progress go to stderr.
 *
 * @module
 */
import { join, resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { type Command, Option } from 'commander';
import type { ClientFactoryOptions } from '../aws/clientFactory.js';
import {
  loadScanInputs,
  parseScanFlags,
  SCAN_DEFAULTS,
  SCAN_FORMATS,
  type ScanConfig,
  type ScanFlags,
} from '../config/scanConfig.js';
import type { Result } from '../engine/types.js';
import { isCollectionError, isConfigError, isSinkError } from '../errors.js';
import { atOrAbove, SEVERITIES } from '../findings/severity.js';
import { SnsNotifier } from '../notify/snsNotifier.js';
import type { Notifier } from '../notify/types.js';
import type { ScanSummary } from '../report/types.js';
import { forEachInOrder } from '../run/forEachInOrder.js';
import { readStatuses } from '../run/runReport.js';
import { type RunScanOutput, runScan } from '../run/runScan.js';
import { DirStore } from '../store/dirStore.js';
import { newScanId, type ReportFile, reportKey } from '../store/keys.js';
import { MirrorStore } from '../store/mirrorStore.js';
import { S3Store } from '../store/s3Store.js';
import { getResults } from '../store/targetFiles.js';
import type { ResultStore } from '../store/types.js';
import { EXIT } from './main.js';
import { createProgress, type TextOut } from './progress.js';
import { addTargetOptions, list } from './targetOptions.js';

/** What {@link runScanCommand} can be given besides the flags. */
interface ScanCommandDeps {
  /** The chosen format. @default process.stdout */
  readonly stdout?: TextOut;
  /** Logs, progress, summary table. @default process.stderr */
  readonly stderr?: TextOut;
  /** Wall clock. @default () => new Date() */
  readonly now?: () => Date;
  /** Scan id (tests make two runs comparable). @default from the clock */
  readonly scanId?: string;
  /** Extra client factory options (endpoints, request handler, retries). */
  readonly factoryOptions?: Readonly<Partial<ClientFactoryOptions>>;
  /** S3 client for `--s3`. @default from the environment */
  readonly s3Client?: S3Client;
  /** SNS client for `--sns-topic`. @default from the environment */
  readonly snsClient?: SNSClient;
  /** Replaces the SNS notifier (tests). */
  readonly notifier?: Notifier;
  readonly signal?: AbortSignal;
}

const FORMAT_FILES: Partial<Record<ScanConfig['format'], ReportFile>> = {
  md: 'report.md',
  html: 'report.html',
  ocsf: 'findings.ocsf.json',
  asff: 'findings.asff.json',
};

/** The fields `--format jsonl` promises first, in this order. */
const JSONL_FIELDS = [
  'ruleId',
  'status',
  'severity',
  'accountId',
  'region',
  'clusterName',
  'resourceType',
  'resourceId',
  'message',
] as const;

const jsonlLine = (result: Result): string => {
  const head: Record<string, unknown> = {};
  for (const field of JSONL_FIELDS) head[field] = result[field] ?? null;
  return `${JSON.stringify({ ...head, ...result })}\n`;
};

const pad = (text: string, width: number): string =>
  text.length >= width ? text : text + ' '.repeat(width - text.length);

const tableLines = (header: string[], rows: string[][]): string[] => {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (row: string[]): string =>
    row
      .map((cell, i) => pad(cell, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
};

/** The summary table printed at the end of every scan. */
const renderSummaryTable = (summary: ScanSummary, apiCalls: number): string => {
  const { coverage, totals, diff } = summary;
  const lines = [
    `scan ${summary.scanId}: ${coverage.targets} targets (${coverage.ok} ok, ${coverage.failed.length} failed, ${coverage.withGaps} with gaps) in ${summary.accounts} accounts, ${apiCalls} API calls`,
    `results: ${totals.total} total, ${totals.fail} fail (${totals.waived} waived), ${totals.unknown} unknown, ${totals.pass} pass, ${totals.skip} skip`,
    `failing by severity: ${SEVERITIES.map((s) => `${s} ${summary.failBySeverity[s]}`).join(', ')}`,
    `diff ${diff.previousScanId ? `against ${diff.previousScanId}` : '(first scan)'}: ${diff.regressed} regressed, ${diff.new} new, ${diff.persisting} persisting, ${diff.resolved} resolved, ${diff.unverified} unverified`,
  ];
  if (summary.byAccount.length > 0) {
    lines.push('');
    lines.push(
      ...tableLines(
        [
          'ACCOUNT',
          'NAME',
          'FAIL',
          ...SEVERITIES.map((s) => s.toUpperCase()),
          'UNKNOWN',
        ],
        summary.byAccount.map((a) => [
          a.accountId,
          a.accountName ?? '',
          String(a.fail),
          ...SEVERITIES.map((s) => String(a.failBySeverity[s])),
          String(a.unknown),
        ]),
      ),
    );
  }
  for (const failed of coverage.failed) {
    lines.push(
      `failed target ${failed.accountId} ${failed.region}: ${failed.reason}`,
    );
  }
  for (const gap of coverage.gapsByIamAction) {
    lines.push(
      `gap ${gap.iamAction} (${gap.errorCodes.join(', ')}) in ${gap.targets} target${gap.targets === 1 ? '' : 's'}`,
    );
  }
  return `${lines.join('\n')}\n`;
};

/** Streams every stored result of the scan, target by target. */
const eachResult = async (
  store: ResultStore,
  scanId: string,
  visit: (result: Result) => void,
): Promise<void> => {
  const statuses = (await readStatuses(store, scanId, 8)).filter(
    (s) => s.status === 'ok',
  );
  await forEachInOrder(
    statuses,
    (target) => getResults(store, scanId, target),
    (results) => {
      for (const result of results) visit(result);
    },
    8,
  );
};

const shown = (result: Result, onlyFailed: boolean): boolean =>
  onlyFailed ? result.status === 'fail' : true;

/** Writes the chosen format to stdout from what the store holds. */
const writeFormat = async (
  config: ScanConfig,
  store: ResultStore,
  output: RunScanOutput,
  stdout: TextOut,
): Promise<void> => {
  const { scanId } = output;
  const file = FORMAT_FILES[config.format];
  if (file) {
    const bytes = await store.get(reportKey(scanId, file));
    stdout.write(Buffer.from(bytes ?? new Uint8Array()).toString('utf8'));
    return;
  }
  if (config.format === 'jsonl') {
    await eachResult(store, scanId, (result) => {
      if (shown(result, config.onlyFailed)) stdout.write(jsonlLine(result));
    });
    return;
  }
  if (config.format === 'json') {
    stdout.write(
      `{"summary":${JSON.stringify(output.report.summary)},"results":[`,
    );
    let first = true;
    await eachResult(store, scanId, (result) => {
      if (!shown(result, config.onlyFailed)) return;
      stdout.write(`${first ? '\n' : ',\n'}${JSON.stringify(result)}`);
      first = false;
    });
    stdout.write('\n]}\n');
    return;
  }
  // table: failing (and, unless --only-failed, unknown) results, then the summary.
  const rows: string[][] = [];
  await eachResult(store, scanId, (result) => {
    if (
      result.status === 'fail' ||
      (!config.onlyFailed && result.status === 'unknown')
    ) {
      rows.push([
        result.waiver ? 'fail*' : result.status,
        result.severity,
        result.ruleId,
        result.accountId,
        result.region,
        result.clusterName ?? '',
        result.resourceId,
      ]);
    }
  });
  if (rows.length > 0) {
    stdout.write(
      `${tableLines(
        [
          'STATUS',
          'SEVERITY',
          'RULE',
          'ACCOUNT',
          'REGION',
          'CLUSTER',
          'RESOURCE',
        ],
        rows,
      ).join('\n')}\n\n`,
    );
  }
  stdout.write(renderSummaryTable(output.report.summary, output.apiCalls));
};

/** True when a custom S3 endpoint is configured (emulators want path style). */
const customS3Endpoint = (): boolean =>
  Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);

/**
 * Runs `eks-netscan scan` with already-parsed flags and returns the exit
 * code: 0 complete and nothing at or above `--fail-on`; 1 unwaived failures
 * at or above `--fail-on`; 2 invalid input (one line on stderr, nothing
 * scanned); 3 incomplete (a target failed, nothing could be planned, or the
 * digest could not be sent) and nothing at or above `--fail-on`.
 *
 * @example
 * const code = await runScanCommand({ org: true, regions: 'eu-west-1', failOn: 'high' });
 */
const runScanCommand = async (
  flags: ScanFlags,
  deps: ScanCommandDeps = {},
): Promise<number> => {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const now = deps.now ?? (() => new Date());
  let config: ScanConfig;
  let evaluation: Awaited<ReturnType<typeof loadScanInputs>>;
  try {
    // Everything is validated before the first AWS call.
    config = parseScanFlags(flags);
    evaluation = await loadScanInputs(config, now());
  } catch (error) {
    if (!isConfigError(error)) throw error;
    stderr.write(`eks-netscan: ${error.message.split('\n')[0]}\n`);
    return EXIT.invalidInput;
  }
  const dirStore = new DirStore(config.out);
  const s3Client =
    config.s3 &&
    (deps.s3Client ??
      new S3Client({
        ...(config.profile
          ? { credentials: fromNodeProviderChain({ profile: config.profile }) }
          : {}),
        forcePathStyle: customS3Endpoint(),
        // A bucket in another region than the caller's default still works.
        followRegionRedirects: true,
      }));
  const s3Store =
    config.s3 && s3Client
      ? new S3Store({
          client: s3Client,
          bucket: config.s3.bucket,
          prefix: config.s3.prefix,
        })
      : undefined;
  // With --s3 the bucket is the store of record (latest.json and the diff
  // come from it) and --out keeps a local copy of every object.
  const store: ResultStore = s3Store
    ? new MirrorStore(s3Store, dirStore)
    : dirStore;
  const snsClient =
    config.snsTopic && !deps.notifier
      ? (deps.snsClient ??
        new SNSClient({
          ...(config.profile
            ? {
                credentials: fromNodeProviderChain({ profile: config.profile }),
              }
            : {}),
          region: config.snsTopic.split(':')[3],
        }))
      : undefined;
  const notifier =
    deps.notifier ??
    (config.snsTopic && snsClient
      ? new SnsNotifier(snsClient, config.snsTopic)
      : undefined);
  const scanId = deps.scanId ?? newScanId(now());
  const reportLocation = s3Store
    ? `${s3Store.uri}${reportKey(scanId, 'report.html')}`
    : resolve(config.out, ...reportKey(scanId, 'report.html').split('/'));
  const progress = createProgress(stderr);
  let output: RunScanOutput;
  try {
    output = await runScan(
      {
        selection: config.selection,
        concurrency: config.concurrency,
        ...(config.externalId ? { externalId: config.externalId } : {}),
        ...(config.profile ? { profile: config.profile } : {}),
        evaluation,
      },
      {
        store,
        ...(notifier ? { notifier } : {}),
        now,
        scanId,
        ...(deps.factoryOptions ? { factoryOptions: deps.factoryOptions } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
        onPlanned: progress.onPlanned,
        onStart: progress.onStart,
        onStatus: progress.onStatus,
        reportLocation,
        warn: (message) => stderr.write(`eks-netscan: warning: ${message}\n`),
      },
    );
  } catch (error) {
    progress.stop();
    if (isCollectionError(error) || isSinkError(error)) {
      // With --s3 every object was written to --out first: say where.
      const kept = s3Store ? `; what was collected is in ${config.out}` : '';
      stderr.write(
        `eks-netscan: ${(error as Error).message.split('\n')[0]}${kept}\n`,
      );
      return EXIT.incomplete;
    }
    throw error;
  } finally {
    s3Client?.destroy();
    snsClient?.destroy();
  }
  progress.stop();
  const { summary } = output.report;
  // The local copy holds the same bytes as the store of record: read it.
  await writeFormat(config, dirStore, output, stdout);
  if (config.format !== 'table') {
    stderr.write(renderSummaryTable(summary, output.apiCalls));
  }
  const htmlPath = join(
    config.out,
    ...reportKey(output.scanId, 'report.html').split('/'),
  );
  stderr.write(`report: ${htmlPath}\n`);
  if (s3Store) stderr.write(`s3: ${reportLocation}\n`);
  if (output.report.notifyError) {
    stderr.write(`eks-netscan: ${output.report.notifyError}\n`);
  } else if (!notifier) {
    stderr.write(`digest: ${output.report.subject}\n`);
  }
  if (!output.report.movedLatest) {
    stderr.write(
      'eks-netscan: no target could be scanned; latest.json still points at the previous scan\n',
    );
  }
  const { failOn } = config;
  if (
    failOn &&
    SEVERITIES.some(
      (s) => atOrAbove(s, failOn) && summary.failBySeverity[s] > 0,
    )
  ) {
    return EXIT.findings;
  }
  if (summary.coverage.failed.length > 0 || output.report.notifyError) {
    return EXIT.incomplete;
  }
  return EXIT.ok;
};

/** Registers `scan` on the program; the action reports its exit code through `setExitCode`. */
const registerScanCommand = (
  program: Command,
  setExitCode: (code: number) => void,
): Command =>
  addTargetOptions(
    program
      .command('scan')
      .description(
        'Scan every target (account x region): collect, evaluate, store results and reports, send the digest.',
      ),
  )
    .option(
      '--policies <dir>',
      'extra policy directory, loaded beside the bundled ones (repeatable)',
      list,
    )
    .option('--params <file>', 'policy parameter overrides (YAML)')
    .option('--waivers <file>', 'waivers (YAML)')
    .option(
      '--out <dir>',
      `local store and report directory (default: ${SCAN_DEFAULTS.out})`,
    )
    .option(
      '--s3 <uri>',
      's3://bucket/prefix: store of record (a copy stays in --out)',
    )
    .option('--sns-topic <arn>', 'SNS topic the digest is published to')
    .addOption(
      new Option(
        '--format <format>',
        `stdout format: ${SCAN_FORMATS.join('|')} (default: table)`,
      ),
    )
    .option('--only-failed', 'table/json/jsonl: only failing results')
    .option(
      '--fail-on <severity>',
      'exit 1 when an unwaived failure is at or above this severity',
    )
    .option(
      '--concurrency <n>',
      `targets scanned at the same time (default: ${SCAN_DEFAULTS.concurrency})`,
    )
    .action(async (flags: ScanFlags) => {
      // First Ctrl-C: finish cleanly with what was collected (statuses say
      // what is missing); a second one kills the process as usual.
      const controller = new AbortController();
      const onSigint = (): void => {
        process.stderr.write(
          'eks-netscan: stopping, writing statuses and reports...\n',
        );
        controller.abort();
      };
      process.once('SIGINT', onSigint);
      try {
        setExitCode(await runScanCommand(flags, { signal: controller.signal }));
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });

export type { ScanCommandDeps };
export { registerScanCommand, renderSummaryTable, runScanCommand };
