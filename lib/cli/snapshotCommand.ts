/**
 * `eks-netscan snapshot`: plans the targets, collects one snapshot per target
 * with bounded concurrency, and writes snapshots and statuses to a directory.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  type ClientFactoryOptions,
  createClientFactory,
} from '../aws/clientFactory.js';
import { createInstanceTypeCache } from '../collect/index.js';
import {
  parseSnapshotFlags,
  SNAPSHOT_DEFAULTS,
  type SnapshotConfig,
  type SnapshotFlags,
} from '../config/snapshotConfig.js';
import { ConfigError } from '../errors.js';
import { runTargets } from '../run/runTargets.js';
import { scanTarget } from '../run/scanTarget.js';
import type { TargetRunStatus } from '../run/types.js';
import { DirStore } from '../store/dirStore.js';
import { newScanId, scanPrefix } from '../store/keys.js';
import { EXIT } from './main.js';
import { createProgress, type TextOut } from './progress.js';
import { addTargetOptions } from './targetOptions.js';

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
  readonly statuses: TargetRunStatus[];
  readonly exitCode: number;
}

/**
 * Runs one `snapshot` scan: plan, collect every target (at most
 * `config.concurrency` at once), store snapshot and status per target.
 * A failing target gets an error status and the others go on. Planning,
 * the pool and the per-target work are `lib/run`'s (`runTargets`,
 * `scanTarget` without policies), shared with `scan`.
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
    const progress = createProgress(stderr);
    const instanceTypeCache = createInstanceTypeCache();
    let statuses: TargetRunStatus[];
    try {
      ({ statuses } = await runTargets(
        {
          selection: config.selection,
          factory,
          scanId,
          store,
          concurrency: config.concurrency,
          now,
          onPlanned: progress.onPlanned,
          onStart: progress.onStart,
          onStatus: progress.onStatus,
        },
        (target) =>
          scanTarget(target, {
            scanId,
            store,
            factory,
            now,
            instanceTypeCache,
            ...(deps.signal ? { signal: deps.signal } : {}),
          }),
      ));
    } catch (error) {
      progress.stop();
      stderr.write(`eks-netscan: ${(error as Error).message.split('\n')[0]}\n`);
      return { scanId, scanDir, statuses: [], exitCode: EXIT.incomplete };
    }
    progress.stop();
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

/**
 * Registers `snapshot` on the program. The action stores its exit code with
 * `setExitCode` instead of touching `process.exitCode`, so tests can call
 * `main()` in-process.
 */
const registerSnapshotCommand = (
  program: Command,
  setExitCode: (code: number) => void,
): Command =>
  addTargetOptions(
    program
      .command('snapshot')
      .description(
        'Collect one network snapshot per target (account x region) and write it with its status to --out.',
      ),
  )
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
