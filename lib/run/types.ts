/**
 * Types of the scan orchestration shared by the CLI and the Lambda handlers.
 *
 * @module
 */
import type { ClientFactory } from '../aws/clientFactory.js';
import type { CollectOptions, InstanceTypeCache } from '../collect/types.js';
import type { CompiledPolicy, ParamsFile, WaiverSet } from '../engine/types.js';
import type { Snapshot, Target } from '../snapshot/types.js';
import type { ResultStore, TargetStatus } from '../store/types.js';

/**
 * The small status {@link scanTarget} returns: `status.json` without the
 * per-action call counts, gap list and waivers (those stay in the store).
 */
type TargetRunStatus = Omit<
  TargetStatus,
  'callsByAction' | 'gapDetails' | 'waivers'
>;

/** How a target's snapshot is evaluated. */
interface EvaluationSetup {
  /** Compiled policies (`loadPolicies`). */
  readonly policies: readonly CompiledPolicy[];
  readonly params?: ParamsFile;
  readonly waivers?: WaiverSet;
  /** OUs of each account, root first, for OU-level params. */
  readonly accountOus?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Where a target's snapshot comes from instead of collecting it from AWS
 * (the demo's bundled organization). It may throw: the error becomes the
 * target's `error` status, like a collection failure.
 */
type SnapshotSource = (
  target: Target,
  context: { readonly scanId: string; readonly now: () => Date },
) => Promise<Snapshot>;

/** What {@link scanTarget} works with besides the target. */
interface ScanTargetDeps {
  readonly scanId: string;
  readonly store: ResultStore;
  /** Credentials and per-target clients; not used when `source` is given. */
  readonly factory?: Pick<ClientFactory, 'resolveCredentials' | 'clientsFor'>;
  /**
   * Snapshots from somewhere other than AWS; everything after collection
   * (store, derive, evaluate) stays the same.
   * @default collect with `factory`'s clients
   */
  readonly source?: SnapshotSource;
  /**
   * Policies to evaluate; without them the target is only collected
   * (`eks-netscan snapshot`).
   */
  readonly evaluation?: EvaluationSetup;
  /** Wall clock. @default () => new Date() */
  readonly now?: () => Date;
  /** Shared by the targets of a scan. */
  readonly instanceTypeCache?: InstanceTypeCache;
  /** Stops issuing calls; what is missing becomes `Aborted` gaps. */
  readonly signal?: AbortSignal;
  readonly collectOptions?: Readonly<Partial<CollectOptions>>;
}

export type {
  EvaluationSetup,
  ScanTargetDeps,
  SnapshotSource,
  TargetRunStatus,
};
