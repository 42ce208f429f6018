/**
 * Loads snapshot fixtures from `test/fixtures/snapshots/` for the snapshot
 * tests. Each call returns a fresh copy, so tests change only their own.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from '../../../lib/snapshot/types.js';

const cache = new Map<string, Snapshot>();

/** A private, mutable copy of `test/fixtures/snapshots/<name>.json`. */
const loadSnapshot = (name = 'base'): Snapshot => {
  let snapshot = cache.get(name);
  if (snapshot === undefined) {
    const path = fileURLToPath(
      new URL(`../../fixtures/snapshots/${name}.json`, import.meta.url),
    );
    snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
    cache.set(name, snapshot);
  }
  return structuredClone(snapshot);
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

export type { Mutable };
export { loadSnapshot, mutable };
