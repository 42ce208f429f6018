/**
 * Diffs two scans held in a store, reading their results target by target.
 *
 * @module
 */
import type { Result, Status } from '../engine/types.js';
import { diffScans, type PreviousScan } from '../findings/diff.js';
import {
  type FindingRef,
  type ScanDiff,
  toFindingRef,
} from '../findings/types.js';
import { getResults } from '../store/targetFiles.js';
import type { ResultStore, TargetStatus } from '../store/types.js';
import { forEachInOrder } from './forEachInOrder.js';

/** Inputs of {@link diffStoredScans}. */
interface DiffStoredInput {
  readonly store: ResultStore;
  readonly scanId: string;
  /** Statuses of the current scan; only `ok` targets have results. */
  readonly statuses: readonly TargetStatus[];
  /** The previous scan and its statuses; absent on a first scan. */
  readonly previous?: {
    readonly scanId: string;
    readonly statuses: readonly TargetStatus[];
  };
  /** Sees every result of the current scan once, in store order. */
  readonly onResult?: (result: Result) => void;
  /** Targets whose results are read ahead. @default 8 */
  readonly prefetch?: number;
}

const targetKey = (t: { accountId: string; region: string }): string =>
  `${t.accountId}/${t.region}`;

/**
 * Classifies the current scan's failing results against the previous scan
 * without holding either scan's results: the previous scan is read for its
 * failing results, the current scan once (handing each result to
 * `onResult`), and the previous scan again only for the passing results that
 * fail now. Memory is proportional to the failing results.
 *
 * A target counts as complete (absent findings there are `resolved`) when it
 * is `ok` with no gaps; otherwise absent findings are `unverified`.
 *
 * @example
 * const diff = await diffStoredScans({ store, scanId, statuses, previous: { scanId: prevId, statuses: prevStatuses } });
 */
const diffStoredScans = async (input: DiffStoredInput): Promise<ScanDiff> => {
  const { store, scanId } = input;
  const prefetch = Math.max(1, input.prefetch ?? 8);
  const okTargets = input.statuses.filter((s) => s.status === 'ok');
  const previousOk =
    input.previous?.statuses.filter((s) => s.status === 'ok') ?? [];
  const previousId = input.previous?.scanId;

  const previousFailing = new Map<string, FindingRef>();
  if (previousId) {
    await forEachInOrder(
      previousOk,
      (target) => getResults(store, previousId, target),
      (results) => {
        for (const result of results) {
          if (result.status === 'fail') {
            previousFailing.set(result.id, toFindingRef(result));
          }
        }
      },
      prefetch,
    );
  }

  const failingNow: Result[] = [];
  const nowNotFailing: Result[] = [];
  await forEachInOrder(
    okTargets,
    (target) => getResults(store, scanId, target),
    (results) => {
      for (const result of results) {
        input.onResult?.(result);
        if (result.status === 'fail') failingNow.push(result);
        else if (previousFailing.has(result.id)) nowNotFailing.push(result);
      }
    },
    prefetch,
  );

  const statusById = new Map<string, Status>();
  for (const id of previousFailing.keys()) statusById.set(id, 'fail');
  if (previousId && failingNow.length > 0) {
    const failingIds = new Set(failingNow.map((r) => r.id));
    await forEachInOrder(
      previousOk,
      (target) => getResults(store, previousId, target),
      (results) => {
        for (const result of results) {
          if (result.status === 'pass' && failingIds.has(result.id)) {
            statusById.set(result.id, 'pass');
          }
        }
      },
      prefetch,
    );
  }
  const previous: PreviousScan | undefined = previousId
    ? { scanId: previousId, statusById, failing: previousFailing }
    : undefined;
  const complete = new Set(
    okTargets.filter((s) => s.gaps === 0).map(targetKey),
  );
  return diffScans([...failingNow, ...nowNotFailing], previous, complete);
};

export type { DiffStoredInput };
export { diffStoredScans };
