import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadYamlParser,
  MAX_YAML_FILE_BYTES,
  parseYaml,
  readText,
} from '../../../lib/engine/yamlSource.js';
import { PolicyValidationError } from '../../../lib/errors.js';

/** Seven lines whose aliases expand to ten million nodes. */
const ALIAS_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  '',
].join('\n');

beforeAll(async () => {
  await loadYamlParser();
});

describe('parseYaml', () => {
  it('rejects an alias bomb with one line naming the file and the reason', () => {
    // Act
    let caught: unknown;
    try {
      parseYaml('waivers.yaml', ALIAS_BOMB);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(PolicyValidationError);
    expect((caught as Error).message).toBe(
      'waivers.yaml: (yaml): aliases expand to more than 100 nodes (an alias bomb?)',
    );
  });

  it('still resolves a handful of aliases', () => {
    // Act
    const source = parseYaml('params.yaml', 'a: &a [1, 2]\nb: *a\n');

    // Assess
    expect(source.value).toEqual({ a: [1, 2], b: [1, 2] });
  });
});

describe('readText', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yaml-source-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['at the limit', MAX_YAML_FILE_BYTES, true],
    ['one byte over the limit', MAX_YAML_FILE_BYTES + 1, false],
  ])('reads a file %s only if it fits', async (_name, size, fits) => {
    // Prepare
    const file = join(dir, `params-${size}.yaml`);
    await writeFile(file, 'x'.repeat(size));

    // Act
    const outcome = await readText(file).then(
      (text) => text.length,
      (error: Error) => error.message,
    );

    // Assess
    expect(outcome).toBe(
      fits
        ? size
        : `${file}: (file): ${size} bytes is over the 1 MiB limit for policy, tests, params and waivers files`,
    );
  });
});
