/**
 * A whole scan in one process: plan → bounded pool of {@link scanTarget} →
 * report stage. The CLI's `scan` runs this; the Lambdas run the same steps
 * one function each.
 *
 * @module
 */
import {
  type ClientFactory,
  type ClientFactoryOptions,
  createClientFactory,
} from '../aws/clientFactory.js';
import { createInstanceTypeCache } from '../collect/instanceTypeCache.js';
import type { Notifier } from '../notify/types.js';
import { newScanId } from '../store/keys.js';
import type { ResultStore } from '../store/types.js';
import type { TargetPlan, TargetSelection } from '../targets/types.js';
import { resolveAccountOus } from './accountOus.js';
import { complianceOf } from './compliance.js';
import { type ReportOutcome, runReport } from './runReport.js';
import { type RunProgress, runTargets } from './runTargets.js';
import { scanTarget } from './scanTarget.js';
import type { EvaluationSetup, TargetRunStatus } from './types.js';

/** Validated configuration of one scan. */
interface RunScanConfig {
  readonly selection: TargetSelection;
  /**
   * Targets in flight at once.
   * @default 8
   */
  readonly concurrency?: number;
  readonly externalId?: string;
  readonly profile?: string;
  /** Policies, params and waivers. */
  readonly evaluation: EvaluationSetup;
}

/** Where a scan writes and whom it tells, plus test seams. */
interface RunScanDeps extends RunProgress {
  readonly store: ResultStore;
  readonly notifier?: Notifier;
  /** Client factory; one is made from `factoryOptions` otherwise. */
  readonly factory?: ClientFactory;
  readonly factoryOptions?: Readonly<Partial<ClientFactoryOptions>>;
  /** Wall clock. @default () => new Date() */
  readonly now?: () => Date;
  /** Scan id. @default newScanId(now()) */
  readonly scanId?: string;
  readonly signal?: AbortSignal;
  /** Where the digest says the report is. */
  readonly reportLocation?: string;
  /** One-line warnings of the report stage. */
  readonly warn?: (message: string) => void;
}

/** Outcome of {@link runScan}: small, no results. */
interface RunScanOutput {
  readonly scanId: string;
  readonly plan: TargetPlan;
  readonly statuses: readonly TargetRunStatus[];
  readonly report: ReportOutcome;
  /** Every request of the scan, hub calls included. */
  readonly apiCalls: number;
}

/** The scan's default number of targets in flight. */
const RUN_SCAN_DEFAULTS = { concurrency: 8 } as const;

/**
 * Adds each account's OUs to the evaluation when the params file has OU
 * sections. Organizations failing there is a warning, not a stop: the scan
 * runs with account and default params only.
 */
const withAccountOus = async (
  evaluation: EvaluationSetup,
  factory: ClientFactory,
  warn: ((message: string) => void) | undefined,
): Promise<EvaluationSetup> => {
  const ouIds = Object.keys(evaluation.params?.ous ?? {});
  if (ouIds.length === 0 || evaluation.accountOus) return evaluation;
  try {
    const accountOus = await resolveAccountOus(factory.organizations(), ouIds);
    return { ...evaluation, accountOus };
  } catch (error) {
    warn?.(
      `${(error as Error).message.split('\n')[0]}; OU-level params are not applied`,
    );
    return evaluation;
  }
};

/**
 * Runs one scan: plans the targets, scans each (at most `concurrency` at
 * once; each target's results go to the store as soon as they are
 * evaluated and are not kept), then runs {@link runReport}, which notifies
 * only after every report is stored.
 *
 * @throws CollectionError when nothing can be planned (Organizations or
 *   caller identity failed); per-target failures never throw.
 * @example
 * const { report } = await runScan(config, { store: new DirStore('./eks-netscan-report') });
 */
const runScan = async (
  config: RunScanConfig,
  deps: RunScanDeps,
): Promise<RunScanOutput> => {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const scanId = deps.scanId ?? newScanId(startedAt);
  const ownFactory = deps.factory === undefined;
  const factory =
    deps.factory ??
    createClientFactory({
      ...(config.profile ? { profile: config.profile } : {}),
      ...(config.externalId ? { externalId: config.externalId } : {}),
      scanId,
      ...deps.factoryOptions,
    });
  try {
    const evaluation = await withAccountOus(
      config.evaluation,
      factory,
      deps.warn,
    );
    const instanceTypeCache = createInstanceTypeCache();
    const { plan, statuses } = await runTargets(
      {
        selection: config.selection,
        factory,
        scanId,
        store: deps.store,
        concurrency: config.concurrency ?? RUN_SCAN_DEFAULTS.concurrency,
        now,
        ...(deps.onPlanned ? { onPlanned: deps.onPlanned } : {}),
        ...(deps.onStart ? { onStart: deps.onStart } : {}),
        ...(deps.onStatus ? { onStatus: deps.onStatus } : {}),
      },
      (target) =>
        scanTarget(target, {
          scanId,
          store: deps.store,
          factory,
          evaluation,
          now,
          instanceTypeCache,
          ...(deps.signal ? { signal: deps.signal } : {}),
        }),
    );
    const report = await runReport(scanId, deps.store, {
      now,
      startedAt: startedAt.toISOString(),
      compliance: complianceOf(config.evaluation.policies),
      knownStatuses: statuses,
      ...(deps.notifier ? { notifier: deps.notifier } : {}),
      ...(deps.reportLocation ? { reportLocation: deps.reportLocation } : {}),
      ...(deps.warn ? { warn: deps.warn } : {}),
    });
    return {
      scanId,
      plan,
      statuses,
      report,
      apiCalls: factory.scanCounter.total(),
    };
  } finally {
    if (ownFactory) factory.destroy();
  }
};

export type { RunScanConfig, RunScanDeps, RunScanOutput };
export { complianceOf, RUN_SCAN_DEFAULTS, runScan };
