/**
 * Reads and writes the per-target files of a scan (`snapshot.json.gz`,
 * `results.jsonl`, `inventory.json`, `status.json`) in any
 * {@link ResultStore}, so every store holds the same bytes.
 *
 * @module
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Result } from '../engine/types.js';
import type { ClusterInventory } from '../report/types.js';
import type { Snapshot, Target } from '../snapshot/types.js';
import { inventoryKey, resultsKey, snapshotKey, statusKey } from './keys.js';
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

/**
 * Writes a target's results as JSON Lines, one Result per line, in the order
 * given (evaluate's stable order).
 *
 * @returns The key written.
 */
const putResults = async (
  store: ResultStore,
  scanId: string,
  target: Pick<Target, 'accountId' | 'region'>,
  results: readonly Result[],
): Promise<string> => {
  const key = resultsKey(scanId, target);
  let text = '';
  for (const result of results) text += `${JSON.stringify(result)}\n`;
  await store.put(key, Buffer.from(text));
  return key;
};

/**
 * Reads a target's `results.jsonl`; an empty list when none was written
 * (a failed target has no results).
 */
const getResults = async (
  store: ResultStore,
  scanId: string,
  target: Pick<Target, 'accountId' | 'region'>,
): Promise<Result[]> => {
  const bytes = await store.get(resultsKey(scanId, target));
  if (!bytes) return [];
  const results: Result[] = [];
  for (const line of Buffer.from(bytes).toString('utf8').split('\n')) {
    if (line !== '') results.push(JSON.parse(line) as Result);
  }
  return results;
};

/** Writes a target's per-cluster inventory (`inventory.json`). */
const putInventory = async (
  store: ResultStore,
  scanId: string,
  target: Pick<Target, 'accountId' | 'region'>,
  inventory: readonly ClusterInventory[],
): Promise<string> => {
  const key = inventoryKey(scanId, target);
  await store.put(key, Buffer.from(`${JSON.stringify(inventory)}\n`));
  return key;
};

/** Reads a target's inventory; an empty list when none was written. */
const getInventory = async (
  store: ResultStore,
  scanId: string,
  target: Pick<Target, 'accountId' | 'region'>,
): Promise<ClusterInventory[]> => {
  const bytes = await store.get(inventoryKey(scanId, target));
  if (!bytes) return [];
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as ClusterInventory[];
};

export {
  getInventory,
  getResults,
  getSnapshot,
  getStatus,
  putInventory,
  putResults,
  putSnapshot,
  putStatus,
};
