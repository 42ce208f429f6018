/**
 * `eks-netscan diff SCAN_A SCAN_B`: classifies the failing results of scan B
 * against scan A, both read from a store (`--out` directory or `--s3`).
 *
 * @module
 */
import { S3Client } from '@aws-sdk/client-s3';
import { type Command, Option } from 'commander';
import { ConfigError, isConfigError, isSinkError } from '../errors.js';
import type { FindingRef, ScanDiff } from '../findings/types.js';
import { diffStoredScans } from '../run/diffStoredScans.js';
import { readStatuses } from '../run/runReport.js';
import { DirStore } from '../store/dirStore.js';
import { SCAN_ID_PATTERN } from '../store/keys.js';
import { S3Store } from '../store/s3Store.js';
import { parseS3Uri } from '../store/s3Uri.js';
import type { ResultStore } from '../store/types.js';
import { EXIT } from './main.js';
import type { TextOut } from './progress.js';

/** Flags of `diff`. */
interface DiffFlags {
  /** @default './eks-netscan-report/' */
  readonly out?: string;
  readonly s3?: string;
  /** @default 'table' */
  readonly format?: string;
}

/** Streams and clients of a `diff` run. */
interface DiffCommandDeps {
  readonly stdout?: TextOut;
  readonly stderr?: TextOut;
  /** S3 client for `--s3`. @default from the environment */
  readonly s3Client?: S3Client;
}

const SECTIONS: readonly (readonly [
  keyof Omit<ScanDiff, 'previousScanId'>,
  string,
])[] = [
  ['regressed', 'REGRESSED (pass → fail)'],
  ['new', 'NEW'],
  ['persisting', 'PERSISTING'],
  ['resolved', 'RESOLVED'],
  ['unverified', 'UNVERIFIED (failing before, not verifiable now)'],
];

const findingLine = (f: FindingRef): string =>
  `  ${f.severity.padEnd(8)} ${f.ruleId} ${f.accountId} ${f.region}${f.clusterName ? ` ${f.clusterName}` : ''} ${f.resourceId}${f.waived ? ' (waived)' : ''}`;

/** The diff as text: counts first, then one section per class. */
const renderDiffTable = (a: string, b: string, diff: ScanDiff): string => {
  const lines = [
    `diff ${a} → ${b}: ${SECTIONS.map(([key]) => `${diff[key].length} ${key}`).join(', ')}`,
  ];
  for (const [key, title] of SECTIONS) {
    if (diff[key].length === 0) continue;
    lines.push('', title);
    for (const finding of diff[key]) lines.push(findingLine(finding));
  }
  return `${lines.join('\n')}\n`;
};

/**
 * Runs `diff` and returns the exit code: 0, or 2 for invalid input (a bad
 * scan id, a scan that is not in the store, a malformed `--s3`).
 *
 * @example
 * await runDiffCommand('2026-11-25T06-00-00Z-ab12', '2026-11-26T06-00-00Z-cd34', { out: './eks-netscan-report' });
 */
const runDiffCommand = async (
  scanA: string,
  scanB: string,
  flags: DiffFlags,
  deps: DiffCommandDeps = {},
): Promise<number> => {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  let s3Client: S3Client | undefined;
  try {
    const format = flags.format ?? 'table';
    if (format !== 'table' && format !== 'json') {
      throw new ConfigError(
        `--format: ${JSON.stringify(format)} is not one of table, json`,
      );
    }
    for (const id of [scanA, scanB]) {
      if (!SCAN_ID_PATTERN.test(id)) {
        throw new ConfigError(
          `${JSON.stringify(id)} is not a scan id (e.g. 2026-11-26T06-00-00Z-ab12)`,
        );
      }
    }
    if (flags.s3 !== undefined && flags.out !== undefined) {
      throw new ConfigError('--out and --s3 cannot be used together; pick one');
    }
    let store: ResultStore;
    let where: string;
    if (flags.s3 !== undefined) {
      const { bucket, prefix } = parseS3Uri(flags.s3);
      s3Client =
        deps.s3Client ??
        new S3Client({
          forcePathStyle: Boolean(
            process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL,
          ),
          followRegionRedirects: true,
        });
      store = new S3Store({ client: s3Client, bucket, prefix });
      where = flags.s3;
    } else {
      where = flags.out ?? './eks-netscan-report/';
      store = new DirStore(where);
    }
    const [statusesA, statusesB] = await Promise.all([
      readStatuses(store, scanA, 8),
      readStatuses(store, scanB, 8),
    ]);
    for (const [id, statuses] of [
      [scanA, statusesA],
      [scanB, statusesB],
    ] as const) {
      if (statuses.length === 0) {
        throw new ConfigError(`scan ${id} is not in ${where}`);
      }
    }
    const diff = await diffStoredScans({
      store,
      scanId: scanB,
      statuses: statusesB,
      previous: { scanId: scanA, statuses: statusesA },
    });
    stdout.write(
      format === 'json'
        ? `${JSON.stringify(diff, null, 2)}\n`
        : renderDiffTable(scanA, scanB, diff),
    );
    return EXIT.ok;
  } catch (error) {
    if (isConfigError(error) || isSinkError(error)) {
      stderr.write(`eks-netscan: ${error.message.split('\n')[0]}\n`);
      return isConfigError(error) ? EXIT.invalidInput : EXIT.incomplete;
    }
    throw error;
  } finally {
    if (!deps.s3Client) s3Client?.destroy();
  }
};

/** Registers `diff` on the program. */
const registerDiffCommand = (
  program: Command,
  setExitCode: (code: number) => void,
): Command =>
  program
    .command('diff')
    .description(
      'Compare two stored scans: regressed, new, persisting, resolved and unverified failures of SCAN_B against SCAN_A.',
    )
    .argument('<scanA>', 'the earlier scan id')
    .argument('<scanB>', 'the later scan id')
    .option(
      '--out <dir>',
      'directory holding scans/ (default: ./eks-netscan-report/)',
    )
    .option('--s3 <uri>', 's3://bucket/prefix holding scans/')
    .addOption(new Option('--format <format>', 'table|json (default: table)'))
    .action(async (scanA: string, scanB: string, flags: DiffFlags) => {
      setExitCode(await runDiffCommand(scanA, scanB, flags));
    });

export type { DiffCommandDeps, DiffFlags };
export { registerDiffCommand, renderDiffTable, runDiffCommand };
