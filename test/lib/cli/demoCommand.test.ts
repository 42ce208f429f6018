import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemoCommand } from '../../../lib/cli/demoCommand.js';

let dir: string;

const buffer = () => {
  let text = '';
  return {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    text: () => text,
  };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eks-netscan-demo-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runDemoCommand', () => {
  it('prints the summary table of each day and the path of report.html', async () => {
    // Prepare
    const stdout = buffer();
    const stderr = buffer();
    const out = join(dir, 'report');

    // Act
    const code = await runDemoCommand({ out }, { stdout, stderr });

    // Assess
    expect(code).toBe(0);
    const text = stdout.text();
    expect(text).toContain(
      'scan 2026-11-25T06-00-00Z-de01: 10 targets (9 ok, 1 failed, 1 with gaps) in 6 accounts, 327 API calls',
    );
    expect(text).toMatch(
      /diff against 2026-11-25T06-00-00Z-de01: [1-9]\d* regressed, [1-9]\d* new, \d+ persisting, [1-9]\d* resolved/,
    );
    expect(text).toContain('ACCOUNT       NAME');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      `report: ${join(out, 'scans', '2026-11-26T06-00-00Z-de02', 'report.html')}`,
    );
  });

  it('says in one line that the output directory cannot be written and exits 2', async () => {
    // Prepare
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a directory');
    const stdout = buffer();
    const stderr = buffer();

    // Act
    const code = await runDemoCommand(
      { out: join(file, 'report') },
      { stdout, stderr },
    );

    // Assess
    expect(code).toBe(2);
    const lines = stderr.text().trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(
      /^eks-netscan: cannot write the demo report to /,
    );
    expect(lines).toHaveLength(2);
  });
});
