import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiffCommand } from '../../../lib/cli/diffCommand.js';
import type { Result } from '../../../lib/engine/types.js';
import { DirStore } from '../../../lib/store/dirStore.js';
import { putResults, putStatus } from '../../../lib/store/targetFiles.js';
import type { TargetStatus } from '../../../lib/store/types.js';
import { makeResult } from '../../helpers/results.js';

const A = '2026-11-25T06-00-00Z-aaaa';
const B = '2026-11-26T06-00-00Z-bbbb';
const ACCOUNT = '111111111111';

const status: TargetStatus = {
  status: 'ok',
  accountId: ACCOUNT,
  region: 'us-east-1',
  apiCalls: 1,
  callsByAction: {},
  gaps: 0,
  clusters: 1,
  enis: 0,
  durationMs: 1,
  startedAt: '2026-11-26T06:00:00.000Z',
  finishedAt: '2026-11-26T06:00:01.000Z',
};

const r = (
  resourceId: string,
  s: Result['status'],
  severity: Result['severity'] = 'high',
): Result => makeResult({ resourceId, status: s, severity });

const sink = () => {
  let text = '';
  return {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
};

let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'diff-cli-'));
  const store = new DirStore(out);
  for (const [scanId, results] of [
    [A, [r('sg-1', 'pass'), r('sg-2', 'fail'), r('sg-3', 'fail')]],
    [
      B,
      [
        r('sg-1', 'fail', 'critical'),
        r('sg-2', 'fail'),
        r('sg-4', 'fail', 'low'),
      ],
    ],
  ] as const) {
    await putStatus(store, scanId, status);
    await putResults(store, scanId, status, results);
  }
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('runDiffCommand', () => {
  it('prints counts and one section per class, regressions first', async () => {
    // Prepare
    const stdout = sink();

    // Act
    const code = await runDiffCommand(
      A,
      B,
      { out },
      { stdout, stderr: sink() },
    );

    // Assess
    expect(code).toBe(0);
    const lines = stdout.text.split('\n');
    expect(lines[0]).toBe(
      `diff ${A} → ${B}: 1 regressed, 1 new, 1 persisting, 1 resolved, 0 unverified`,
    );
    expect(stdout.text.indexOf('REGRESSED')).toBeLessThan(
      stdout.text.indexOf('NEW'),
    );
    expect(stdout.text).toMatch(
      /REGRESSED \(pass → fail\)\n {2}critical NET-EP-001 111111111111 us-east-1 prod sg-1/,
    );
    expect(stdout.text).toMatch(
      /RESOLVED\n {2}high +NET-EP-001 111111111111 us-east-1 prod sg-3/,
    );
  });

  it('prints the diff as JSON with --format json', async () => {
    // Prepare
    const stdout = sink();

    // Act
    const code = await runDiffCommand(
      A,
      B,
      { out, format: 'json' },
      { stdout, stderr: sink() },
    );

    // Assess
    expect(code).toBe(0);
    const diff = JSON.parse(stdout.text);
    expect(diff.previousScanId).toBe(A);
    expect(diff.new.map((f: { resourceId: string }) => f.resourceId)).toEqual([
      'sg-4',
    ]);
  });

  it.each([
    {
      name: 'a malformed scan id',
      a: 'yesterday',
      flags: {},
      message: /^eks-netscan: "yesterday" is not a scan id/,
    },
    {
      name: 'a scan that is not stored',
      a: '2026-01-01T00-00-00Z-dead',
      flags: {},
      message: /^eks-netscan: scan 2026-01-01T00-00-00Z-dead is not in /,
    },
    {
      name: 'an unknown format',
      a: A,
      flags: { format: 'csv' },
      message: /^eks-netscan: --format: "csv" is not one of table, json$/,
    },
    {
      name: '--out with --s3',
      a: A,
      flags: { s3: 's3://bucket/x' },
      message: /^eks-netscan: --out and --s3 cannot be used together/,
    },
    {
      name: 'a malformed --s3',
      a: A,
      flags: { s3: 'bucket/x', out: undefined },
      message: /^eks-netscan: --s3: "bucket\/x" is not an S3 location/,
    },
  ])(
    'rejects $name with one line and exit 2',
    async ({ a, flags, message }) => {
      // Prepare
      const stderr = sink();
      const stdout = sink();

      // Act
      const code = await runDiffCommand(
        a,
        B,
        { out, ...flags },
        { stdout, stderr },
      );

      // Assess
      expect(code).toBe(2);
      expect(stderr.text.trim().split('\n')).toHaveLength(1);
      expect(stderr.text.trim()).toMatch(message);
      expect(stdout.text).toBe('');
    },
  );
});
