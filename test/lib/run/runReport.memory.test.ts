/**
 * The report stage over 1,000 targets × 600 results without holding them:
 * a store that synthesises each target's results.jsonl on read, so the
 * measurement covers parsing, counting and diffing, not disk speed.
 */
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../lib/engine/types.js';
import { runReport } from '../../../lib/run/runReport.js';
import {
  LATEST_KEY,
  resultsKey,
  statusKey,
  targetsPrefix,
} from '../../../lib/store/keys.js';
import type { ResultStore, TargetStatus } from '../../../lib/store/types.js';
import { makeResult } from '../../helpers/results.js';

const TARGETS = 1000;
const PER_TARGET = 600;
/** One result in this many fails. */
const FAIL_EVERY = 50;
const SCAN = '2026-11-26T06-00-00Z-0001';

const accountOf = (i: number): string => String(100000000000 + i);

/** Reads synthesise statuses and results; writes are kept (reports only). */
class SyntheticStore implements ResultStore {
  readonly written = new Map<string, Uint8Array>();

  async put(key: string, body: Uint8Array): Promise<void> {
    this.written.set(key, body);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const written = this.written.get(key);
    if (written || key === LATEST_KEY) return written;
    const match =
      /targets\/(\d{12})\/us-east-1\/(status\.json|results\.jsonl|inventory\.json)$/.exec(
        key,
      );
    if (!match) return undefined;
    const accountId = match[1] as string;
    if (match[2] === 'inventory.json') return Buffer.from('[]');
    if (match[2] === 'status.json') {
      const status: TargetStatus = {
        status: 'ok',
        accountId,
        region: 'us-east-1',
        apiCalls: 40,
        callsByAction: {},
        gaps: 0,
        clusters: 1,
        enis: PER_TARGET,
        durationMs: 1000,
        startedAt: '2026-11-26T06:00:00.000Z',
        finishedAt: '2026-11-26T06:00:01.000Z',
      };
      return Buffer.from(JSON.stringify(status));
    }
    let text = '';
    for (let j = 0; j < PER_TARGET; j += 1) {
      const result: Result = makeResult({
        id: `${accountId}-${j}`,
        scanId: SCAN,
        accountId,
        ruleId: `NET-CNI-00${j % 5}`,
        resourceType: 'networkInterface',
        resourceId: `eni-${accountId}-${j}`,
        status: j % FAIL_EVERY === 0 ? 'fail' : 'pass',
      });
      text += `${JSON.stringify(result)}\n`;
    }
    return Buffer.from(text);
  }

  async list(prefix: string): Promise<string[]> {
    if (prefix !== targetsPrefix(SCAN)) return [];
    return Array.from({ length: TARGETS }, (_, i) => ({
      accountId: accountOf(i),
      region: 'us-east-1',
    })).flatMap((t) => [resultsKey(SCAN, t), statusKey(SCAN, t)]);
  }
}

describe('runReport memory', () => {
  it('summarises 1,000 targets × 600 results with memory bound by the failing ones', async () => {
    // Prepare
    global.gc?.();
    const store = new SyntheticStore();
    const before = process.memoryUsage().rss;

    // Act
    const outcome = await runReport(SCAN, store, {
      now: () => new Date('2026-11-26T06:30:00.000Z'),
    });

    // Assess
    expect(outcome.summary.totals.total).toBe(TARGETS * PER_TARGET);
    expect(outcome.summary.totals.fail).toBe(
      TARGETS * (PER_TARGET / FAIL_EVERY),
    );
    // maxRSS (KiB) is the process's peak, renders included; this file runs
    // in a fork of its own.
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const growthMb = peakMb - before / 2 ** 20;
    console.info(
      `report stage: ${TARGETS * PER_TARGET} results, peak RSS ${peakMb.toFixed(0)} MB (+${growthMb.toFixed(0)} MB)`,
    );
    expect(peakMb).toBeLessThan(512);
  });
});
