/**
 * Plans the targets of a scan and runs a worker over them in a bounded pool:
 * the orchestration `snapshot` and `scan` share.
 *
 * @module
 */
import pLimit from 'p-limit';
import type { ClientFactory } from '../aws/clientFactory.js';
import type { Target } from '../snapshot/types.js';
import { putStatus } from '../store/targetFiles.js';
import type { ResultStore } from '../store/types.js';
import { planTargets } from '../targets/planTargets.js';
import type { TargetPlan, TargetSelection } from '../targets/types.js';
import { errorStatus, toRunStatus } from './targetStatus.js';
import type { TargetRunStatus } from './types.js';

/** Progress callbacks of {@link runTargets} (the CLI draws its bar from them). */
interface RunProgress {
  /** Once, after planning: how many targets will report a status. */
  readonly onPlanned?: (total: number, plan: TargetPlan) => void;
  /** A target starts. */
  readonly onStart?: (target: Target) => void;
  /** A target finished (ok or error). */
  readonly onStatus?: (status: TargetRunStatus) => void;
}

/** Inputs of {@link runTargets}. */
interface RunTargetsInput extends RunProgress {
  readonly selection: TargetSelection;
  readonly factory: ClientFactory;
  readonly scanId: string;
  readonly store: ResultStore;
  /** Targets in flight at once (per-account limits live in `lib/aws`). */
  readonly concurrency: number;
  /** Wall clock. @default () => new Date() */
  readonly now?: () => Date;
}

/** Outcome of {@link runTargets}. */
interface RunTargetsOutput {
  readonly plan: TargetPlan;
  /** One per planned target and per plan failure, in completion order. */
  readonly statuses: TargetRunStatus[];
}

/**
 * Plans the targets (`planTargets`: Organizations and caller-identity
 * failures throw, nothing is scanned), stores an error status for every
 * account that could not be planned, then runs `work` over the targets with
 * at most `concurrency` in flight. A worker that throws (only its store can
 * make it) counts as a failed target; the others go on.
 *
 * @example
 * const { statuses } = await runTargets(
 *   { selection, factory, scanId, store, concurrency: 8 },
 *   (target) => scanTarget(target, deps),
 * );
 */
const runTargets = async (
  input: RunTargetsInput,
  work: (target: Target) => Promise<TargetRunStatus>,
): Promise<RunTargetsOutput> => {
  const now = input.now ?? (() => new Date());
  const plan = await planTargets(input.selection, input.factory);
  input.onPlanned?.(plan.targets.length + plan.failures.length, plan);
  const statuses: TargetRunStatus[] = [];
  const report = (status: TargetRunStatus): void => {
    statuses.push(status);
    input.onStatus?.(status);
  };
  for (const failure of plan.failures) {
    const at = now();
    const status = errorStatus(failure.target, failure.error, at, at);
    try {
      await putStatus(input.store, input.scanId, status);
    } catch {
      // The status is still reported; the report stage lists it as failed.
    }
    report(toRunStatus(status));
  }
  const limit = pLimit(input.concurrency);
  await Promise.all(
    plan.targets.map((target) =>
      limit(async () => {
        const startedAt = now();
        input.onStart?.(target);
        try {
          report(await work(target));
        } catch (error) {
          report(toRunStatus(errorStatus(target, error, startedAt, now())));
        }
      }),
    ),
  );
  return { plan, statuses };
};

export type { RunProgress, RunTargetsInput, RunTargetsOutput };
export { runTargets };
