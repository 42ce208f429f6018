/**
 * `eks-netscan snapshot`: plans the targets, collects one snapshot per target
 * with bounded concurrency, and writes snapshots and statuses to a directory.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MultiBar, Presets } from 'cli-progress';
import { type Command, Option } from 'commander';
import pLimit from 'p-limit';
import {
  type ClientFactory,
  type ClientFactoryOptions,
  createClientFactory,
} from '../aws/clientFactory.js';
import { errorCodeOf } from '../aws/credentials.js';
import type { TargetClients } from '../aws/types.js';
import { collectSnapshot, createInstanceTypeCache } from '../collect/index.js';
import {
  parseSnapshotFlags,
  SNAPSHOT_DEFAULTS,
  type SnapshotConfig,
  type SnapshotFlags,
} from '../config/snapshotConfig.js';
import { CollectionError, ConfigError, isCollectionError } from '../errors.js';
import type { Target } from '../snapshot/types.js';
import { DirStore } from '../store/dirStore.js';
import { newScanId, scanPrefix } from '../store/keys.js';
import { putSnapshot, putStatus } from '../store/targetFiles.js';
import type { TargetStatus } from '../store/types.js';
import { planTargets } from '../targets/planTargets.js';
import { EXIT } from './main.js';

/** A writable text stream (stderr by default). */
interface TextOut {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** What {@link runSnapshot} can be given besides the configuration. */
interface SnapshotDeps {
  /** Per-target lines and the progress bar. @default process.stderr */
  readonly stderr?: TextOut;
  /** The scan directory's path. @default process.stdout */
  readonly stdout?: TextOut;
  /** Extra client factory options (endpoints, request handler, retries). */
  readonly factoryOptions?: Readonly<Partial<ClientFactoryOptions>>;
  /** Wall clock. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * Stops the scan: targets not started yet get an `Aborted` error status;
   * running ones stop issuing calls and record what is missing as gaps.
   */
  readonly signal?: AbortSignal;
}

/** Outcome of one `snapshot` run. */
interface SnapshotRunSummary {
  readonly scanId: string;
  /** `<out>/scans/<scanId>`. */
  readonly scanDir: string;
  readonly statuses: TargetStatus[];
  readonly exitCode: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

const lineOf = (status: TargetStatus): string =>
  status.status === 'ok'
    ? `${status.accountId} ${status.region} ok clusters=${status.clusters} enis=${status.enis} gaps=${status.gaps} calls=${status.apiCalls} ${seconds(status.durationMs)}`
    : `${status.accountId} ${status.region} error ${status.reason ?? ''} calls=${status.apiCalls} ${seconds(status.durationMs)}`;

const errorStatus = (
  target: Target,
  error: unknown,
  startedAt: Date,
  finishedAt: Date,
  clients?: TargetClients,
): TargetStatus => {
  const errorCode = isCollectionError(error)
    ? (error.errorCode ?? 'Unknown')
    : errorCodeOf(error);
  return {
    status: 'error',
    reason: `${errorCode}: ${(error as Error).message ?? String(error)}`,
    errorCode,
    accountId: target.accountId,
    ...(target.accountName ? { accountName: target.accountName } : {}),
    region: target.region,
    apiCalls: clients?.counter.total() ?? 0,
    callsByAction: clients?.counter.byAction() ?? {},
    gaps: 0,
    clusters: 0,
    enis: 0,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
  };
};

const scanOne = async (
  target: Target,
  context: {
    readonly factory: ClientFactory;
    readonly scanId: string;
    readonly store: DirStore;
    readonly now: () => Date;
    readonly instanceTypeCache: ReturnType<typeof createInstanceTypeCache>;
    readonly signal?: AbortSignal;
  },
): Promise<TargetStatus> => {
  const startedAt = context.now();
  let clients: TargetClients | undefined;
  let status: TargetStatus;
  try {
    if (context.signal?.aborted) {
      throw new CollectionError('scan aborted before this target started', {
        accountId: target.accountId,
        region: target.region,
        errorCode: 'Aborted',
      });
    }
    await context.factory.resolveCredentials(target);
    clients = context.factory.clientsFor(target);
    const snapshot = await collectSnapshot({
      target,
      scanId: context.scanId,
      clients,
      now: context.now,
      instanceTypeCache: context.instanceTypeCache,
      signal: context.signal,
    });
    await putSnapshot(context.store, snapshot);
    const finishedAt = context.now();
    status = {
      status: 'ok',
      accountId: target.accountId,
      ...(target.accountName ? { accountName: target.accountName } : {}),
      region: target.region,
      apiCalls: clients.counter.total(),
      callsByAction: clients.counter.byAction(),
      gaps: snapshot.gaps.length,
      clusters: snapshot.clusters?.length ?? 0,
      enis: snapshot.networkInterfaces?.length ?? 0,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
    };
  } catch (error) {
    status = errorStatus(target, error, startedAt, context.now(), clients);
  } finally {
    clients?.ec2.destroy();
    clients?.eks.destroy();
  }
  await putStatus(context.store, context.scanId, status);
  return status;
};

/**
 * Runs one `snapshot` scan: plan, collect every target (at most
 * `config.concurrency` at once), store snapshot and status per target.
 * A failing target gets an error status and the others go on.
 *
 * @returns Exit code 0 when every target is ok, 3 when some failed.
 * @example
 * const { exitCode } = await runSnapshot(parseSnapshotFlags({ out: './out', regions: 'eu-west-1' }));
 */
const runSnapshot = async (
  config: SnapshotConfig,
  deps: SnapshotDeps = {},
): Promise<SnapshotRunSummary> => {
  const stderr = deps.stderr ?? process.stderr;
  const stdout = deps.stdout ?? process.stdout;
  const now = deps.now ?? (() => new Date());
  const scanId = newScanId(now());
  const store = new DirStore(config.out);
  const scanDir = join(config.out, ...scanPrefix(scanId).split('/'));
  const factory = createClientFactory({
    ...(config.profile ? { profile: config.profile } : {}),
    ...(config.externalId ? { externalId: config.externalId } : {}),
    scanId,
    ...deps.factoryOptions,
  });
  try {
    // An unusable --out is invalid input: find out before any AWS call.
    await mkdir(config.out, { recursive: true }).catch((error: unknown) => {
      throw new ConfigError(
        `--out: cannot create ${config.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        { cause: error },
      );
    });
    let plan: Awaited<ReturnType<typeof planTargets>>;
    try {
      plan = await planTargets(config.selection, factory);
    } catch (error) {
      stderr.write(`eks-netscan: ${(error as Error).message.split('\n')[0]}\n`);
      return { scanId, scanDir, statuses: [], exitCode: EXIT.incomplete };
    }
    const statuses: TargetStatus[] = [];
    const total = plan.targets.length + plan.failures.length;
    const multibar = stderr.isTTY
      ? new MultiBar(
          {
            stream: stderr as NodeJS.WritableStream,
            format: ' {bar} {value}/{total} targets',
            hideCursor: true,
            clearOnComplete: true,
          },
          Presets.shades_classic,
        )
      : undefined;
    const bar = multibar?.create(total, 0);
    const report = (status: TargetStatus): void => {
      statuses.push(status);
      if (multibar) {
        multibar.log(`${lineOf(status)}\n`);
        bar?.increment();
      } else {
        stderr.write(`${lineOf(status)}\n`);
      }
    };
    for (const failure of plan.failures) {
      const at = now();
      const status = errorStatus(failure.target, failure.error, at, at);
      await putStatus(store, scanId, status);
      report(status);
    }
    const instanceTypeCache = createInstanceTypeCache();
    const limit = pLimit(config.concurrency);
    await Promise.all(
      plan.targets.map((target) =>
        limit(async () => {
          const startedAt = now();
          try {
            report(
              await scanOne(target, {
                factory,
                scanId,
                store,
                now,
                instanceTypeCache,
                signal: deps.signal,
              }),
            );
          } catch (error) {
            // Only the store can fail here (scanOne turns everything else
            // into a status); the target still counts as failed.
            report(errorStatus(target, error, startedAt, now()));
          }
        }),
      ),
    );
    // log() only buffers until the next redraw: flush it before stopping,
    // or the last targets' lines would be lost on a fast scan.
    multibar?.update();
    multibar?.stop();
    const failed = statuses.filter((s) => s.status === 'error').length;
    stderr.write(
      `scan ${scanId}: ${statuses.length} targets, ${statuses.length - failed} ok, ${failed} failed, ${factory.scanCounter.total()} API calls\n`,
    );
    stdout.write(`${scanDir}\n`);
    return {
      scanId,
      scanDir,
      statuses,
      exitCode: failed > 0 ? EXIT.incomplete : EXIT.ok,
    };
  } finally {
    factory.destroy();
  }
};

const list = (value: string, previous: string[] = []): string[] => [
  ...previous,
  value,
];

/**
 * Registers `snapshot` on the program. The action stores its exit code with
 * `setExitCode` instead of touching `process.exitCode`, so tests can call
 * `main()` in-process.
 */
const registerSnapshotCommand = (
  program: Command,
  setExitCode: (code: number) => void,
): Command =>
  program
    .command('snapshot')
    .description(
      'Collect one network snapshot per target (account x region) and write it with its status to --out.',
    )
    .addOption(
      new Option('--org', 'every ACTIVE account of the organization').conflicts(
        'accounts',
      ),
    )
    .addOption(
      new Option(
        '--accounts <ids>',
        'comma-separated 12-digit account ids (default: the caller’s account)',
      )
        .argParser(list)
        .conflicts('org'),
    )
    .option(
      '--include-ous <ids>',
      'with --org: only accounts below these OUs (recursive)',
      list,
    )
    .option(
      '--exclude-ous <ids>',
      'with --org: skip accounts below these OUs (recursive)',
      list,
    )
    .option('--exclude-accounts <ids>', 'skip these account ids', list)
    .addOption(
      new Option(
        '--regions <names>',
        'comma-separated regions (default: every region enabled in each account)',
      )
        .argParser(list)
        .conflicts('allRegions'),
    )
    .addOption(
      new Option(
        '--all-regions',
        'every region enabled in each account (ec2:DescribeRegions)',
      ).conflicts('regions'),
    )
    .option(
      '--role-name <name>',
      `role assumed in each account other than the caller's (default: ${SNAPSHOT_DEFAULTS.roleName})`,
    )
    .addOption(
      // The environment keeps the id out of `ps` output and shell history.
      new Option(
        '--external-id <id>',
        'ExternalId sent with sts:AssumeRole',
      ).env('EKS_NETSCAN_EXTERNAL_ID'),
    )
    .option('--profile <name>', 'AWS named profile for the caller credentials')
    .option(
      '--concurrency <n>',
      `targets collected at the same time (default: ${SNAPSHOT_DEFAULTS.concurrency})`,
    )
    .requiredOption('--out <dir>', 'directory to write scans/<scanId>/ into')
    .action(async (flags: SnapshotFlags) => {
      // Everything is validated before the first AWS call.
      const config = parseSnapshotFlags(flags);
      // First Ctrl-C: finish cleanly with what was collected (statuses say
      // what is missing); a second one kills the process as usual.
      const controller = new AbortController();
      const onSigint = (): void => {
        process.stderr.write('eks-netscan: stopping, writing statuses...\n');
        controller.abort();
      };
      process.once('SIGINT', onSigint);
      try {
        const { exitCode } = await runSnapshot(config, {
          signal: controller.signal,
        });
        setExitCode(exitCode);
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });

export type { SnapshotDeps, SnapshotRunSummary, TextOut };
export { registerSnapshotCommand, runSnapshot };
