/**
 * A {@link ResultStore} that writes every key to several stores and reads
 * from the first: the CLI's `--s3` keeps a local copy in `--out`.
 *
 * @module
 */
import { putChunks } from './chunks.js';
import type { ChunkSource, ResultStore } from './types.js';

/**
 * Writes go to the mirrors first, then to the primary, so a local mirror
 * keeps everything that was attempted even when the primary (S3) fails; the
 * put fails when any store fails. Reads and listings come from `primary`
 * alone.
 *
 * @example
 * const store = new MirrorStore(new S3Store({ client, bucket }), new DirStore('./out'));
 */
class MirrorStore implements ResultStore {
  /** Store reads come from. */
  readonly primary: ResultStore;
  /** Stores that receive a copy of every write. */
  readonly mirrors: readonly ResultStore[];

  constructor(primary: ResultStore, ...mirrors: ResultStore[]) {
    this.primary = primary;
    this.mirrors = mirrors;
  }

  /** {@inheritDoc ResultStore.put} */
  async put(key: string, body: Uint8Array): Promise<void> {
    await Promise.all(this.mirrors.map((store) => store.put(key, body)));
    await this.primary.put(key, body);
  }

  /**
   * {@inheritDoc ResultStore.putChunks}
   *
   * Each store iterates `source` itself, the mirrors one after another, so
   * no more than one store's chunk is held at a time.
   */
  async putChunks(key: string, source: ChunkSource): Promise<void> {
    for (const store of this.mirrors) await putChunks(store, key, source);
    await putChunks(this.primary, key, source);
  }

  /** {@inheritDoc ResultStore.get} */
  get(key: string): Promise<Uint8Array | undefined> {
    return this.primary.get(key);
  }

  /** {@inheritDoc ResultStore.list} */
  list(prefix: string): Promise<string[]> {
    return this.primary.list(prefix);
  }
}

export { MirrorStore };
