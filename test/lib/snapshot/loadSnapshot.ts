/**
 * Loads snapshot fixtures from `test/fixtures/snapshots/` for the snapshot
 * tests. Each call returns a fresh copy, so tests change only their own.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from '../../../lib/snapshot/types.js';

const cache = new Map<string, Snapshot>();

/** A private, mutable copy of `test/fixtures/snapshots/<name>.json`. */
const loadSnapshot = (name = 'base'): Mutable<Snapshot> => {
  let snapshot = cache.get(name);
  if (snapshot === undefined) {
    const path = fileURLToPath(
      new URL(`../../fixtures/snapshots/${name}.json`, import.meta.url),
    );
    snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
    cache.set(name, snapshot);
  }
  return structuredClone(snapshot) as Mutable<Snapshot>;
};

/** Removes `readonly` recursively so tests can edit a cloned fixture. */
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** A mutable view of a snapshot for Prepare steps. */
const mutable = (snapshot: Snapshot): Mutable<Snapshot> =>
  snapshot as Mutable<Snapshot>;

/** `value`, or a test failure naming what the fixture lacks. */
const defined = <T>(value: T | undefined | null, what: string): T => {
  if (value === undefined || value === null) {
    throw new Error(`fixture has no ${what}`);
  }
  return value;
};

type MutableSnapshot = Mutable<Snapshot>;
type ListKey = {
  [K in keyof MutableSnapshot]-?: NonNullable<
    MutableSnapshot[K]
  > extends (infer U)[]
    ? U extends object
      ? K
      : never
    : never;
}[keyof MutableSnapshot];
type ItemOf<K extends ListKey> =
  NonNullable<MutableSnapshot[K]> extends (infer U)[] ? U : never;

/**
 * The item of collection `key` whose id field equals `id` (a fixture lookup
 * that fails the test when the item is missing).
 *
 * @example
 * ```ts
 * item(snapshot, 'subnets', 'subnetId', 'subnet-node-a').availableIpAddressCount = 3;
 * ```
 */
const item = <K extends ListKey>(
  snapshot: MutableSnapshot,
  key: K,
  idField: keyof ItemOf<K>,
  id: string,
): ItemOf<K> => {
  const list = (snapshot[key] ?? []) as ItemOf<K>[];
  return defined(
    list.find((entry) => entry[idField] === (id as unknown)),
    `${String(key)} ${id}`,
  );
};

/** The first (base: only) cluster of a snapshot. */
const clusterOf = (snapshot: MutableSnapshot) =>
  defined(snapshot.clusters?.[0], 'cluster');

export type { Mutable, MutableSnapshot };
export { clusterOf, defined, item, loadSnapshot, mutable };
