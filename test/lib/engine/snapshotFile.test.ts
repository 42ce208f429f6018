import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshotFile } from '../../../lib/engine/snapshotFile.js';
import { ConfigError } from '../../../lib/errors.js';

const BASE = fileURLToPath(
  new URL('../../fixtures/snapshots/base.json', import.meta.url),
);

describe('readSnapshotFile', () => {
  let dir: string;
  let base: Record<string, unknown>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snapshot-file-'));
    base = JSON.parse(await readFile(BASE, 'utf8'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a valid snapshot', async () => {
    // Act
    const snapshot = await readSnapshotFile(BASE);

    // Assess
    expect(snapshot.schemaVersion).toBe(base.schemaVersion);
  });

  it.each([
    [
      'without its target',
      (s: Record<string, unknown>) => delete s.target,
      'target: is required',
    ],
    [
      'whose subnets are a string',
      (s: Record<string, unknown>) => (s.subnets = 'subnet-1'),
      'subnets: must be array',
    ],
  ])(
    'rejects a snapshot %s with one line naming file and field',
    async (name, change, says) => {
      // Prepare
      const copy = structuredClone(base);
      change(copy);
      const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
      await writeFile(file, JSON.stringify(copy));

      // Act
      const outcome = await readSnapshotFile(file).then(
        () => undefined,
        (error: unknown) => error,
      );

      // Assess
      expect(outcome).toBeInstanceOf(ConfigError);
      expect((outcome as Error).message).toBe(`${file}: ${says}`);
    },
  );
});
