/**
 * A {@link ResultStore} on the local file system: one file per key below a
 * root directory.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { SinkError } from '../errors.js';
import type { ChunkSource, ResultStore } from './types.js';

const isNotFound = (error: unknown): boolean =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/**
 * Stores each key as a file under `root` (`scans/<id>/…` becomes
 * `<root>/scans/<id>/…`). Writes go to a temporary file in the same directory
 * and are renamed into place, so a reader never sees half a file and a re-run
 * overwrites only its own keys.
 *
 * @example
 * const store = new DirStore('./out');
 * await store.put(statusKey(scanId, target), bytes);
 */
class DirStore implements ResultStore {
  /** Directory holding the tree. */
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** {@inheritDoc ResultStore.put} */
  async put(key: string, body: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temp, body);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw new SinkError(`cannot write ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** {@inheritDoc ResultStore.putChunks} */
  async putChunks(key: string, source: ChunkSource): Promise<void> {
    const path = this.pathOf(key);
    const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      const file = await open(temp, 'w');
      try {
        for await (const chunk of source()) await file.write(chunk);
      } finally {
        await file.close();
      }
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw new SinkError(`cannot write ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** {@inheritDoc ResultStore.get} */
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new SinkError(
        `cannot read ${this.pathOf(key)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** {@inheritDoc ResultStore.list} */
  async list(prefix: string): Promise<string[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(this.root, {
        recursive: true,
        withFileTypes: true,
      });
    } catch (error) {
      if (isNotFound(error)) return [];
      throw new SinkError(
        `cannot list ${this.root}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const keys: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.endsWith('.tmp')) continue;
      const key = relative(this.root, join(entry.parentPath, entry.name))
        .split(sep)
        .join('/');
      if (key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort();
  }

  private pathOf(key: string): string {
    const path = join(this.root, ...key.split('/'));
    const rel = relative(this.root, path);
    if (rel.startsWith('..') || key.startsWith('/') || rel === '') {
      throw new SinkError(`store key escapes ${this.root}: ${key}`);
    }
    return path;
  }
}

export { DirStore };
