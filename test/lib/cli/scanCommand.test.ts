import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScanCommand } from '../../../lib/cli/scanCommand.js';
import type { Result } from '../../../lib/engine/types.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../../helpers/moto.js';
import { createMotoCluster } from '../../helpers/motoCluster.js';

const ENV_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const SCAN = '2026-11-26T06-00-00Z-f0f0';
const NOW = new Date('2026-11-26T06:00:00.000Z');

const sink = (isTTY = false) => {
  let text = '';
  return {
    isTTY,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
};

let moto: MotoServer;
let workDir: string;

beforeAll(async () => {
  moto = await startMoto();
  await createMotoCluster({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    clusterName: 'solo',
  });
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  process.env.AWS_ACCESS_KEY_ID = testCredentials.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY =
    testCredentials.credentials.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
  workDir = await mkdtemp(join(tmpdir(), 'scan-cli-'));
});

afterAll(async () => {
  for (const key of ENV_KEYS) {
    const value = savedEnv[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await moto?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const scan = async (format: string, extra: Record<string, unknown> = {}) => {
  const out = join(workDir, format);
  const stdout = sink();
  const stderr = sink();
  const code = await runScanCommand(
    { regions: 'us-east-1', out, format, ...extra },
    { stdout, stderr, scanId: SCAN, now: () => NOW },
  );
  return { code, out, stdout: stdout.text, stderr: stderr.text };
};

describe('runScanCommand output formats', () => {
  it.each([
    { format: 'md', file: 'report.md' },
    { format: 'html', file: 'report.html' },
    { format: 'ocsf', file: 'findings.ocsf.json' },
    { format: 'asff', file: 'findings.asff.json' },
  ])(
    'prints the stored $file on stdout for --format $format',
    async ({ format, file }) => {
      // Act
      const { code, out, stdout, stderr } = await scan(format);

      // Assess
      expect(code, stderr).toBe(0);
      expect(stdout).toBe(
        await readFile(join(out, 'scans', SCAN, file), 'utf8'),
      );
      expect(stderr).toContain(
        `report: ${join(out, 'scans', SCAN, 'report.html')}`,
      );
      expect(stderr).toMatch(
        /^scan 2026-11-26T06-00-00Z-f0f0: 1 targets \(1 ok, 0 failed/m,
      );
    },
  );

  it('prints only failing results with --format jsonl --only-failed', async () => {
    // Act
    const all = await scan('jsonl');
    const failed = await scan('jsonl', { onlyFailed: true });

    // Assess
    const parse = (text: string): Result[] =>
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Result);
    const allResults = parse(all.stdout);
    expect(new Set(allResults.map((r) => r.status)).size).toBeGreaterThan(1);
    expect(parse(failed.stdout)).toEqual(
      allResults.filter((r) => r.status === 'fail'),
    );
  });

  it('prints the failing results and the summary table for --format table', async () => {
    // Act
    const { code, stdout, stderr } = await scan('table');

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^STATUS +SEVERITY +RULE +ACCOUNT +REGION +CLUSTER +RESOURCE$/m,
    );
    expect(stdout).toMatch(
      /^fail +medium +NET-EP-002 +123456789012 +us-east-1 +solo +solo$/m,
    );
    expect(stdout).toMatch(/^results: \d+ total, \d+ fail \(0 waived\)/m);
    expect(stdout).toMatch(/^diff \(first scan\): 0 regressed, \d+ new/m);
    expect(stderr).toMatch(/^digest: eks-netscan: .* in 1 account$/m);
    expect(stderr).toMatch(/^123456789012 us-east-1 ok clusters=1 /m);
  });

  it('prints a JSON document with the summary and the results for --format json', async () => {
    // Act
    const { stdout } = await scan('json', { onlyFailed: true });

    // Assess
    const doc = JSON.parse(stdout) as {
      summary: { scanId: string; totals: { fail: number } };
      results: Result[];
    };
    expect(doc.summary.scanId).toBe(SCAN);
    expect(doc.results).toHaveLength(doc.summary.totals.fail);
  });

  it('draws a progress bar with targets done/total and the current account on a TTY', async () => {
    // Prepare
    const stderr = sink(true);

    // Act
    const code = await runScanCommand(
      { regions: 'us-east-1', out: join(workDir, 'tty'), format: 'jsonl' },
      { stdout: sink(), stderr, scanId: SCAN, now: () => NOW },
    );

    // Assess
    expect(code).toBe(0);
    expect(stderr.text).toMatch(/1\/1 targets {2}123456789012 us-east-1/);
    expect(stderr.text).toContain('123456789012 us-east-1 ok clusters=1 ');
  });
});
