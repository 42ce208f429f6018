/**
 * Types of the findings layer: the compact form of a failing result kept
 * across scans, and the diff between two scans.
 *
 * @module
 */
import type { Result, Severity } from '../engine/types.js';

/** How a result of the current scan relates to the previous scan. */
type DiffClass =
  /** Failing now, was passing before (pass → fail). */
  | 'regressed'
  /** Failing now, not failing before (absent, unknown or skipped then). */
  | 'new'
  /** Failing in both scans. */
  | 'persisting'
  /** Failing before, passing or skipped now. */
  | 'resolved'
  /** Failing before, `unknown` or not evaluated now: it may still fail. */
  | 'unverified';

/** The fields of a result the diff and the digest need. */
interface FindingRef {
  readonly id: string;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly accountId: string;
  readonly region: string;
  readonly clusterName?: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly message: string;
  readonly waived: boolean;
}

/** Failing results classified against the previous scan. */
interface ScanDiff {
  /** Scan the current one was compared with; absent on a first scan. */
  readonly previousScanId?: string;
  readonly regressed: FindingRef[];
  readonly new: FindingRef[];
  readonly persisting: FindingRef[];
  readonly resolved: FindingRef[];
  readonly unverified: FindingRef[];
}

/** Keeps only what the diff needs from a result. */
const toFindingRef = (result: Result): FindingRef => ({
  id: result.id,
  ruleId: result.ruleId,
  title: result.title,
  severity: result.severity,
  accountId: result.accountId,
  region: result.region,
  ...(result.clusterName === undefined
    ? {}
    : { clusterName: result.clusterName }),
  resourceType: result.resourceType,
  resourceId: result.resourceId,
  message: result.message,
  waived: result.waiver !== undefined,
});

export type { DiffClass, FindingRef, ScanDiff };
export { toFindingRef };
