import {
  copyFile,
  mkdtemp,
  readFile,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_SNAPSHOT_BYTES } from '../../../lib/cli/evaluateCommand.js';
import { runCli } from '../../helpers/cli.js';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
const SNAPSHOT = fixture('snapshots/base.json');
const CLI = fixture('policies/cli/');
const EXTRA = ['--policies', `${CLI}policies`];

const run = runCli;

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'evaluate-cli-'));
});

describe('eks-netscan evaluate', () => {
  it('prints every result as JSON with counts, sorted and reproducible', async () => {
    // Act
    const first = await run([
      'evaluate',
      SNAPSHOT,
      ...EXTRA,
      '--format',
      'json',
    ]);
    const second = await run([
      'evaluate',
      SNAPSHOT,
      ...EXTRA,
      '--format',
      'json',
    ]);

    // Assess
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const report = JSON.parse(first.stdout);
    const { counts, results } = report;
    expect(counts.total).toBe(results.length);
    expect(counts.pass + counts.fail + counts.unknown + counts.skip).toBe(
      counts.total,
    );
    const keys = results.map(
      (r: { ruleId: string; resourceId: string }) =>
        `${r.ruleId} ${r.resourceId}`,
    );
    expect(keys).toEqual([...keys].sort());
    expect(
      results.find((r: { ruleId: string }) => r.ruleId === 'NET-TST-020'),
    ).toMatchObject({
      status: 'fail',
      resourceId: 'prod',
      accountId: '111122223333',
      message: 'Cluster prod in 111122223333/us-east-1 is named prod.',
    });
    expect(report.skippedPolicies).toEqual([]);
  });

  it('reads gzipped snapshots and prints one JSON result per line', async () => {
    // Prepare
    const gz = join(workDir, 'snapshot.json.gz');
    await writeFile(gz, gzipSync(await readFile(SNAPSHOT)));

    // Act
    const plain = await run([
      'evaluate',
      SNAPSHOT,
      ...EXTRA,
      '--format',
      'jsonl',
    ]);
    const zipped = await run(['evaluate', gz, ...EXTRA, '--format', 'jsonl']);

    // Assess
    expect(zipped.code).toBe(0);
    expect(zipped.stdout).toBe(plain.stdout);
    const lines = zipped.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('ruleId');
  });

  it('applies params by account', async () => {
    // Act
    const { code, stdout } = await run([
      'evaluate',
      SNAPSHOT,
      ...EXTRA,
      '--params',
      `${CLI}params.yaml`,
      '--format',
      'jsonl',
    ]);

    // Assess
    expect(code).toBe(0);
    const result = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((r) => r.ruleId === 'NET-TST-020');
    expect(result.status).toBe('pass');
    expect(result.message).toContain('is not named staging.');
  });

  it('shows waived failures and expired waivers in the table', async () => {
    // Act
    const { code, stdout } = await run([
      'evaluate',
      SNAPSHOT,
      ...EXTRA,
      '--waivers',
      `${CLI}waivers.yaml`,
    ]);

    // Assess
    expect(code).toBe(0);
    // Column widths follow the longest status shown, so match on whitespace.
    expect(stdout).toMatch(
      /fail\*\s+high\s+NET-TST-020\s+111122223333\s+us-east-1\s+prod\n/,
    );
    expect(stdout).toContain(
      'waived until 2099-12-31 by team-platform: Renaming is scheduled.',
    );
    expect(stdout).toMatch(/\d+ results: \d+ fail \(1 waived\)/);
    expect(stdout).toContain(
      'expired waiver: NET-TST-020 dev (expired 2020-01-31, owner team-platform)',
    );
  });

  it('merges results of several snapshots into one sorted report', async () => {
    // Prepare
    const other = join(workDir, 'other.json');
    const snapshot = JSON.parse(await readFile(SNAPSHOT, 'utf8'));
    await writeFile(
      other,
      JSON.stringify({
        ...snapshot,
        target: { ...snapshot.target, region: 'eu-west-1' },
      }),
    );

    // Act
    const one = JSON.parse(
      (await run(['evaluate', SNAPSHOT, ...EXTRA, '--format', 'json'])).stdout,
    );
    const two = JSON.parse(
      (await run(['evaluate', other, SNAPSHOT, ...EXTRA, '--format', 'json']))
        .stdout,
    );

    // Assess
    expect(two.counts.total).toBe(2 * one.counts.total);
    const first = two.results.filter(
      (r: { ruleId: string }) => r.ruleId === 'NET-TST-020',
    );
    expect(first.map((r: { region: string }) => r.region)).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
  });

  it('lists skipped policies when asked to skip broken ones', async () => {
    // Act
    const { code, stdout, stderr } = await run([
      'evaluate',
      SNAPSHOT,
      '--policies',
      fixture('policies/bad/cel-type'),
      '--skip-broken-policies',
      '--format',
      'json',
    ]);

    // Assess
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /^eks-netscan: skipped policy: .*cel-type.*policy\.yaml:6: assert: CEL error/,
    );
    expect(JSON.parse(stdout).skippedPolicies).toHaveLength(1);
  });

  it.each([
    [
      'a snapshot of another schema version',
      async () => {
        const file = join(workDir, 'v7.json');
        await writeFile(file, '{"schemaVersion": 7}');
        return [file];
      },
      /v7\.json: schemaVersion: expected 1, found 7$/,
    ],
    [
      'a snapshot that is not JSON',
      async () => {
        const file = join(workDir, 'broken.json');
        await writeFile(file, '{"schemaVersion": ');
        return [file];
      },
      /broken\.json: cannot read snapshot: /,
    ],
    [
      'a missing snapshot',
      async () => [join(workDir, 'missing.json')],
      /missing\.json: cannot read snapshot: ENOENT$/,
    ],
    [
      'a broken policy directory',
      async () => [
        SNAPSHOT,
        '--policies',
        fixture('policies/bad/unknown-field'),
      ],
      /policy\.yaml:4: colour: is not a known field$/,
    ],
    [
      'a duplicate policy id',
      async () => [SNAPSHOT, ...EXTRA, '--policies', `${CLI}policies`],
      /policy\.yaml:1: id: duplicate id 'NET-TST-020'/,
    ],
    [
      'params naming an unknown rule',
      async () => [SNAPSHOT, ...EXTRA, '--params', `${CLI}bad-params.yaml`],
      /bad-params\.yaml:2: defaults\.NET-TST-021: unknown rule id 'NET-TST-021'$/,
    ],
    [
      'waivers with an impossible date',
      async () => [SNAPSHOT, ...EXTRA, '--waivers', `${CLI}bad-waivers.yaml`],
      /bad-waivers\.yaml:5: \[0\]\.expires: '2026-13-01' is not a calendar date/,
    ],
    [
      'an unknown output format',
      async () => [SNAPSHOT, '--format', 'xml'],
      /argument 'xml' is invalid/,
    ],
  ])(
    'rejects %s with one line and exit code 2',
    async (_name, args, message) => {
      // Prepare
      const argv = await args();

      // Act
      const { code, stdout, stderr } = await run(['evaluate', ...argv]);

      // Assess
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr.trimEnd()).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    },
  );

  it('keeps snapshot files it was given untouched', async () => {
    // Prepare
    const copy = join(workDir, 'copy.json');
    await copyFile(SNAPSHOT, copy);
    const before = await readFile(copy, 'utf8');

    // Act
    await run(['evaluate', copy, '--format', 'json']);

    // Assess
    expect(await readFile(copy, 'utf8')).toBe(before);
  });

  it.each([
    [
      'a snapshot file over the limit',
      'huge.json',
      async (file: string) => {
        // Sparse: the size check must reject it before reading a byte.
        await writeFile(file, '');
        await truncate(file, MAX_SNAPSHOT_BYTES + 1);
      },
      /^eks-netscan: \S*huge\.json: cannot read snapshot: 268435457 bytes is over the 256 MiB limit for snapshots\n$/,
    ],
    [
      'a gzipped snapshot that decompresses past the limit',
      'bomb.json.gz',
      async (file: string) => {
        await writeFile(file, gzipSync(Buffer.alloc(MAX_SNAPSHOT_BYTES + 1)));
      },
      /^eks-netscan: \S*bomb\.json\.gz: cannot read snapshot: decompresses to over the 256 MiB limit for snapshots\n$/,
    ],
    [
      'a snapshot that is not JSON',
      'garbage.json',
      async (file: string) => {
        await writeFile(file, 'secret-token\nmore\n');
      },
      /^eks-netscan: \S*garbage\.json: cannot read snapshot: not valid JSON\n$/,
    ],
  ])(
    'rejects %s in one line without file content, exit 2',
    async (_name, name, make, says) => {
      // Prepare
      const file = join(workDir, name);
      await make(file);

      // Act
      const outcome = await run(['evaluate', file, ...EXTRA]);

      // Assess
      expect(outcome.code).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr).toMatch(says);
      expect(outcome.stderr).not.toContain('secret-token');
    },
  );
});
