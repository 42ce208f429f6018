/**
 * The bad-input corpus: malformed and hostile policies, params, waivers,
 * snapshots of the wrong schema version, CLI flags and oversized inputs.
 * Every case must end with exit code 2 and one clear stderr line naming the
 * file, field or flag, no stack trace, nothing on stdout and nothing written
 * to the output directory. A representative subset spawns the real binary;
 * the rest calls `main()` in-process. Lambda events go through the
 * handlers' `validateEvent` and must fail with one `EventValidationError`
 * line naming the field.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventValidationError } from '../../functions/lib/errors.js';
import { validateEvent } from '../../functions/lib/validate.js';
import { main } from '../../lib/cli/main.js';
import base from '../fixtures/snapshots/base.json' with { type: 'json' };

/** One corpus case. Paths in `args` are relative to the case's directory. */
interface Case {
  readonly name: string;
  /** Files to create in the case's directory before running. */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  readonly args: readonly string[];
  /** What the single stderr line must say (it names the file/field/flag). */
  readonly says: RegExp;
  /** Run through `node bin/eks-netscan.js` instead of `main()`. */
  readonly spawn?: boolean;
  /**
   * A defect found by this corpus and not fixed yet: the case runs as
   * `it.fails` and flips to a failure once fixed, so the marker is removed.
   */
  readonly knownDefect?: string;
}

const snapshot = (change: (s: Record<string, unknown>) => void): string => {
  const copy = structuredClone(base) as Record<string, unknown>;
  change(copy);
  return JSON.stringify(copy);
};

const POLICY = `id: NET-USR-001
title: Clusters keep the private endpoint enabled
severity: low
resource: cluster
requires: [clusters]
assert: resource.endpointPrivateAccess
message:
  pass: "Cluster {{resource.name}} in {{target.accountId}}/{{target.region}} has a private endpoint."
  fail: "Cluster {{resource.name}} in {{target.accountId}}/{{target.region}} has no private endpoint."
rationale: A user rule for the corpus.
remediation: { text: Enable the private endpoint. }
references: [https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html]
compliance: {}
`;

const policyDir = (
  text: string,
  id = 'NET-USR-001',
): Record<string, string> => ({
  [`pol/${id}/policy.yaml`]: text,
});

const OUT = 'out';
const SNAP = 'snap.json';
const goodSnapshot = { [SNAP]: JSON.stringify(base) };

const cases: Case[] = [
  // CLI flags of `snapshot` (validated before any AWS call).
  {
    name: 'an account id that is not 12 digits',
    args: ['snapshot', '--accounts', '12345', '--out', OUT],
    says: /--accounts: "12345" is not an account id/,
    spawn: true,
  },
  {
    name: 'an account id with letters',
    args: ['snapshot', '--accounts', '11112222333a', '--out', OUT],
    says: /--accounts: "11112222333a"/,
  },
  {
    name: 'an unknown region',
    args: ['snapshot', '--regions', 'mars-1', '--out', OUT],
    says: /--regions: unknown region "mars-1"/,
    spawn: true,
  },
  {
    name: '--regions together with --all-regions',
    args: ['snapshot', '--regions', 'us-east-1', '--all-regions', '--out', OUT],
    says: /'--regions <names>' cannot be used with option '--all-regions'/,
  },
  {
    name: '--org together with --accounts',
    args: ['snapshot', '--org', '--accounts', '111122223333', '--out', OUT],
    says: /'--org' cannot be used with option '--accounts/,
  },
  {
    name: 'a role name with spaces and punctuation',
    args: ['snapshot', '--role-name', 'bad role!', '--out', OUT],
    says: /--role-name: "bad role!" is not a valid IAM role name/,
  },
  {
    name: 'a role ARN where a role name is expected',
    args: [
      'snapshot',
      '--role-name',
      'arn:aws:iam::111122223333:role/x',
      '--out',
      OUT,
    ],
    says: /--role-name: /,
  },
  {
    name: 'an external id with spaces',
    args: ['snapshot', '--external-id', 'bad id spaces', '--out', OUT],
    says: /--external-id: /,
  },
  {
    name: 'concurrency 0',
    args: ['snapshot', '--concurrency', '0', '--out', OUT],
    says: /--concurrency: "0" is not a whole number between 1 and 64/,
    spawn: true,
  },
  {
    name: 'a non-numeric concurrency',
    args: ['snapshot', '--concurrency', 'abc', '--out', OUT],
    says: /--concurrency: "abc"/,
  },
  {
    name: 'an invalid OU id',
    args: ['snapshot', '--org', '--include-ous', 'ou-X', '--out', OUT],
    says: /--include-ous: "ou-X" is not an OU id/,
  },
  {
    name: 'an invalid excluded account id',
    args: ['snapshot', '--exclude-accounts', '123', '--out', OUT],
    says: /--exclude-accounts: "123"/,
  },
  {
    name: 'a missing --out',
    args: ['snapshot', '--regions', 'us-east-1'],
    says: /required option '--out <dir>' not specified/,
    spawn: true,
  },
  {
    name: 'an unknown flag',
    args: ['snapshot', '--bogus', '--out', OUT],
    says: /unknown option '--bogus'/,
  },
  {
    name: 'an unknown command',
    args: ['scna', '--out', OUT],
    says: /unknown command 'scna'/,
  },
  {
    name: 'an oversized --regions list (50,000 characters)',
    args: [
      'snapshot',
      '--regions',
      `${'us-east-1,'.repeat(4999)}mars-1`,
      '--out',
      OUT,
    ],
    says: /--regions: unknown region "mars-1"/,
  },
  {
    name: 'a region name carrying a shell payload',
    args: ['snapshot', '--regions', 'us-east-1;rm -rf /', '--out', OUT],
    says: /--regions: unknown region "us-east-1;rm"/,
  },
  // Snapshots given to `evaluate`.
  {
    name: 'a snapshot file that does not exist',
    args: ['evaluate', 'missing.json'],
    says: /missing\.json: cannot read snapshot: ENOENT/,
    spawn: true,
  },
  {
    name: 'a snapshot of schema version 999',
    files: { 'v999.json': snapshot((s) => (s.schemaVersion = 999)) },
    args: ['evaluate', 'v999.json'],
    says: /v999\.json: schemaVersion: expected 1, found 999/,
    spawn: true,
  },
  {
    name: 'a snapshot of schema version 0 written as a string',
    files: { 'v0.json': snapshot((s) => (s.schemaVersion = '0')) },
    args: ['evaluate', 'v0.json'],
    says: /v0\.json: schemaVersion: /,
  },
  {
    name: 'a snapshot that is not JSON',
    files: { 'bad.json': 'not json\n' },
    args: ['evaluate', 'bad.json'],
    says: /bad\.json: cannot read snapshot: /,
  },
  {
    name: 'a snapshot that is a JSON array',
    files: { 'array.json': '[1, 2, 3]\n' },
    args: ['evaluate', 'array.json'],
    says: /array\.json: /,
  },
  {
    name: 'a gzipped snapshot with a corrupt stream',
    files: { 'corrupt.json.gz': Buffer.from('this is not gzip at all') },
    args: ['evaluate', 'corrupt.json.gz'],
    says: /corrupt\.json\.gz: cannot read snapshot: /,
  },
  {
    name: 'a gzipped snapshot that decompresses to a JSON string',
    files: { 'string.json.gz': gzipSync(Buffer.from('"hello"')) },
    args: ['evaluate', 'string.json.gz'],
    says: /string\.json\.gz: /,
  },
  {
    name: 'a snapshot without its target',
    files: { 'notarget.json': snapshot((s) => delete s.target) },
    args: ['evaluate', 'notarget.json'],
    says: /notarget\.json: .*target/,
  },
  {
    name: 'a snapshot whose subnets are a string',
    files: { 'subnets.json': snapshot((s) => (s.subnets = 'subnet-1')) },
    args: ['evaluate', 'subnets.json'],
    says: /subnets\.json: .*subnets/,
  },
  {
    name: 'an unknown --format',
    files: goodSnapshot,
    args: ['evaluate', '--format', 'xml', SNAP],
    says: /option '--format <format>' argument 'xml' is invalid/,
  },
  // Params files.
  {
    name: 'a params file that does not exist',
    files: goodSnapshot,
    args: ['evaluate', '--params', 'none.yaml', SNAP],
    says: /none\.yaml: .*ENOENT/,
  },
  {
    name: 'a params file with broken YAML',
    files: { ...goodSnapshot, 'params.yaml': 'a: [1, 2\n' },
    args: ['evaluate', '--params', 'params.yaml', SNAP],
    says: /params\.yaml:2: \(yaml\): /,
    spawn: true,
  },
  {
    name: 'params for a rule that does not exist',
    files: {
      ...goodSnapshot,
      'params.yaml': 'defaults:\n  NET-NOPE-999:\n    minFreePercent: 5\n',
    },
    args: ['evaluate', '--params', 'params.yaml', SNAP],
    says: /params\.yaml.*NET-NOPE-999/,
  },
  {
    name: 'an unknown parameter of a real rule',
    files: {
      ...goodSnapshot,
      'params.yaml': 'defaults:\n  NET-SUB-006:\n    minFreePercentt: 5\n',
    },
    args: ['evaluate', '--params', 'params.yaml', SNAP],
    says: /params\.yaml.*minFreePercentt/,
  },
  {
    name: 'a parameter of the wrong type',
    files: {
      ...goodSnapshot,
      'params.yaml': 'defaults:\n  NET-SUB-006:\n    minFreePercent: lots\n',
    },
    args: ['evaluate', '--params', 'params.yaml', SNAP],
    says: /params\.yaml.*minFreePercent/,
  },
  {
    name: 'a YAML alias bomb in params',
    files: {
      ...goodSnapshot,
      'params.yaml': [
        'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
        'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
        'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
        'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
        'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
        'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]',
        'g: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]',
        '',
      ].join('\n'),
    },
    args: ['evaluate', '--params', 'params.yaml', SNAP],
    says: /params\.yaml/,
  },
  // Waivers.
  {
    name: 'a waivers file with broken YAML',
    files: { ...goodSnapshot, 'waivers.yaml': '- rule: [\n' },
    args: ['evaluate', '--waivers', 'waivers.yaml', SNAP],
    says: /waivers\.yaml:\d+: \(yaml\): /,
  },
  {
    name: 'a waiver without an owner',
    files: {
      ...goodSnapshot,
      'waivers.yaml':
        '- rule: NET-EP-001\n  resource: prod\n  reason: Planned.\n  expires: 2099-12-31\n',
    },
    args: ['evaluate', '--waivers', 'waivers.yaml', SNAP],
    says: /waivers\.yaml.*owner/,
    spawn: true,
  },
  {
    name: 'a waiver with an impossible expiry date',
    files: {
      ...goodSnapshot,
      'waivers.yaml':
        '- rule: NET-EP-001\n  resource: prod\n  reason: Planned.\n  owner: team\n  expires: 2099-02-30\n',
    },
    args: ['evaluate', '--waivers', 'waivers.yaml', SNAP],
    says: /waivers\.yaml.*expires/,
  },
  {
    name: 'a waiver for a rule that does not exist',
    files: {
      ...goodSnapshot,
      'waivers.yaml':
        '- rule: NET-NOPE-999\n  resource: prod\n  reason: Planned.\n  owner: team\n  expires: 2099-12-31\n',
    },
    args: ['evaluate', '--waivers', 'waivers.yaml', SNAP],
    says: /waivers\.yaml.*NET-NOPE-999/,
  },
  {
    name: 'waivers given as a mapping instead of a list',
    files: { ...goodSnapshot, 'waivers.yaml': 'rule: NET-EP-001\n' },
    args: ['evaluate', '--waivers', 'waivers.yaml', SNAP],
    says: /waivers\.yaml/,
  },
  // User policies.
  {
    name: 'a policy with broken YAML',
    files: { ...goodSnapshot, ...policyDir(`${POLICY}title: [\n`) },
    args: ['evaluate', '--policies', 'pol', SNAP],
    says: /NET-USR-001\/policy\.yaml:\d+: /,
    spawn: true,
  },
  {
    name: 'a policy whose CEL does not parse',
    files: {
      ...goodSnapshot,
      ...policyDir(
        POLICY.replace(
          'assert: resource.endpointPrivateAccess',
          'assert: resource.endpointPrivateAccess &&',
        ),
      ),
    },
    args: ['evaluate', '--policies', 'pol', SNAP],
    says: /NET-USR-001\/policy\.yaml.*assert/,
  },
  {
    name: 'a policy that reads a field the resource does not have',
    files: {
      ...goodSnapshot,
      ...policyDir(
        POLICY.replace(
          'assert: resource.endpointPrivateAccess',
          'assert: resource.noSuchField == 1',
        ),
      ),
    },
    args: ['evaluate', '--policies', 'pol', SNAP],
    says: /NET-USR-001\/policy\.yaml.*noSuchField/,
  },
  {
    name: 'a policy with an unknown severity',
    files: {
      ...goodSnapshot,
      ...policyDir(POLICY.replace('severity: low', 'severity: urgent')),
    },
    args: ['evaluate', '--policies', 'pol', SNAP],
    says: /NET-USR-001\/policy\.yaml.*severity/,
  },
  {
    name: 'a policy that reuses a bundled id',
    files: {
      ...goodSnapshot,
      ...policyDir(
        POLICY.replace('id: NET-USR-001', 'id: NET-EP-001'),
        'NET-EP-001',
      ),
    },
    args: ['evaluate', '--policies', 'pol', SNAP],
    says: /NET-EP-001\/policy\.yaml.*NET-EP-001/,
  },
  {
    name: 'a policy with a __proto__ key',
    files: {
      ...goodSnapshot,
      ...policyDir(`${POLICY}__proto__: { polluted: true }\n`),
    },
    args: ['evaluate', '--policies', 'pol', SNAP],
    says: /NET-USR-001\/policy\.yaml.*__proto__/,
  },
  {
    name: 'a policy directory that does not exist',
    files: goodSnapshot,
    args: ['evaluate', '--policies', 'no-such-dir', SNAP],
    says: /no-such-dir.*cannot read/,
  },
  {
    name: 'an oversized policy file (2 MB of rationale)',
    files: {
      ...goodSnapshot,
      ...policyDir(
        POLICY.replace(
          'rationale: A user rule for the corpus.',
          `rationale: ${'x'.repeat(2_000_000)}`,
        ),
      ),
    },
    args: ['evaluate', '--policies', 'pol', SNAP],
    says: /NET-USR-001\/policy\.yaml: \(file\): \d+ bytes is over the 1 MiB limit/,
  },
];

/** A malformed or hostile Lambda event. */
interface EventCase {
  readonly name: string;
  readonly handler: Parameters<typeof validateEvent>[0];
  readonly event: unknown;
  /** What the single-line message must say (it names the field). */
  readonly says: RegExp;
}

const SCAN_ID = '2026-01-01T00-00-00Z-abcd';
const eventCases: EventCase[] = [
  {
    name: 'a scanTarget event that is null',
    handler: 'scanTarget',
    event: null,
    says: /\(event\): must be object, got null/,
  },
  {
    name: 'a scanTarget event without an account id',
    handler: 'scanTarget',
    event: { scanId: SCAN_ID, target: { region: 'us-east-1' } },
    says: /target\.accountId: is required/,
  },
  {
    name: 'a scanTarget event with an unknown region',
    handler: 'scanTarget',
    event: {
      scanId: SCAN_ID,
      target: { accountId: '111122223333', region: 'mars-1' },
    },
    says: /target\.region: "mars-1" is not a region/,
  },
  {
    name: 'a scanTarget event with an extra field',
    handler: 'scanTarget',
    event: {
      scanId: SCAN_ID,
      target: { accountId: '111122223333', region: 'us-east-1', shell: 'x' },
    },
    says: /target\.shell: unknown field/,
  },
  {
    name: 'a scanTarget event whose role lives in another account',
    handler: 'scanTarget',
    event: {
      scanId: SCAN_ID,
      target: {
        accountId: '111122223333',
        region: 'us-east-1',
        roleArn: 'arn:aws:iam::999999999999:role/x',
      },
    },
    says: /target\.roleArn: .* is not a role ARN in account 111122223333/,
  },
  {
    name: 'a report event with a path-traversal scan id',
    handler: 'report',
    event: { scanId: '../../etc/passwd' },
    says: /scanId: "\.\.\/\.\.\/etc\/passwd" is not a scan id/,
  },
  {
    name: 'a plan event with 20,000 accounts',
    handler: 'plan',
    event: {
      accounts: Array.from({ length: 20_000 }, () => '111122223333'),
    },
    says: /accounts: must NOT have more than 10000 items/,
  },
  {
    name: 'a plan event with a short account id',
    handler: 'plan',
    event: { accounts: ['12'] },
    says: /accounts\[0\]: "12" is not an account id/,
  },
  {
    name: 'a plan event carrying a prototype-pollution key',
    handler: 'plan',
    event: JSON.parse('{"__proto__": {"polluted": true}, "trigger": "x"}'),
    says: /unknown field/,
  },
  {
    name: 'a scanNow event with a string where a boolean belongs',
    handler: 'scanNow',
    event: {
      accountId: '111122223333',
      region: 'us-east-1',
      onlyFailed: 'yes',
    },
    says: /onlyFailed: must be boolean, got string/,
  },
];

const ENV = {
  // Nothing in the corpus may reach AWS; if it tried, it would hit a closed
  // loopback port.
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_ACCESS_KEY_ID: 'AKIACORPUSCORPUS',
  AWS_SECRET_ACCESS_KEY: 'corpus',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const runInProcess = async (
  args: readonly string[],
  cwd: string,
): Promise<Outcome> => {
  let stdout = '';
  let stderr = '';
  const previousCwd = process.cwd();
  const out = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
  const err = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
  const previousExitCode = process.exitCode;
  try {
    process.chdir(cwd);
    const code = await main(args);
    return { code, stdout, stderr };
  } catch (error) {
    // A throw out of main() is what the corpus exists to catch.
    return {
      code: 1,
      stdout,
      stderr: `${stderr}${(error as Error).stack ?? String(error)}`,
    };
  } finally {
    process.chdir(previousCwd);
    process.exitCode = previousExitCode;
    out.mockRestore();
    err.mockRestore();
  }
};

const repoRoot = new URL('../../', import.meta.url).pathname;

const runSpawned = (args: readonly string[], cwd: string): Outcome => {
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin/eks-netscan.js'), ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, ...ENV }, timeout: 30_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

const assess = async (c: Case, dir: string, outcome: Outcome) => {
  const lines = outcome.stderr.trimEnd().split('\n');
  expect(outcome.code, `${c.name}: ${outcome.stderr}`).toBe(2);
  expect(lines, c.name).toHaveLength(1);
  expect(lines[0], c.name).toMatch(c.says);
  expect(outcome.stderr, c.name).not.toMatch(/^\s+at /m);
  expect(outcome.stdout, c.name).toBe('');
  // The output directory holds only the sentinel put there beforehand.
  expect(await readdir(join(dir, OUT)), c.name).toEqual(['sentinel']);
};

describe('bad-input corpus', () => {
  let root: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'eks-netscan-corpus-'));
    for (const [key, value] of Object.entries(ENV)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
  });

  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(root, { recursive: true, force: true });
  });

  it('holds at least 30 cases, a representative subset of them spawned', () => {
    // Assess
    expect(cases.length + eventCases.length).toBeGreaterThanOrEqual(30);
    expect(cases.filter((c) => c.spawn).length).toBeGreaterThanOrEqual(5);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  const prepare = async (c: Case): Promise<string> => {
    const dir = join(root, c.name.replace(/[^a-z0-9]+/gi, '-'));
    await mkdir(join(dir, OUT), { recursive: true });
    await writeFile(join(dir, OUT, 'sentinel'), 'untouched\n');
    for (const [path, content] of Object.entries(c.files ?? {})) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    return dir;
  };

  const execute = async (c: Case) => {
    // Prepare
    const dir = await prepare(c);

    // Act
    const outcome = c.spawn
      ? runSpawned(c.args, dir)
      : await runInProcess(c.args, dir);

    // Assess
    await assess(c, dir, outcome);
  };

  it.each(cases.filter((c) => !c.knownDefect))(
    'rejects $name with exit 2 and one line naming it',
    execute,
  );

  it.each(eventCases)(
    'rejects $name with one validation error line naming the field',
    (c) => {
      // Act
      let caught: unknown;
      try {
        validateEvent(c.handler, c.event);
      } catch (error) {
        caught = error;
      }

      // Assess
      expect(caught, c.name).toBeInstanceOf(EventValidationError);
      const message = (caught as Error).message;
      expect(message.split('\n'), c.name).toHaveLength(1);
      expect(message, c.name).toMatch(
        new RegExp(`^invalid ${c.handler} event: `),
      );
      expect(message, c.name).toMatch(c.says);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it.fails.each(cases.filter((c) => c.knownDefect))(
    'rejects $name with exit 2 and one line naming it (known defect: $knownDefect)',
    execute,
  );
});
