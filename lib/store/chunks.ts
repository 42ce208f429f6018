/**
 * Streamed writes to any {@link ResultStore}, and the byte chunks of text
 * chunks.
 *
 * @module
 */
import type { ChunkSource, ResultStore } from './types.js';

/**
 * Writes `source`'s chunks under `key`: streamed through the store's
 * `putChunks` when it has one, else gathered into one buffer and `put`.
 *
 * @example
 * await putChunks(store, reportKey(scanId, 'report.html'), () =>
 *   utf8Chunks(renderHtmlChunks(input)),
 * );
 */
const putChunks = async (
  store: ResultStore,
  key: string,
  source: ChunkSource,
): Promise<void> => {
  if (store.putChunks) {
    await store.putChunks(key, source);
    return;
  }
  const parts: Uint8Array[] = [];
  for await (const chunk of source()) parts.push(chunk);
  await store.put(key, Buffer.concat(parts));
};

/**
 * UTF-8 bytes of text chunks, small chunks gathered up to about `size`
 * bytes so a writer does not issue one write per table row.
 *
 * @example
 * for (const bytes of utf8Chunks(renderMarkdownChunks(input))) out.write(bytes);
 */
function* utf8Chunks(
  texts: Iterable<string>,
  size = 256 * 1024,
): Generator<Uint8Array> {
  let pending: string[] = [];
  let length = 0;
  for (const text of texts) {
    if (text.length === 0) continue;
    pending.push(text);
    length += text.length;
    if (length >= size) {
      yield Buffer.from(pending.join(''));
      pending = [];
      length = 0;
    }
  }
  if (pending.length > 0) yield Buffer.from(pending.join(''));
}

export { putChunks, utf8Chunks };
