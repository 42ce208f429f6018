import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
} from '../../../lib/snapshot/types.js';
import { DirStore } from '../../../lib/store/dirStore.js';
import {
  getSnapshot,
  getStatus,
  putSnapshot,
  putStatus,
} from '../../../lib/store/targetFiles.js';
import type { TargetStatus } from '../../../lib/store/types.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dirstore-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const scanId = '2026-11-26T10-38-02Z-3fa1';
const target = { accountId: '111122223333', region: 'eu-west-1' };

describe('DirStore', () => {
  it('writes, overwrites, reads and lists keys as files, leaving no temporary files', async () => {
    // Prepare
    const store = new DirStore(root);

    // Act
    await store.put('scans/a/one.txt', Buffer.from('first'));
    await store.put('scans/a/one.txt', Buffer.from('second'));
    await store.put('scans/b/two.txt', Buffer.from('x'));
    await store.put('latest.json', Buffer.from('{}'));

    // Assess
    expect(
      Buffer.from((await store.get('scans/a/one.txt')) ?? []).toString(),
    ).toBe('second');
    expect(await readFile(join(root, 'scans', 'a', 'one.txt'), 'utf8')).toBe(
      'second',
    );
    expect(await store.get('scans/missing.txt')).toBeUndefined();
    expect(await store.list('scans/')).toEqual([
      'scans/a/one.txt',
      'scans/b/two.txt',
    ]);
    expect(await store.list('')).toEqual([
      'latest.json',
      'scans/a/one.txt',
      'scans/b/two.txt',
    ]);
    expect(await readdir(join(root, 'scans', 'a'))).toEqual(['one.txt']);
  });

  it('lists nothing for a root that does not exist yet', async () => {
    // Act + Assess
    expect(await new DirStore(join(root, 'nope')).list('')).toEqual([]);
  });

  it.each(['../escape.txt', '/etc/passwd', ''])(
    'refuses the key %j that would leave the root',
    async (key) => {
      // Act + Assess
      await expect(
        new DirStore(root).put(key, Buffer.from('x')),
      ).rejects.toThrow(/escapes/);
    },
  );
});

describe('putSnapshot and putStatus', () => {
  it('store a gzipped snapshot and a readable status under the target keys', async () => {
    // Prepare
    const store = new DirStore(root);
    const snapshot: Snapshot = {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      scanId,
      target,
      collectedAt: '2026-11-26T10:38:02.000Z',
      clusters: [],
      gaps: [],
      stats: {
        apiCalls: 3,
        callsByAction: { 'eks:ListClusters': 3 },
        durationMs: 5,
      },
    };
    const status: TargetStatus = {
      status: 'ok',
      ...target,
      apiCalls: 3,
      callsByAction: { 'eks:ListClusters': 3 },
      gaps: 0,
      clusters: 0,
      enis: 0,
      durationMs: 5,
      startedAt: '2026-11-26T10:38:02.000Z',
      finishedAt: '2026-11-26T10:38:02.005Z',
    };

    // Act
    const snapshotKey = await putSnapshot(store, snapshot);
    const statusKey = await putStatus(store, scanId, status);

    // Assess
    const dir = join(
      root,
      'scans',
      scanId,
      'targets',
      '111122223333',
      'eu-west-1',
    );
    expect(
      JSON.parse(
        gunzipSync(await readFile(join(dir, 'snapshot.json.gz'))).toString(),
      ),
    ).toEqual(snapshot);
    expect(
      JSON.parse(await readFile(join(dir, 'status.json'), 'utf8')),
    ).toEqual(status);
    expect(await getSnapshot(store, scanId, target)).toEqual(snapshot);
    expect(await getStatus(store, scanId, target)).toEqual(status);
    expect(await store.list(`scans/${scanId}/`)).toEqual(
      [snapshotKey, statusKey].sort(),
    );
  });
});
