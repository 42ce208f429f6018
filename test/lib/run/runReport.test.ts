import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../lib/engine/types.js';
import { SinkError } from '../../../lib/errors.js';
import type { Notification } from '../../../lib/notify/types.js';
import type { ScanSummary } from '../../../lib/report/types.js';
import { runReport } from '../../../lib/run/runReport.js';
import { DirStore } from '../../../lib/store/dirStore.js';
import {
  LATEST_KEY,
  REPORT_FILES,
  reportKey,
  resultsKey,
  statusKey,
  targetsPrefix,
} from '../../../lib/store/keys.js';
import { putResults, putStatus } from '../../../lib/store/targetFiles.js';
import type { ResultStore, TargetStatus } from '../../../lib/store/types.js';
import { makeResult } from '../../helpers/results.js';

const A = '2026-11-25T06-00-00Z-aaaa';
const B = '2026-11-26T06-00-00Z-bbbb';
const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const NOW = new Date('2026-11-26T06:30:00.000Z');

const status = (
  accountId: string,
  overrides: Partial<TargetStatus> = {},
): TargetStatus => ({
  status: 'ok',
  accountId,
  region: 'us-east-1',
  apiCalls: 20,
  callsByAction: {},
  gaps: 0,
  gapDetails: [],
  clusters: 1,
  enis: 3,
  durationMs: 1000,
  startedAt: '2026-11-26T06:00:00.000Z',
  finishedAt: '2026-11-26T06:00:01.000Z',
  ...overrides,
});

/** Stores one scan: a status and results per account. */
const storeScan = async (
  store: ResultStore,
  scanId: string,
  targets: Record<
    string,
    { status?: Partial<TargetStatus>; results: Result[] }
  >,
): Promise<void> => {
  for (const [accountId, target] of Object.entries(targets)) {
    const s = status(accountId, target.status);
    await putStatus(store, scanId, s);
    if (s.status === 'ok') {
      await putResults(
        store,
        scanId,
        s,
        target.results.map((r) => ({ ...r, scanId })),
      );
    }
  }
};

const r = (
  resourceId: string,
  status: Result['status'],
  accountId = ACCOUNT,
): Result => makeResult({ resourceId, status, accountId, clusterName: 'prod' });

let root: string;
let store: DirStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'run-report-'));
  store = new DirStore(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const text = async (key: string): Promise<string> =>
  Buffer.from((await store.get(key)) ?? []).toString('utf8');

describe('runReport', () => {
  it('classifies failures against latest.json: regressed, new, persisting, resolved, unverified', async () => {
    // Prepare: OTHER is scanned with a gap this time, so what vanished there is unverified.
    await storeScan(store, A, {
      [ACCOUNT]: {
        results: [
          r('was-pass', 'pass'),
          r('still-fails', 'fail'),
          r('fixed', 'fail'),
          r('gone', 'fail'),
          r('now-unknown', 'fail'),
        ],
      },
      [OTHER]: { results: [r('vanished-in-gap', 'fail', OTHER)] },
    });
    await store.put(
      LATEST_KEY,
      Buffer.from(JSON.stringify({ scanId: A, finishedAt: 'x' })),
    );
    await storeScan(store, B, {
      [ACCOUNT]: {
        results: [
          r('was-pass', 'fail'),
          r('still-fails', 'fail'),
          r('fixed', 'pass'),
          r('brand-new', 'fail'),
          r('now-unknown', 'unknown'),
        ],
      },
      [OTHER]: { status: { gaps: 1 }, results: [] },
    });

    // Act
    const outcome = await runReport(B, store, { now: () => NOW });

    // Assess
    expect(outcome.previousScanId).toBe(A);
    expect(outcome.summary.diff).toMatchObject({
      previousScanId: A,
      regressed: 1,
      new: 1,
      persisting: 1,
      resolved: 2,
      unverified: 2,
    });
    const md = await text(reportKey(B, 'report.md'));
    expect(md).toContain('was-pass');
  });

  it('writes every report file, then notifies, then moves latest.json', async () => {
    // Prepare
    await storeScan(store, B, {
      [ACCOUNT]: {
        results: [r('x', 'fail'), r('y', 'unknown'), r('z', 'pass')],
      },
    });
    const order: string[] = [];
    const notifier = {
      notify: async (n: Notification) => {
        order.push(`notify ${n.subject}`);
        for (const file of REPORT_FILES) {
          if (await store.get(reportKey(B, file))) order.push(file);
        }
        if (await store.get(LATEST_KEY)) order.push('latest');
      },
    };

    // Act
    const outcome = await runReport(B, store, { notifier, now: () => NOW });

    // Assess
    expect(order).toEqual([
      'notify eks-netscan: 1 new high in 1 account',
      ...REPORT_FILES,
    ]);
    expect(outcome.notified).toBe(true);
    expect(outcome.movedLatest).toBe(true);
    expect(JSON.parse(await text(LATEST_KEY))).toEqual({
      scanId: B,
      finishedAt: NOW.toISOString(),
    });
    const ocsf = JSON.parse(await text(reportKey(B, 'findings.ocsf.json'))) as {
      status_id: number;
      compliance: { status: string };
    }[];
    expect(ocsf.map((f) => f.compliance.status)).toEqual(['Fail', 'Unknown']);
    const asff = JSON.parse(await text(reportKey(B, 'findings.asff.json'))) as {
      Compliance: { Status: string };
    }[];
    expect(asff.map((f) => f.Compliance.Status)).toEqual([
      'FAILED',
      'NOT_AVAILABLE',
    ]);
  });

  it('reports a scan in which every target failed but leaves latest.json alone', async () => {
    // Prepare
    await store.put(
      LATEST_KEY,
      Buffer.from(JSON.stringify({ scanId: A, finishedAt: 'x' })),
    );
    await storeScan(store, A, { [ACCOUNT]: { results: [r('x', 'fail')] } });
    await storeScan(store, B, {
      [ACCOUNT]: {
        status: { status: 'error', reason: 'AccessDenied: no' },
        results: [],
      },
    });

    // Act
    const outcome = await runReport(B, store, { now: () => NOW });

    // Assess
    expect(outcome.movedLatest).toBe(false);
    expect(JSON.parse(await text(LATEST_KEY)).scanId).toBe(A);
    const summary = JSON.parse(
      await text(reportKey(B, 'summary.json')),
    ) as ScanSummary;
    expect(summary.coverage.failed).toEqual([
      { accountId: ACCOUNT, region: 'us-east-1', reason: 'AccessDenied: no' },
    ]);
    expect(summary.diff.unverified).toBe(1);
  });

  it('re-running a scan id diffs against the scan before it, not against itself', async () => {
    // Prepare
    await storeScan(store, A, { [ACCOUNT]: { results: [r('x', 'fail')] } });
    await storeScan(store, B, { [ACCOUNT]: { results: [r('x', 'fail')] } });
    await store.put(
      LATEST_KEY,
      Buffer.from(JSON.stringify({ scanId: A, finishedAt: 'x' })),
    );
    await runReport(B, store, { now: () => NOW });

    // Act
    const again = await runReport(B, store, { now: () => NOW });

    // Assess
    expect(again.previousScanId).toBe(A);
    expect(again.summary.diff.persisting).toBe(1);
    expect(JSON.parse(await text(LATEST_KEY))).toEqual({
      scanId: B,
      finishedAt: NOW.toISOString(),
      previousScanId: A,
    });
  });

  it('keeps the reports and moves latest.json when the notifier fails, and says why', async () => {
    // Prepare
    await storeScan(store, B, { [ACCOUNT]: { results: [r('x', 'fail')] } });
    const notifier = {
      notify: async () => {
        throw new SinkError(
          'cannot publish to arn:aws:sns:us-east-1:111111111111:t: AuthorizationError: no',
        );
      },
    };

    // Act
    const outcome = await runReport(B, store, { notifier, now: () => NOW });

    // Assess
    expect(outcome.notified).toBe(false);
    expect(outcome.notifyError).toMatch(/^cannot publish to arn:aws:sns/);
    expect(outcome.movedLatest).toBe(true);
    expect(await store.get(reportKey(B, 'report.html'))).toBeDefined();
  });

  it('counts a target the pool knew of but whose status.json is missing as failed', async () => {
    // Prepare
    await storeScan(store, B, { [ACCOUNT]: { results: [r('x', 'pass')] } });
    const lost = {
      ...status(OTHER),
      status: 'error' as const,
      reason: 'SinkError: cannot write',
    };

    // Act
    const outcome = await runReport(B, store, {
      knownStatuses: [lost],
      now: () => NOW,
    });

    // Assess
    expect(outcome.summary.coverage.targets).toBe(2);
    expect(outcome.summary.coverage.failed[0]?.accountId).toBe(OTHER);
    expect(await store.list(targetsPrefix(B))).toEqual([
      resultsKey(B, status(ACCOUNT)),
      statusKey(B, status(ACCOUNT)),
    ]);
  });

  it('sums waiver uses across targets and lists each expired waiver once', async () => {
    // Prepare
    const waiver = {
      rule: 'NET-EP-001',
      resource: 'prod',
      reason: 'migration',
      owner: 'net@example.com',
      expires: '2026-12-31',
    };
    const old = { ...waiver, resource: 'old', expires: '2026-01-01' };
    await storeScan(store, B, {
      [ACCOUNT]: {
        status: {
          waivers: { used: [{ ...waiver, results: 2 }], expired: [old] },
        },
        results: [r('x', 'pass')],
      },
      [OTHER]: {
        status: {
          waivers: { used: [{ ...waiver, results: 1 }], expired: [old] },
        },
        results: [r('y', 'pass', OTHER)],
      },
    });

    // Act
    const outcome = await runReport(B, store, { now: () => NOW });

    // Assess
    expect(outcome.summary.waivers).toEqual({
      used: [{ ...waiver, results: 3 }],
      expired: [old],
    });
  });
});
