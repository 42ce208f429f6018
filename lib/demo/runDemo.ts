/**
 * The demo: the bundled example organization scanned on two consecutive days
 * through the same pipeline as a real scan (`scanTarget` → store →
 * `runReport`), with the bundled snapshots as the only difference.
 *
 * @module
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultPolicyDirs, loadPolicies } from '../engine/loadPolicies.js';
import { CollectionError } from '../errors.js';
import type { ScanSummary } from '../report/types.js';
import { type ReportOutcome, runReport } from '../run/runReport.js';
import { complianceOf } from '../run/runScan.js';
import { scanTarget } from '../run/scanTarget.js';
import type { SnapshotSource, TargetRunStatus } from '../run/types.js';
import { DirStore } from '../store/dirStore.js';
import { LATEST_KEY, newScanId, reportKey } from '../store/keys.js';
import {
  DEMO_SCAN_TIMES,
  type DemoDay,
  type DemoTarget,
  demoOrganization,
} from './organization.js';

/** Options of {@link runDemo}. */
interface DemoOptions {
  /**
   * Report directory (a `DirStore`).
   * @default './eks-netscan-report'
   */
  readonly out?: string;
  /** Called after each day's report is stored. */
  readonly onDay?: (outcome: DemoDayOutcome) => void;
  /** One-line warnings of the report stage. */
  readonly warn?: (message: string) => void;
}

/** What one demo day produced. */
interface DemoDayOutcome {
  readonly day: DemoDay;
  readonly scanId: string;
  readonly summary: ScanSummary;
  readonly report: ReportOutcome;
  /** Path of the day's `report.html`. */
  readonly reportPath: string;
  /** API calls the bundled snapshots record (what a real scan would make). */
  readonly apiCalls: number;
  readonly statuses: readonly TargetRunStatus[];
}

/** The demo's report directory unless `--out` says otherwise. */
const DEMO_DEFAULT_OUT = './eks-netscan-report';

/** The fixed scan id of a demo day (`2026-11-25T06-00-00Z-de01`). */
const demoScanId = (day: DemoDay): string =>
  newScanId(new Date(DEMO_SCAN_TIMES[day]), () => `de0${day}`);

/**
 * A clock that starts at the day's scan time and advances 250 ms per
 * reading, so durations in `status.json` are plausible and every run
 * writes the same bytes.
 */
const fixedClock = (day: DemoDay): (() => Date) => {
  const start = Date.parse(DEMO_SCAN_TIMES[day]);
  let ticks = 0;
  return () => new Date(start + 250 * ticks++);
};

/** Serves the bundled snapshots; a target marked as failing throws as AWS would. */
const sourceOf = (targets: readonly DemoTarget[]): SnapshotSource => {
  const byKey = new Map(
    targets.map((t) => [`${t.target.accountId}/${t.target.region}`, t]),
  );
  return async (target) => {
    const entry = byKey.get(`${target.accountId}/${target.region}`);
    if (entry?.snapshot) return entry.snapshot;
    throw new CollectionError(
      entry?.failure?.message ?? 'not part of the demo organization',
      {
        accountId: target.accountId,
        region: target.region,
        api: 'AssumeRole',
        ...(entry?.failure ? { errorCode: entry.failure.errorCode } : {}),
      },
    );
  };
};

const readIfExists = async (path: string): Promise<Buffer | undefined> => {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
};

/**
 * Runs the demo: day 1 then day 2 of the bundled organization, each
 * evaluated with the bundled policies and reported (summary, report.html,
 * report.md, digest, OCSF) into a `DirStore`. Day 2 is diffed against day 1.
 *
 * Day 1 is always reported as a first scan, and a `latest.json` of real
 * scans in the same directory is put back afterwards, so real scans keep
 * diffing against real scans.
 *
 * @returns the outcome of both days
 * @example
 * const [, day2] = await runDemo({ out: './eks-netscan-report' });
 * console.log(day2.reportPath);
 */
const runDemo = async (
  options: DemoOptions = {},
): Promise<DemoDayOutcome[]> => {
  const out = options.out ?? DEMO_DEFAULT_OUT;
  const store = new DirStore(out);
  const { policies } = await loadPolicies(defaultPolicyDirs());
  const latestPath = join(out, LATEST_KEY);
  const demoIds = new Set([demoScanId(1), demoScanId(2)]);
  const previous = await readIfExists(latestPath);
  const previousId = previous
    ? (JSON.parse(previous.toString('utf8')) as { scanId?: string }).scanId
    : undefined;
  await rm(latestPath, { force: true });
  const outcomes: DemoDayOutcome[] = [];
  try {
    for (const day of [1, 2] as const) {
      const scanId = demoScanId(day);
      const now = fixedClock(day);
      const startedAt = now().toISOString();
      const targets = demoOrganization(day, scanId);
      const source = sourceOf(targets);
      const statuses: TargetRunStatus[] = [];
      // In plan order, one at a time: the clock ticks the same way every run.
      for (const { target } of targets) {
        statuses.push(
          await scanTarget(target, {
            scanId,
            store,
            source,
            evaluation: { policies },
            now,
          }),
        );
      }
      const report = await runReport(scanId, store, {
        now,
        startedAt,
        compliance: complianceOf(policies),
        knownStatuses: statuses,
        reportLocation: join(
          out,
          ...reportKey(scanId, 'report.html').split('/'),
        ),
        ...(options.warn ? { warn: options.warn } : {}),
      });
      const outcome: DemoDayOutcome = {
        day,
        scanId,
        summary: report.summary,
        report,
        reportPath: join(out, ...reportKey(scanId, 'report.html').split('/')),
        apiCalls: statuses.reduce((sum, s) => sum + s.apiCalls, 0),
        statuses,
      };
      outcomes.push(outcome);
      options.onDay?.(outcome);
    }
  } finally {
    if (previous && previousId !== undefined && !demoIds.has(previousId)) {
      await writeFile(latestPath, previous);
    }
  }
  return outcomes;
};

export type { DemoDayOutcome, DemoOptions };
export { DEMO_DEFAULT_OUT, demoScanId, runDemo };
