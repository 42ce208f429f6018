import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));

const run = runCli;

describe('eks-netscan policies list', () => {
  it('lists bundled policies and the user directory beside them', async () => {
    // Act
    const { code, stdout } = await run([
      'policies',
      'list',
      '--policies',
      fixture('policies/cli/policies'),
    ]);

    // Assess
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+RESOURCE\s+TITLE$/);
    expect(stdout).toMatch(
      /^NET-EP-001\s+high\s+cluster\s+Public API endpoint is private/m,
    );
    expect(stdout).toMatch(/^NET-TST-020\s+high\s+cluster\s+Test clusters/m);
  });
});

describe('eks-netscan policies validate', () => {
  it('accepts a valid directory', async () => {
    // Act
    const { code, stdout } = await run([
      'policies',
      'validate',
      fixture('policies/engine'),
    ]);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toBe('2 policies valid (0 with tests.yaml)\n');
  });

  it('accepts the bundled policies and their tests', async () => {
    // Act
    const { code, stdout } = await run(['policies', 'validate']);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^\d+ policies valid \(\d+ with tests\.yaml; parse cache fresh for \d+ of \d+\)\n$/,
    );
  });

  it.each([
    ['unknown-field', /policy\.yaml:4: colour: is not a known field$/],
    [
      'cel-syntax',
      /policy\.yaml:6: assert: CEL error in 'resource\.nodeCount >=': Unexpected token: EOF$/,
    ],
    [
      'template-missing-field',
      /policy\.yaml:9: message\.fail: CEL error in 'resource\.nodeCnt': No such key: nodeCnt$/,
    ],
    ['unknown-kind', /policy\.yaml:4: resource: must be one of: cluster/],
  ])(
    'rejects the %s corpus case with one line and exit code 2',
    async (name, message) => {
      // Act
      const { code, stderr } = await run([
        'policies',
        'validate',
        fixture(`policies/bad/${name}`),
      ]);

      // Assess
      expect(code).toBe(2);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr.trimEnd()).toMatch(message);
    },
  );
});

describe('eks-netscan policies test', () => {
  it('runs every case of the bundled policies', async () => {
    // Act
    const { code, stdout } = await run(['policies', 'test']);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^ok {3}NET-EP-001: a private-only endpoint passes$/m,
    );
    expect(stdout).toMatch(/^\d+ passed, 0 failed\n$/m);
  });

  it('fails with exit code 1 when a policy has no tests.yaml', async () => {
    // Act
    const { code, stdout } = await run([
      'policies',
      'test',
      fixture('policies/cli/policies'),
    ]);

    // Assess
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^FAIL NET-TST-020: .*tests\.yaml: \(file\): cannot read: ENOENT$/m,
    );
    expect(stdout).toMatch(/0 passed, 1 failed\n$/);
  });
});

describe('eks-netscan policies explain', () => {
  it('explains a policy with its logic, parameters and references', async () => {
    // Act
    const { code, stdout } = await run(['policies', 'explain', 'NET-SUB-006']);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain(
      'NET-SUB-006: Node and Pod subnets keep at least 10 % of their addresses free\n',
    );
    expect(stdout).toContain(
      'when: resource.isNodeSubnet || resource.isPodSubnet\n',
    );
    expect(stdout).toContain('param minFreePercent = 10: ');
    expect(stdout).toContain(
      'reference: https://docs.aws.amazon.com/eks/latest/best-practices/ip-opt.html\n',
    );
  });

  it('rejects an unknown id with one line and exit code 2', async () => {
    // Act
    const { code, stderr } = await run(['policies', 'explain', 'NET-NOPE-001']);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toBe(
      "eks-netscan: policies explain: unknown policy id 'NET-NOPE-001' (see 'eks-netscan policies list')\n",
    );
  });
});
