/**
 * Reads and writes the per-target files of a scan (`snapshot.json.gz`,
 * `status.json`) in any {@link ResultStore}, so every store holds the same
 * bytes.
 *
 * @module
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Snapshot, Target } from '../snapshot/types.js';
import { snapshotKey, statusKey } from './keys.js';
import type { ResultStore, TargetStatus } from './types.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Writes a snapshot as gzipped JSON under its target's `snapshot.json.gz`.
 *
 * @returns The key written.
 */
const putSnapshot = async (
  store: ResultStore,
  snapshot: Snapshot,
): Promise<string> => {
  const key = snapshotKey(snapshot.scanId, snapshot.target);
  const json = Buffer.from(`${JSON.stringify(snapshot)}\n`);
  await store.put(key, await gzipAsync(json));
  return key;
};

/** Reads a target's snapshot, or `undefined` when none was written. */
const getSnapshot = async (
  store: ResultStore,
  scanId: string,
  target: Pick<Target, 'accountId' | 'region'>,
): Promise<Snapshot | undefined> => {
  const bytes = await store.get(snapshotKey(scanId, target));
  if (!bytes) return undefined;
  return JSON.parse((await gunzipAsync(bytes)).toString('utf8')) as Snapshot;
};

/**
 * Writes a target's `status.json` (pretty-printed; people read it).
 *
 * @returns The key written.
 */
const putStatus = async (
  store: ResultStore,
  scanId: string,
  status: TargetStatus,
): Promise<string> => {
  const key = statusKey(scanId, status);
  await store.put(key, Buffer.from(`${JSON.stringify(status, null, 2)}\n`));
  return key;
};

/** Reads a target's `status.json`, or `undefined` when none was written. */
const getStatus = async (
  store: ResultStore,
  scanId: string,
  target: Pick<Target, 'accountId' | 'region'>,
): Promise<TargetStatus | undefined> => {
  const bytes = await store.get(statusKey(scanId, target));
  if (!bytes) return undefined;
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as TargetStatus;
};

export { getSnapshot, getStatus, putSnapshot, putStatus };
