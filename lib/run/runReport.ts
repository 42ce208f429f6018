/**
 * The report stage of a scan: reads every target's status and results back
 * from the store, diffs against the previous completed scan, writes the
 * summary and the reports, notifies, and moves `latest.json`.
 *
 * @module
 */
import type { Result, Waiver, WaiverUse } from '../engine/types.js';
import { type ComplianceLookup, toAsff, toOcsf } from '../findings/ocsf.js';
import { bySeverity } from '../findings/severity.js';
import { type FindingRef, toFindingRef } from '../findings/types.js';
import type { Notifier } from '../notify/types.js';
import {
  type DigestOptions,
  renderDigest,
  severityAttributes,
} from '../report/digest.js';
import { renderHtmlChunks } from '../report/html.js';
import { renderMarkdownChunks } from '../report/markdown.js';
import { SummaryBuilder } from '../report/summarize.js';
import type {
  ClusterInventory,
  FindingDetail,
  ScanSummary,
  TargetOutcome,
} from '../report/types.js';
import { putChunks, utf8Chunks } from '../store/chunks.js';
import {
  LATEST_KEY,
  type ReportFile,
  reportKey,
  targetsPrefix,
} from '../store/keys.js';
import { getInventory, getResults, getStatus } from '../store/targetFiles.js';
import type { ResultStore, TargetStatus } from '../store/types.js';
import { diffStoredScans } from './diffStoredScans.js';
import { forEachInOrder, mapInOrder } from './forEachInOrder.js';
import type { TargetRunStatus } from './types.js';

/** Content of `latest.json`. */
interface LatestPointer {
  /** The last scan whose report was written with at least one target ok. */
  readonly scanId: string;
  readonly finishedAt: string;
  /** The scan that one was diffed against (lets a re-run of it diff again). */
  readonly previousScanId?: string;
}

/** Options of {@link runReport}. */
interface ReportOptions {
  /** Wall clock: `finishedAt` and the time of exported findings. @default () => new Date() */
  readonly now?: () => Date;
  /** Start of the scan. @default the earliest target start */
  readonly startedAt?: string;
  /** Compliance mappings of each rule, from the loaded policies. */
  readonly compliance?: ComplianceLookup;
  /** Receives the digest after everything is stored. */
  readonly notifier?: Notifier;
  /** Where the digest says the full report is. @default the store key of report.html */
  readonly reportLocation?: string;
  /** @default '0.1.0' */
  readonly productVersion?: string;
  readonly digest?: Omit<DigestOptions, 'reportLocation'>;
  /** One-line warnings (a missing previous scan). @default none */
  readonly warn?: (message: string) => void;
  /**
   * Statuses the caller knows but the store may lack (their `status.json`
   * could not be written); counted as failed targets when absent.
   */
  readonly knownStatuses?: readonly TargetRunStatus[];
  /** Results read ahead per target while the previous one is folded in. @default 8 */
  readonly prefetch?: number;
}

/** What {@link runReport} did. */
interface ReportOutcome {
  readonly summary: ScanSummary;
  readonly subject: string;
  /** Keys written, report files first, then `latest.json` when moved. */
  readonly keys: readonly string[];
  /** True when `latest.json` now points at this scan. */
  readonly movedLatest: boolean;
  /** Previous scan diffed against; absent on a first scan. */
  readonly previousScanId?: string;
  /** True when the notifier accepted the digest. */
  readonly notified: boolean;
  /** Why notifying failed (reports and `latest.json` are written anyway). */
  readonly notifyError?: string;
}

const targetKey = (t: { accountId: string; region: string }): string =>
  `${t.accountId}/${t.region}`;

/** Every `status.json` of a scan, sorted by account and region. */
const readStatuses = async (
  store: ResultStore,
  scanId: string,
  prefetch: number,
): Promise<TargetStatus[]> => {
  const keys = (await store.list(targetsPrefix(scanId))).filter((key) =>
    key.endsWith('/status.json'),
  );
  const statuses: TargetStatus[] = [];
  await forEachInOrder(
    keys,
    async (key) => {
      const [accountId = '', region = ''] = key
        .slice(targetsPrefix(scanId).length)
        .split('/');
      return getStatus(store, scanId, { accountId, region });
    },
    (status) => {
      if (status) statuses.push(status);
    },
    prefetch,
  );
  return statuses;
};

/**
 * Reads `latest.json`; `undefined` when it is missing or unreadable (a
 * corrupt pointer is treated like a first scan, not a crash).
 */
const readLatest = async (
  store: ResultStore,
): Promise<LatestPointer | undefined> => {
  const bytes = await store.get(LATEST_KEY);
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    const scanId = (value as { scanId?: unknown } | null)?.scanId;
    return typeof scanId === 'string' ? (value as LatestPointer) : undefined;
  } catch {
    return undefined;
  }
};

const detailOf = (result: Result): FindingDetail => ({
  ...toFindingRef(result),
  evidence: result.evidence,
  remediation: result.remediation,
  references: result.references,
  ...(result.waiver ? { waiver: result.waiver } : {}),
});

const detailOrder = (a: FindingRef, b: FindingRef): number =>
  bySeverity(a.severity, b.severity) ||
  a.accountId.localeCompare(b.accountId) ||
  a.region.localeCompare(b.region) ||
  (a.clusterName ?? '').localeCompare(b.clusterName ?? '') ||
  a.ruleId.localeCompare(b.ruleId) ||
  a.resourceId.localeCompare(b.resourceId);

const outcomeOf = (status: TargetStatus): TargetOutcome => ({
  accountId: status.accountId,
  ...(status.accountName ? { accountName: status.accountName } : {}),
  region: status.region,
  status: status.status,
  ...(status.reason ? { reason: status.reason } : {}),
  gaps: status.gapDetails ?? [],
  apiCalls: status.apiCalls,
  durationMs: status.durationMs,
  clusters: status.clusters,
});

/**
 * A JSON array with one element per line (diffable), as bytes: the elements
 * of each batch joined, the batches streamed, never the whole array at once.
 */
async function* jsonArrayChunks(
  batches: AsyncIterable<readonly string[]>,
): AsyncGenerator<Uint8Array> {
  let first = true;
  for await (const items of batches) {
    if (items.length === 0) continue;
    yield Buffer.from(`${first ? '[\n' : ',\n'}${items.join(',\n')}`);
    first = false;
  }
  yield Buffer.from(first ? '[]\n' : '\n]\n');
}

/**
 * Runs the report stage of scan `scanId` over what the store holds.
 *
 * Memory stays proportional to the failing results: results are read back
 * target by target, counted into the summary and dropped unless they fail
 * (kept as the details the HTML and Markdown reports show). The previous
 * scan (`latest.json`) is read twice, keeping only its failing results and
 * the passing ones that fail now. Documents are stored one at a time, each
 * streamed (`putChunks`) as it is rendered; the OCSF and ASFF exports
 * (failing and unknown results) re-read the scan's results a target at a
 * time. No document is held whole, so the largest allocation is a chunk
 * (about 256 KiB of text, or one target's exported findings).
 *
 * Order: reports are stored first (`summary.json`, `digest.txt`,
 * `report.md`, `report.html`, `findings.ocsf.json`, `findings.asff.json`),
 * then the notifier is called, then `latest.json` moves to this scan. It
 * moves only when at least one target is ok: a scan in which every target
 * failed still gets a report, but the next scan keeps diffing against the
 * last useful one. A `latest.json` naming a scan that is not in the store
 * is warned about and the scan is treated as a first scan.
 *
 * @example
 * const outcome = await runReport(scanId, store, { notifier, compliance });
 */
const runReport = async (
  scanId: string,
  store: ResultStore,
  options: ReportOptions = {},
): Promise<ReportOutcome> => {
  const now = options.now ?? (() => new Date());
  const warn = options.warn ?? (() => {});
  const prefetch = Math.max(1, options.prefetch ?? 8);

  const statuses = await readStatuses(store, scanId, prefetch);
  const stored = new Set(statuses.map(targetKey));
  for (const known of options.knownStatuses ?? []) {
    if (stored.has(targetKey(known))) continue;
    statuses.push({
      ...known,
      status: 'error',
      reason: known.reason ?? 'status.json could not be stored',
      callsByAction: {},
    });
  }
  const okTargets = statuses.filter((s) => s.status === 'ok');

  const latest = await readLatest(store);
  let previousScanId =
    latest?.scanId === scanId ? latest.previousScanId : latest?.scanId;
  let previousStatuses: TargetStatus[] = [];
  if (previousScanId) {
    previousStatuses = await readStatuses(store, previousScanId, prefetch);
    if (previousStatuses.length === 0) {
      warn(
        `latest.json points at scan ${previousScanId}, which is not in the store; diffing as a first scan`,
      );
      previousScanId = undefined;
    }
  }

  const used = new Map<string, WaiverUse>();
  const expired = new Map<string, Waiver>();
  for (const status of okTargets) {
    for (const use of status.waivers?.used ?? []) {
      const { results: count, ...waiver } = use;
      const key = JSON.stringify(waiver);
      used.set(key, { ...use, results: (used.get(key)?.results ?? 0) + count });
    }
    for (const waiver of status.waivers?.expired ?? []) {
      expired.set(JSON.stringify(waiver), waiver);
    }
  }
  // Every result is counted into the summary; only the failing ones are
  // kept, and only as the details the reports show.
  const builder = new SummaryBuilder();
  const failingDetails: FindingDetail[] = [];
  const diff = await diffStoredScans({
    store,
    scanId,
    statuses,
    ...(previousScanId
      ? { previous: { scanId: previousScanId, statuses: previousStatuses } }
      : {}),
    onResult: (result) => {
      builder.add(result);
      if (result.status === 'fail') failingDetails.push(detailOf(result));
    },
    prefetch,
  });

  const inventory: ClusterInventory[] = [];
  await forEachInOrder(
    okTargets,
    (target) => getInventory(store, scanId, target),
    (clusters) => {
      inventory.push(...clusters);
    },
    prefetch,
  );

  const finished = now();
  const startedAt =
    options.startedAt ??
    statuses.map((s) => s.startedAt).sort()[0] ??
    finished.toISOString();
  const summary = builder.build({
    scanId,
    startedAt,
    finishedAt: finished.toISOString(),
    outcomes: statuses.map(outcomeOf),
    diff,
    waivers: { used: [...used.values()], expired: [...expired.values()] },
  });
  const failing = failingDetails.sort(detailOrder);
  const digest = renderDigest(summary, diff, {
    ...options.digest,
    reportLocation: options.reportLocation ?? reportKey(scanId, 'report.html'),
  });
  const exportOptions = {
    now: finished,
    productVersion: options.productVersion ?? '0.1.0',
    ...(options.compliance ? { compliance: options.compliance } : {}),
  };
  const reportInput = { summary, diff, failing, inventory };
  const keys: string[] = [];
  const put = async (file: ReportFile, bytes: Uint8Array): Promise<void> => {
    const key = reportKey(scanId, file);
    await store.put(key, bytes);
    keys.push(key);
  };
  const stream = async (
    file: ReportFile,
    source: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<void> => {
    const key = reportKey(scanId, file);
    await putChunks(store, key, source);
    keys.push(key);
  };
  // One document at a time, each streamed to the store as it is rendered:
  // no document is ever whole in memory (unless the store lacks putChunks).
  await put(
    'summary.json',
    Buffer.from(`${JSON.stringify(summary, null, 2)}\n`),
  );
  await put('digest.txt', Buffer.from(`${digest.subject}\n\n${digest.body}`));
  await stream('report.md', () =>
    utf8Chunks(renderMarkdownChunks(reportInput)),
  );
  await stream('report.html', () => utf8Chunks(renderHtmlChunks(reportInput)));
  // The exports cover failing and unknown results; they are re-read from the
  // store target by target and serialised a target at a time.
  const exportChunks = (
    map: (result: Result) => object,
  ): AsyncGenerator<Uint8Array> =>
    jsonArrayChunks(
      (async function* () {
        for await (const results of mapInOrder(
          okTargets,
          (target) => getResults(store, scanId, target),
          prefetch,
        )) {
          const items: string[] = [];
          for (const result of results) {
            if (result.status === 'fail' || result.status === 'unknown') {
              items.push(JSON.stringify(map(result)));
            }
          }
          yield items;
        }
      })(),
    );
  await stream('findings.ocsf.json', () =>
    exportChunks((r) => toOcsf(r, exportOptions)),
  );
  await stream('findings.asff.json', () =>
    exportChunks((r) => toAsff(r, exportOptions)),
  );

  // Everything is stored: only now may anyone be told.
  let notified = false;
  let notifyError: string | undefined;
  if (options.notifier) {
    try {
      await options.notifier.notify({
        subject: digest.subject,
        body: digest.body,
        attributes: severityAttributes(summary),
      });
      notified = true;
    } catch (error) {
      notifyError = (error as Error).message ?? String(error);
    }
  }

  const movedLatest = okTargets.length > 0;
  if (movedLatest) {
    const pointer: LatestPointer = {
      scanId,
      finishedAt: finished.toISOString(),
      ...(previousScanId ? { previousScanId } : {}),
    };
    await store.put(
      LATEST_KEY,
      Buffer.from(`${JSON.stringify(pointer, null, 2)}\n`),
    );
    keys.push(LATEST_KEY);
  }
  return {
    summary,
    subject: digest.subject,
    keys,
    movedLatest,
    ...(previousScanId ? { previousScanId } : {}),
    notified,
    ...(notifyError ? { notifyError } : {}),
  };
};

export type { LatestPointer, ReportOptions, ReportOutcome };
export { readLatest, readStatuses, runReport };
