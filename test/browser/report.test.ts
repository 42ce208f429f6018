/**
 * The demo's report.html in real headless Chromium (Debian's
 * `/usr/bin/chromium`, driven by playwright-core): it renders with no
 * console error, requests nothing but itself, shows every section and every
 * failing result, and keeps hostile values from the data inert.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_SCAN_TIMES,
  demoOrganization,
} from '../../lib/demo/organization.js';
import { type DemoDayOutcome, runDemo } from '../../lib/demo/runDemo.js';
import {
  defaultPolicyDirs,
  loadPolicies,
} from '../../lib/engine/loadPolicies.js';
import type { Result } from '../../lib/engine/types.js';
import { runReport } from '../../lib/run/runReport.js';
import { scanTarget } from '../../lib/run/scanTarget.js';
import type { Snapshot } from '../../lib/snapshot/types.js';
import { DirStore } from '../../lib/store/dirStore.js';
import { reportKey } from '../../lib/store/keys.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = resolve('test-results', 'report.png');

/** What a page did while it was open. */
interface PageLog {
  readonly consoleErrors: string[];
  readonly requests: string[];
  readonly dialogs: string[];
}

let browser: Browser;
let workDir: string;

const openReport = async (
  path: string,
): Promise<{ page: Page; log: PageLog }> => {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    javaScriptEnabled: true,
  });
  const page = await context.newPage();
  const log: PageLog = { consoleErrors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') log.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => log.consoleErrors.push(error.message));
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('dialog', async (dialog) => {
    log.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  return { page, log };
};

/** Every stored result of a scan, read back from the report directory. */
const storedResults = async (
  out: string,
  scanId: string,
): Promise<Result[]> => {
  const root = join(out, 'scans', scanId, 'targets');
  const results: Result[] = [];
  for (const account of await readdir(root)) {
    for (const region of await readdir(join(root, account))) {
      const text = await readFile(
        join(root, account, region, 'results.jsonl'),
        'utf8',
      ).catch(() => '');
      for (const line of text.split('\n')) {
        if (line.trim() !== '') results.push(JSON.parse(line) as Result);
      }
    }
  }
  return results;
};

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'eks-netscan-browser-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the demo report in Chromium', () => {
  let day2: DemoDayOutcome;
  let out: string;

  beforeAll(async () => {
    out = join(workDir, 'demo');
    const days = await runDemo({ out });
    day2 = days[1] as DemoDayOutcome;
  });

  it('renders with no console error and requests nothing but the file itself', async () => {
    // Prepare
    const { page, log } = await openReport(day2.reportPath);

    // Act
    await mkdir(resolve('test-results'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Assess
    expect(log.consoleErrors).toEqual([]);
    expect(log.requests).toEqual([pathToFileURL(day2.reportPath).href]);
    expect(log.dialogs).toEqual([]);
    await page.context().close();
  });

  it('shows the summary, coverage, diff and every cluster with SVG headroom bars', async () => {
    // Prepare
    const { page } = await openReport(day2.reportPath);
    const clusters = day2.summary.byCluster.length;

    // Act
    const sections = await page.$$eval('main > section', (nodes) =>
      nodes.map((n) => n.id),
    );
    const summaryText = await page.textContent('#summary');
    const coverageText = await page.textContent('#coverage');
    const diffText = await page.textContent('#diff');
    const articles = await page.$$eval('#clusters article.cluster', (nodes) =>
      nodes.map((n) => ({
        bars: n.querySelectorAll('svg[aria-label="Subnet IP headroom"] rect')
          .length,
        title: n.querySelector('h3')?.textContent ?? '',
      })),
    );

    // Assess
    expect(sections).toEqual([
      'summary',
      'coverage',
      'diff',
      'clusters',
      'findings',
      'waivers',
    ]);
    expect(summaryText).toContain(`${day2.summary.totals.pass}`);
    expect(coverageText).toContain('456789012345');
    expect(coverageText).toContain('AccessDenied');
    expect(diffText).toContain('Regressed (was passing)');
    expect(diffText).toContain('2026-11-25T06-00-00Z-de01');
    expect(articles.length).toBeGreaterThanOrEqual(clusters);
    expect(articles.length).toBe(10);
    for (const article of articles) {
      expect(article.bars, article.title).toBeGreaterThan(0);
    }
    await page.context().close();
  });

  it('lists every failing result of the scan with its evidence', async () => {
    // Prepare
    const failing = (await storedResults(out, day2.scanId)).filter(
      (r) => r.status === 'fail',
    );
    const { page } = await openReport(day2.reportPath);

    // Act
    const rows = await page.$$eval('#findings article.rule tbody tr', (trs) =>
      trs.map((tr) => ({
        resource: tr.querySelector('td:nth-child(4)')?.textContent ?? '',
        message: tr.querySelector('td:nth-child(5)')?.textContent ?? '',
        evidence: tr.querySelector('td:nth-child(6) pre')?.textContent ?? '',
      })),
    );

    // Assess
    expect(failing.length).toBe(day2.summary.totals.fail);
    expect(rows).toHaveLength(failing.length);
    const shown = new Map(rows.map((r) => [`${r.resource}\n${r.message}`, r]));
    for (const result of failing) {
      const row = shown.get(`${result.resourceId}\n${result.message}`);
      expect(row, `${result.ruleId} ${result.resourceId}`).toBeDefined();
      for (const key of Object.keys(result.evidence)) {
        expect(row?.evidence, `${result.ruleId} evidence`).toContain(
          `${key}: `,
        );
      }
    }
    await page.context().close();
  });
});

describe('hostile values in the scanned data', () => {
  const HOSTILE = [
    '<script>window.__pwned=1;alert("tag")</script>',
    '"><img src=x onerror="window.__pwned=2;alert(1)">',
    "=cmd|' /C calc'!A0",
    "' onmouseover='alert(3)",
  ];
  let reportPath: string;

  beforeAll(async () => {
    // Prepare: day 1 of the demo with hostile account, cluster, node group
    // and tag values, through the same scan and report code.
    const out = join(workDir, 'hostile');
    const store = new DirStore(out);
    const scanId = '2026-11-25T06-00-00Z-bad1';
    const { policies } = await loadPolicies(defaultPolicyDirs());
    const targets = demoOrganization(1, scanId).map((t) => {
      if (!t.snapshot) return t;
      const snapshot = structuredClone(t.snapshot) as {
        -readonly [K in keyof Snapshot]: unknown;
      } & Snapshot;
      const text = JSON.stringify(snapshot)
        .replaceAll(
          '"Name":"dev-node-a"',
          `"Name":${JSON.stringify(HOSTILE[0])}`,
        )
        .replaceAll(
          '"team":"platform"',
          `"team":${JSON.stringify(HOSTILE[2])}`,
        );
      const hostile = JSON.parse(text) as Snapshot;
      for (const cluster of hostile.clusters ?? []) {
        if (cluster.name !== 'dev') continue;
        for (const group of cluster.nodegroups ?? []) {
          (group as { nodegroupName: string }).nodegroupName =
            HOSTILE[1] as string;
        }
      }
      return {
        ...t,
        target: { ...t.target, accountName: HOSTILE[3] as string },
        snapshot: {
          ...hostile,
          target: { ...hostile.target, accountName: HOSTILE[3] as string },
        },
      };
    });
    let tick = 0;
    const now = () => new Date(Date.parse(DEMO_SCAN_TIMES[1]) + 250 * tick++);
    const statuses = [];
    for (const entry of targets) {
      statuses.push(
        await scanTarget(entry.target, {
          scanId,
          store,
          now,
          evaluation: { policies },
          source: async () => {
            if (!entry.snapshot) throw new Error(HOSTILE.join(' '));
            return entry.snapshot;
          },
        }),
      );
    }
    await runReport(scanId, store, { now, knownStatuses: statuses });
    reportPath = join(out, ...reportKey(scanId, 'report.html').split('/'));
  });

  it('fires no dialog, runs no script, requests nothing and shows the values as text', async () => {
    // Prepare
    const { page, log } = await openReport(reportPath);

    // Act
    const pwned = await page.evaluate('window.__pwned');
    const text = (await page.textContent('body')) ?? '';
    const injected = await page.$$eval(
      'main script, main img',
      (n) => n.length,
    );

    // Assess
    expect(log.dialogs).toEqual([]);
    expect(pwned).toBeUndefined();
    expect(injected).toBe(0);
    expect(log.requests).toEqual([pathToFileURL(reportPath).href]);
    expect(log.consoleErrors).toEqual([]);
    for (const value of HOSTILE) expect(text).toContain(value);
    await page.context().close();
  });
});
