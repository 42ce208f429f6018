/**
 * `npm run bench`: runs every benchmark in one process tree, prints a table
 * and writes `bench/results.json` (an array of `{ name, value, unit, goal,
 * met }`). The org-scale run is a child process so its CPU time and peak RSS
 * are its own. Environment knobs: `BENCH_ORG_TARGETS` (default 1000),
 * `BENCH_ENGINE_ENIS` (default 100000).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  benchApiEconomy,
  benchLatencyHiding,
  benchPoliteness,
} from './collect.js';
import { atLeast, atMost, type Measure } from './common.js';
import type { OrgScaleReport } from './orgScale.js';

const ORG_LATENCY_MS = 20;
const ORG_CONCURRENCY = 64;
/**
 * Calls on one target's critical path once the instance-type cache is warm:
 * AssumeRole → ListClusters → ListNodegroups → DescribeNodegroup →
 * DescribeVpcs → DescribeDhcpOptions (everything else runs beside them).
 */
const CRITICAL_PATH_CALLS = 6;
const POLITE_LIMIT = 5;

const here = (file: string): string =>
  fileURLToPath(new URL(file, import.meta.url));

/** Longest the engine child may run before it is stopped and reported. */
const ENGINE_TIMEOUT_MS = 180_000;

/**
 * Runs `bench/engineChild.ts` in a child process with a timeout; a child that
 * does not finish is reported as a missed goal with the time it was given.
 */
const runEngine = (enis: number): Promise<Measure[]> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [here('../bin/run-ts.js'), here('./engineChild.ts'), String(enis)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, ENGINE_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        resolve([
          atMost(
            `engine: all rules on a ${Math.round(enis / 1000)}k-ENI snapshot`,
            performance.now() - started,
            'ms',
            1000,
            `stopped after ${ENGINE_TIMEOUT_MS / 1000} s without finishing (derive() and evaluate() of ${enis} ENIs)`,
          ),
        ]);
        return;
      }
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`engine child exited with ${code}`));
        return;
      }
      resolve(JSON.parse(line) as Measure[]);
    });
  });

/** Runs `bench/orgScale.ts` in a child process and parses its report. */
const runOrgScale = (targets: number): Promise<OrgScaleReport> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        here('../bin/run-ts.js'),
        here('./orgScale.ts'),
        String(targets),
        String(ORG_LATENCY_MS),
        String(ORG_CONCURRENCY),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`orgScale exited with ${code}: ${line}`));
        return;
      }
      resolve(JSON.parse(line) as OrgScaleReport);
    });
  });

const orgScaleMeasures = (report: OrgScaleReport): Measure[] => {
  const lowerBoundMs =
    Math.ceil(report.targets / report.concurrency) *
    CRITICAL_PATH_CALLS *
    report.latencyMs;
  const perTarget = report.cpuMs / report.targets;
  const via = `${report.targets} targets, ${report.calls} calls, ${report.failedTargets} failed; ${report.via}`;
  return [
    atMost(
      'org scale: wall ÷ lower bound',
      report.wallMs / lowerBoundMs,
      'ratio',
      1.5,
      `wall ${Math.round(report.wallMs)} ms, lower bound ${lowerBoundMs} ms (⌈targets ÷ ${report.concurrency}⌉ × ${CRITICAL_PATH_CALLS} calls × ${report.latencyMs} ms); ${via}`,
    ),
    atMost(
      'org scale: CPU per target',
      perTarget,
      'ms',
      50,
      `process CPU ${Math.round(report.cpuMs)} ms, of which the fake transport ${Math.round(report.fakeCpuMs)} ms`,
    ),
    atMost(
      'org scale: peak RSS',
      report.peakRssMb,
      'MB',
      512,
      `sampled peak ${Math.round(report.peakRssTargetsMb)} MB while scanning targets, ${Math.round(report.peakRssReportMb)} MB in the report stage`,
    ),
    atMost(
      'org scale: max EC2 requests/s per (account, region, action)',
      report.maxEc2Rate,
      'req/s',
      POLITE_LIMIT,
      `worst key ${report.maxEc2RateKey}`,
    ),
    atMost(
      'org scale: throttling errors surfaced to results',
      report.throttlingGaps,
      'gaps',
      0,
      `fake answered ${report.throttledByFake} RequestLimitExceeded`,
    ),
  ];
};

/**
 * `bench/engineFacts.ts` (the engine's own check on synthetic facts: 100k
 * ENIs, 2,000 subnets, 500 SGs, 50 clusters) runs as a child and prints JSON.
 */
const engineFactsMeasures = async (): Promise<Measure[]> => {
  const path = here('./engineFacts.ts');
  if (!existsSync(path)) return [];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [here('../bin/run-ts.js'), path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`engineFacts: ${code}`)),
    );
  });
  const facts = JSON.parse(out) as {
    evaluations: number;
    evaluateMsBest: number;
    evaluationsPerSecond: number;
    loadMsCold: number;
  };
  return [
    atMost(
      'engine (synthetic facts): all rules on 100k ENIs',
      facts.evaluateMsBest,
      'ms',
      1000,
      `bench/engineFacts.ts, best of 5, ${facts.evaluations} evaluations; cold load ${facts.loadMsCold} ms`,
    ),
    atLeast(
      'engine (synthetic facts): evaluations per second',
      facts.evaluationsPerSecond,
      'evals/s',
      1_000_000,
    ),
  ];
};

/** `bench/lambda.ts` belongs to the serverless work; used when present. */
const lambdaMeasures = async (): Promise<Measure[]> => {
  const path = here('./lambda.ts');
  if (!existsSync(path)) return [];
  const specifier = './lambda.js';
  const mod = (await import(specifier)) as {
    benchLambda?: () => Promise<Measure[]>;
  };
  return mod.benchLambda ? await mod.benchLambda() : [];
};

const formatTable = (measures: readonly Measure[]): string => {
  const rows = measures.map((m) => [
    m.met ? 'ok ' : 'MISS',
    m.name,
    `${m.value} ${m.unit}`,
    m.goal,
  ]);
  const widths = [4, 0, 0, 0].map((w, i) =>
    Math.max(w, ...rows.map((r) => (r[i] ?? '').length)),
  );
  return rows
    .map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '))
    .join('\n');
};

const main = async (): Promise<void> => {
  const orgTargets = Number(process.env.BENCH_ORG_TARGETS ?? 1000);
  const engineEnis = Number(process.env.BENCH_ENGINE_ENIS ?? 100_000);
  const measures: Measure[] = [];
  const step = async (label: string, run: () => Promise<Measure[]>) => {
    const started = performance.now();
    process.stderr.write(`bench: ${label}…\n`);
    try {
      measures.push(...(await run()));
    } catch (error) {
      measures.push({
        ...atMost(label, Number.NaN, 'error', 0),
        note: (error as Error).message.split('\n')[0] ?? '',
      });
    }
    process.stderr.write(
      `bench: ${label} done in ${Math.round(performance.now() - started)} ms\n`,
    );
  };
  // In a child: its policy load is a cold one, and a slow derive() is bounded.
  await step('engine', () => runEngine(engineEnis));
  await step('engine, synthetic facts', engineFactsMeasures);
  await step('API economy', benchApiEconomy);
  await step('latency hiding', benchLatencyHiding);
  await step(
    'politeness',
    async () => (await benchPoliteness(POLITE_LIMIT)).measures,
  );
  await step('org scale', async () =>
    orgScaleMeasures(await runOrgScale(orgTargets)),
  );
  await step('lambda', lambdaMeasures);

  process.stdout.write(`${formatTable(measures)}\n`);
  for (const m of measures.filter((x) => x.note)) {
    process.stdout.write(`  ${m.name}: ${m.note}\n`);
  }
  await writeFile(
    here('./results.json'),
    `${JSON.stringify(measures, null, 2)}\n`,
  );
  process.stdout.write(
    `wrote bench/results.json (${measures.filter((m) => m.met).length}/${measures.length} goals met)\n`,
  );
};

await main();
