/**
 * Reading a snapshot file a user names (`evaluate`, or a policy test case's
 * `snapshot`): size limits, JSON parsing without echoing the file, and
 * validation against the snapshot JSON Schema.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ConfigError } from '../errors.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../snapshot/types.js';

/**
 * Largest snapshot read, on disk and decompressed (256 MiB): a scan of a
 * big account is a few MiB, and the whole text is held in memory.
 */
const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;
const SNAPSHOT_LIMIT = '256 MiB limit for snapshots';

/**
 * The reason of a `JSON.parse` failure without the excerpt of the input that
 * V8 quotes in it: file content must not reach the terminal, and a quoted
 * newline would split the one-line error.
 */
const jsonSyntaxReason = (error: SyntaxError): string => {
  const where =
    /\(line \d+ column \d+\)/.exec(error.message)?.[0] ??
    /at position \d+/.exec(error.message)?.[0];
  return `not valid JSON${where ? ` ${where}` : ''}`;
};

/**
 * Reads a stored snapshot (`.json` or `.json.gz`), checks its schema version
 * and validates it against the snapshot JSON Schema.
 *
 * @throws ConfigError with one line naming the file (and the field)
 */
const readSnapshotFile = async (file: string): Promise<Snapshot> => {
  let value: unknown;
  try {
    const { size } = await stat(file);
    if (size > MAX_SNAPSHOT_BYTES) {
      throw new RangeError(`${size} bytes is over the ${SNAPSHOT_LIMIT}`);
    }
    const bytes = await readFile(file);
    const text = file.endsWith('.gz')
      ? gunzipSync(bytes, { maxOutputLength: MAX_SNAPSHOT_BYTES }).toString(
          'utf8',
        )
      : bytes.toString('utf8');
    value = JSON.parse(text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      error instanceof SyntaxError
        ? jsonSyntaxReason(error)
        : code === 'ERR_BUFFER_TOO_LARGE'
          ? `decompresses to over the ${SNAPSHOT_LIMIT}`
          : (code ?? (error as Error).message);
    throw new ConfigError(`${file}: cannot read snapshot: ${reason}`, {
      cause: error,
    });
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new ConfigError(
      `${file}: schemaVersion: expected ${SNAPSHOT_SCHEMA_VERSION}, found ${JSON.stringify(version ?? null)}`,
    );
  }
  // Loaded on use: compiling the schema costs startup time for every other
  // command.
  const { validateSnapshot } = await import('../snapshot/schema.js');
  return validateSnapshot(value, file);
};

export { MAX_SNAPSHOT_BYTES, readSnapshotFile };
