import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  defaultPolicyDirs,
  loadPolicies,
  POLICIES_DIR,
} from '../../../lib/engine/loadPolicies.js';
import { isPolicyValidationError } from '../../../lib/errors.js';

const FIXTURES = fileURLToPath(
  new URL('../../fixtures/policies/', import.meta.url),
);
const BAD = join(FIXTURES, 'bad');
const GOOD = join(FIXTURES, 'good');

/** Loads a bad-corpus case and returns the error it throws. */
const loadError = async (name: string): Promise<unknown> => {
  const dirs =
    name === 'duplicate-id'
      ? [join(BAD, name, 'one'), join(BAD, name, 'two')]
      : [join(BAD, name)];
  try {
    await loadPolicies(dirs);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('loadPolicies', () => {
  it('loads and compiles a valid policy directory', async () => {
    // Act
    const { policies, skipped } = await loadPolicies([GOOD]);

    // Assess
    expect(skipped).toEqual([]);
    expect(policies.map((policy) => policy.id)).toEqual(['NET-TST-001']);
    expect(policies[0]?.resource).toBe('cluster');
    expect(policies[0]?.requires.has('clusters')).toBe(true);
  });

  it.each([
    ['duplicate-key', 4, /\(yaml\): Map keys must be unique/],
    ['unknown-field', 4, /colour: is not a known field/],
    ['wrong-type', 12, /references: must be array/],
    ['bad-severity', 3, /severity: must be one of: critical, high/],
    ['bad-id', 1, /id: must match pattern/],
    ['http-reference', 12, /references\[0\]: must match pattern "\^https/],
    ['missing-field', 1, /rationale: is required/],
    ['unknown-kind', 4, /resource: must be one of: cluster, nodegroup/],
    ['unknown-collection', 5, /requires\[1\]: must be one of: clusters/],
    ['folder-mismatch', 1, /id: must equal its folder name 'NET-TST-002'/],
    ['duplicate-id', 1, /id: duplicate id 'NET-TST-001' \(also in .*one/],
    [
      'cel-syntax',
      6,
      /assert: CEL error in 'resource.nodeCount >=': Unexpected token/,
    ],
    ['cel-type', 6, /assert: CEL error .*no such overload: double == int/],
    [
      'cel-not-bool',
      6,
      /assert: CEL expression 'resource.nodeCount' must be bool, is double/,
    ],
    [
      'cel-unknown-function',
      6,
      /assert: CEL error .*no matching overload for 'cidrContainz/,
    ],
    ['when-cel-error', 6, /when: CEL error .*bool == string/],
    ['override-cel-error', 5, /severityOverrides\[0\]\.when: CEL error/],
    [
      'evidence-cel-error',
      11,
      /evidence\.nodes: CEL error .*No such key: nodez/,
    ],
    ['param-type-error', 6, /assert: CEL error .*double >= string/],
    [
      'template-missing-field',
      9,
      /message\.fail: CEL error in 'resource.nodeCnt': No such key: nodeCnt/,
    ],
    ['template-unbalanced', 9, /message\.fail: unbalanced/],
    ['unknown-when-without-message', 6, /unknownWhen: needs an unknownMessage/],
  ])(
    'rejects the %s case with one line naming file, line %d and the field',
    async (name, line, reason) => {
      // Act
      const error = await loadError(name);

      // Assess
      expect(isPolicyValidationError(error), name).toBe(true);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/policy\.yaml:\d+: /);
      expect(message.slice(message.indexOf('policy.yaml:'))).toMatch(
        new RegExp(`^policy\\.yaml:${line}: `),
      );
      expect(message).toMatch(reason);
    },
  );

  it('rejects a YAML syntax error with one line naming file and line', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'eks-netscan-policies-'));
    const folder = join(dir, 'area', 'NET-TST-001');
    await mkdir(folder, { recursive: true });
    const valid = await readFile(
      join(GOOD, 'area', 'NET-TST-001', 'policy.yaml'),
      'utf8',
    );
    await writeFile(
      join(folder, 'policy.yaml'),
      valid.replace(/^title: .*$/m, 'title: "unterminated'),
    );

    // Act & Assess
    await expect(loadPolicies([dir])).rejects.toThrow(
      /policy\.yaml:\d+: \(yaml\): Missing closing "quote$/,
    );
  });

  it('skips broken policies and lists them when asked to', async () => {
    // Act
    const { policies, skipped } = await loadPolicies(
      [GOOD, join(BAD, 'cel-type'), join(BAD, 'unknown-field')],
      { skipBroken: true },
    );

    // Assess
    expect(policies.map((policy) => policy.id)).toEqual(['NET-TST-001']);
    expect(skipped).toHaveLength(2);
    expect(skipped[0]?.file).toContain('cel-type');
    expect(skipped[0]?.reason).toMatch(/double == int/);
    expect(skipped[1]?.reason).toMatch(/colour: is not a known field/);
  });

  it('rejects an unknown option key instead of ignoring it', async () => {
    // Act & Assess
    await expect(
      loadPolicies([GOOD], { skipBroke: true } as never),
    ).rejects.toThrow(/^loadPolicies: unknown option 'skipBroke'/);
  });

  it('reports a directory that does not exist as one line', async () => {
    // Act & Assess
    await expect(loadPolicies([join(FIXTURES, 'nope')])).rejects.toThrow(
      /nope: \(directory\): cannot read: ENOENT/,
    );
  });

  it('resolves the bundled directory from the module, not the working directory', () => {
    // Act
    const dirs = defaultPolicyDirs(['./mine']);

    // Assess
    expect(dirs[0]).toBe(POLICIES_DIR);
    expect(POLICIES_DIR).toBe(
      fileURLToPath(new URL('../../../policies/', import.meta.url)),
    );
    expect(dirs[1]).toBe('./mine');
  });

  it('loads the bundled policies sorted by id', async () => {
    // Act
    const { policies } = await loadPolicies([POLICIES_DIR], {
      skipBroken: true,
    });

    // Assess
    const ids = policies.map((policy) => policy.id);
    expect(ids).toContain('NET-EP-001');
    expect(ids).toEqual([...ids].sort());
  });
});
