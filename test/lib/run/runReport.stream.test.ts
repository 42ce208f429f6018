/**
 * The report stage streams its large documents to stores that take chunks,
 * with the same bytes as the one-buffer `put` of stores that do not.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../lib/engine/types.js';
import { runReport } from '../../../lib/run/runReport.js';
import { DirStore } from '../../../lib/store/dirStore.js';
import { REPORT_FILES, reportKey } from '../../../lib/store/keys.js';
import { putResults, putStatus } from '../../../lib/store/targetFiles.js';
import type { ChunkSource, ResultStore } from '../../../lib/store/types.js';
import { makeResult } from '../../helpers/results.js';

const SCAN = '2026-11-26T06-00-00Z-cccc';
const NOW = new Date('2026-11-26T06:30:00.000Z');

/** A DirStore that records which keys were streamed and in how many chunks. */
class RecordingStore extends DirStore {
  readonly streamed = new Map<string, number>();

  override async putChunks(key: string, source: ChunkSource): Promise<void> {
    let chunks = 0;
    await super.putChunks(key, async function* () {
      for await (const chunk of source()) {
        chunks += 1;
        yield chunk;
      }
    });
    this.streamed.set(key, chunks);
  }
}

/** The same directory as a store without `putChunks`. */
const plain = (store: DirStore): ResultStore => ({
  put: (key, body) => store.put(key, body),
  get: (key) => store.get(key),
  list: (prefix) => store.list(prefix),
});

/** `count` results per account over 3 accounts: fail, pass, unknown in turn. */
const storeScan = async (store: ResultStore, count: number): Promise<void> => {
  for (const accountId of ['111111111111', '222222222222', '333333333333']) {
    const target = { accountId, region: 'us-east-1' };
    const statuses: Result['status'][] = ['fail', 'pass', 'unknown'];
    const results = Array.from({ length: count }, (_, i) =>
      makeResult({
        scanId: SCAN,
        accountId,
        clusterName: 'prod',
        resourceId: `eni-${i}`,
        status: statuses[i % 3] as Result['status'],
      }),
    );
    await putStatus(store, SCAN, {
      ...target,
      status: 'ok',
      apiCalls: 20,
      callsByAction: {},
      gaps: 0,
      gapDetails: [],
      clusters: 1,
      enis: count,
      durationMs: 1000,
      startedAt: '2026-11-26T06:00:00.000Z',
      finishedAt: '2026-11-26T06:00:01.000Z',
    });
    await putResults(store, SCAN, target, results);
  }
};

let roots: string[];

beforeEach(async () => {
  roots = [
    await mkdtemp(join(tmpdir(), 'stream-a-')),
    await mkdtemp(join(tmpdir(), 'stream-b-')),
  ];
});

afterEach(async () => {
  await Promise.all(
    roots.map((root) => rm(root, { recursive: true, force: true })),
  );
});

describe('runReport streaming', () => {
  it.each([0, 3, 3000])(
    'streams the reports and exports with the bytes of a one-buffer put for %i results per target',
    async (count) => {
      // Prepare
      const streaming = new RecordingStore(roots[0] as string);
      const buffered = new DirStore(roots[1] as string);
      await storeScan(streaming, count);
      await storeScan(buffered, count);

      // Act
      await runReport(SCAN, streaming, { now: () => NOW });
      await runReport(SCAN, plain(buffered), { now: () => NOW });

      // Assess
      expect([...streaming.streamed.keys()].sort()).toEqual(
        [
          'findings.asff.json',
          'findings.ocsf.json',
          'report.html',
          'report.md',
        ].map((file) => reportKey(SCAN, file as never)),
      );
      for (const file of REPORT_FILES) {
        const key = reportKey(SCAN, file);
        const a = Buffer.from((await streaming.get(key)) ?? []);
        const b = Buffer.from((await buffered.get(key)) ?? []);
        expect(a.length).toBeGreaterThan(0);
        expect(Buffer.compare(a, b)).toBe(0);
      }
      const ocsf = JSON.parse(
        Buffer.from(
          (await streaming.get(reportKey(SCAN, 'findings.ocsf.json'))) ?? [],
        ).toString('utf8'),
      ) as unknown[];
      // Failing and unknown results: two in three of each target's.
      expect(ocsf).toHaveLength(3 * (count - Math.floor(count / 3)));
    },
  );

  it('writes the large report in many chunks', async () => {
    // Prepare
    const store = new RecordingStore(roots[0] as string);
    await storeScan(store, 6000);

    // Act
    await runReport(SCAN, store, { now: () => NOW });

    // Assess
    expect(store.streamed.get(reportKey(SCAN, 'report.html'))).toBeGreaterThan(
      5,
    );
    expect(
      store.streamed.get(reportKey(SCAN, 'findings.ocsf.json')),
    ).toBeGreaterThanOrEqual(4);
  });
});
