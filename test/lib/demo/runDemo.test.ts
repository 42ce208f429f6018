import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScanId, runDemo } from '../../../lib/demo/runDemo.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eks-netscan-demo-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (path: string): Promise<string> => readFile(path, 'utf8');

describe('runDemo', () => {
  it('reports day 1 as a first scan and day 2 against day 1 with regressed, new and resolved findings', async () => {
    // Prepare
    const out = join(dir, 'two-days');

    // Act
    const [day1, day2] = await runDemo({ out });

    // Assess
    expect(day1?.scanId).toBe('2026-11-25T06-00-00Z-de01');
    expect(day2?.scanId).toBe('2026-11-26T06-00-00Z-de02');
    expect(day1?.summary.diff.previousScanId).toBeUndefined();
    expect(day2?.summary.diff).toMatchObject({
      previousScanId: day1?.scanId,
    });
    expect(day2?.summary.diff.regressed).toBeGreaterThan(0);
    expect(day2?.summary.diff.new).toBeGreaterThan(0);
    expect(day2?.summary.diff.resolved).toBeGreaterThan(0);
    expect(day2?.summary.coverage.failed).toHaveLength(1);
    expect(day2?.summary.accounts).toBe(6);
    expect(await read(day2?.reportPath ?? '')).toContain('<!doctype html>');
    expect(JSON.parse(await read(join(out, 'latest.json')))).toMatchObject({
      scanId: day2?.scanId,
    });
  });

  it('writes the same bytes every run', async () => {
    // Prepare
    const out = join(dir, 'twice');
    const summary = join(out, 'scans', demoScanId(2), 'summary.json');
    const html = join(out, 'scans', demoScanId(2), 'report.html');
    await runDemo({ out });
    const first = [await read(summary), await read(html)];

    // Act
    await runDemo({ out });

    // Assess
    expect([await read(summary), await read(html)]).toEqual(first);
  });

  it("puts back a real scan's latest.json so real scans keep diffing against real scans", async () => {
    // Prepare
    const out = join(dir, 'with-real-scans');
    await runDemo({ out });
    const real = '{"scanId":"2026-11-20T08-00-00Z-ab12"}\n';
    await writeFile(join(out, 'latest.json'), real);

    // Act
    const [day1] = await runDemo({ out });

    // Assess
    expect(day1?.summary.diff.previousScanId).toBeUndefined();
    expect(await read(join(out, 'latest.json'))).toBe(real);
  });
});
