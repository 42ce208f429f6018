/**
 * Diff between two scans: classifies failing results as regressed, new,
 * persisting, resolved or unverified, keyed by the stable result id.
 *
 * @module
 */
import type { Result, Status } from '../engine/types.js';
import { bySeverity } from './severity.js';
import { type FindingRef, type ScanDiff, toFindingRef } from './types.js';

/** What the diff remembers of the previous scan: each result id's status, and the failing ones in full. */
interface PreviousScan {
  readonly scanId: string;
  readonly statusById: ReadonlyMap<string, Status>;
  readonly failing: ReadonlyMap<string, FindingRef>;
}

/**
 * Folds a scan's results into the compact form {@link diffScans} compares
 * against, so the previous scan's results can be streamed, not held.
 *
 * @example
 * const previous = indexPreviousScan('2026-11-25T06-00-00Z-ab12', results);
 */
const indexPreviousScan = (
  scanId: string,
  results: Iterable<Result>,
): PreviousScan => {
  const statusById = new Map<string, Status>();
  const failing = new Map<string, FindingRef>();
  for (const result of results) {
    statusById.set(result.id, result.status);
    if (result.status === 'fail') failing.set(result.id, toFindingRef(result));
  }
  return { scanId, statusById, failing };
};

const order = (a: FindingRef, b: FindingRef): number =>
  bySeverity(a.severity, b.severity) ||
  a.accountId.localeCompare(b.accountId) ||
  a.region.localeCompare(b.region) ||
  (a.clusterName ?? '').localeCompare(b.clusterName ?? '') ||
  a.ruleId.localeCompare(b.ruleId) ||
  a.resourceId.localeCompare(b.resourceId);

/**
 * Classifies the current scan's failing results against the previous scan.
 *
 * A previously failing result that is `unknown` now, or absent because its
 * target could not be scanned completely, is `unverified`, never `resolved`:
 * could not look is not fixed. Absent from a completely scanned target means
 * the resource is gone: `resolved`. Every list is sorted most severe first.
 *
 * @param current - every result of the current scan.
 * @param previous - the previous completed scan, or undefined on a first scan.
 * @param completeTargets - `<accountId>/<region>` of targets scanned without
 *   error this time.
 */
const diffScans = (
  current: Iterable<Result>,
  previous?: PreviousScan,
  completeTargets: ReadonlySet<string> = new Set(),
): ScanDiff => {
  const regressed: FindingRef[] = [];
  const added: FindingRef[] = [];
  const persisting: FindingRef[] = [];
  const resolved: FindingRef[] = [];
  const unverified: FindingRef[] = [];
  const seen = new Set<string>();
  for (const result of current) {
    seen.add(result.id);
    const before = previous?.statusById.get(result.id);
    if (result.status === 'fail') {
      const ref = toFindingRef(result);
      if (before === 'fail') persisting.push(ref);
      else if (before === 'pass') regressed.push(ref);
      else added.push(ref);
    } else if (before === 'fail') {
      const ref = previous?.failing.get(result.id);
      if (!ref) continue;
      if (result.status === 'unknown') unverified.push(ref);
      else resolved.push(ref);
    }
  }
  for (const [id, ref] of previous?.failing ?? []) {
    if (seen.has(id)) continue;
    if (completeTargets.has(`${ref.accountId}/${ref.region}`)) {
      resolved.push(ref);
    } else {
      unverified.push(ref);
    }
  }
  return {
    ...(previous ? { previousScanId: previous.scanId } : {}),
    regressed: regressed.sort(order),
    new: added.sort(order),
    persisting: persisting.sort(order),
    resolved: resolved.sort(order),
    unverified: unverified.sort(order),
  };
};

export type { PreviousScan };
export { diffScans, indexPreviousScan };
