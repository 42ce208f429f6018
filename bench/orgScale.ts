/**
 * The org-scale benchmark, run in its own process so its CPU time and peak
 * RSS are its own: N targets (default 1,000 accounts × 1 region, each 3
 * clusters, 600 ENIs, 40 subnets, 30 SGs) at 20 ms per call, concurrency 64,
 * through `runScan` (collect, evaluate, stream to a `DirStore`, report
 * stage). Prints one JSON line.
 *
 * Usage: node bin/run-ts.js bench/orgScale.ts [targets] [latencyMs] [concurrency]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClientFactory } from '../lib/aws/index.js';
import { defaultPolicyDirs, loadPolicies } from '../lib/engine/index.js';
import { readStatuses, runScan } from '../lib/run/index.js';
import { DirStore } from '../lib/store/index.js';
import { createFakeAws } from '../test/helpers/fakeAws/index.js';
import { THROTTLING_CODES } from './collect.js';

/** Role name the fake organization's accounts are scanned with. */
const ROLE_NAME = 'eks-netscan';

/** What the child reports to `bench/run.ts`. */
interface OrgScaleReport {
  readonly targets: number;
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** CPU the fake transport itself spent (routing, bodies). */
  readonly fakeCpuMs: number;
  readonly peakRssMb: number;
  /** Highest sampled RSS while targets were being scanned. */
  readonly peakRssTargetsMb: number;
  /** Highest sampled RSS during the report stage. */
  readonly peakRssReportMb: number;
  readonly calls: number;
  readonly throttledByFake: number;
  readonly throttlingGaps: number;
  readonly failedTargets: number;
  readonly maxEc2Rate: number;
  readonly maxEc2RateKey: string;
  readonly via: string;
}

const run = async (
  targetCount: number,
  latencyMs: number,
  concurrency: number,
): Promise<OrgScaleReport> => {
  const fake = createFakeAws({ accounts: targetCount, latencyMs });
  const root = await mkdtemp(join(tmpdir(), 'eks-netscan-bench-'));
  try {
    const store = new DirStore(root);
    const { policies } = await loadPolicies(defaultPolicyDirs());
    const factory = createClientFactory({
      requestHandler: fake.handler,
      credentials: fake.credentials,
      region: 'us-east-1',
    });
    const now = new Date();
    // RSS per phase: collection of the targets, then the report stage.
    let scanned = 0;
    let peakTargetsMb = 0;
    let peakReportMb = 0;
    const sampler = setInterval(() => {
      const mb = process.memoryUsage().rss / 1024 / 1024;
      if (scanned < fake.accountIds.length) {
        peakTargetsMb = Math.max(peakTargetsMb, mb);
      } else {
        peakReportMb = Math.max(peakReportMb, mb);
      }
    }, 100);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    // An account list (as `--accounts`) rather than the organization, so the
    // 50 sequential ListAccounts pages stay out of a bound that ignores them.
    const output = await runScan(
      {
        selection: {
          accounts: { source: 'list', accountIds: fake.accountIds },
          regions: { source: 'list', regions: ['us-east-1'] },
          roleName: ROLE_NAME,
        },
        concurrency,
        evaluation: { policies },
      },
      {
        store,
        factory,
        now: () => now,
        onStatus: () => {
          scanned += 1;
        },
      },
    );
    clearInterval(sampler);
    const failed = output.statuses.filter((s) => s.status !== 'ok').length;
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    factory.destroy();
    // Read back outside the timed part: throttling that reached the stored
    // statuses as gaps.
    const stored = await readStatuses(store, output.scanId, 32);
    const gaps = stored
      .flatMap((status) => status.gapDetails ?? [])
      .filter((gap) => THROTTLING_CODES.has(gap.errorCode)).length;
    const { key, rate } = fake.maxEc2RatePerSecond();
    return {
      targets: targetCount,
      concurrency,
      latencyMs,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      fakeCpuMs: fake.stats.selfMs,
      peakRssMb,
      peakRssTargetsMb: peakTargetsMb,
      peakRssReportMb: peakReportMb,
      calls: fake.stats.total,
      throttledByFake: fake.stats.throttled,
      throttlingGaps: gaps,
      failedTargets: failed,
      maxEc2Rate: rate,
      maxEc2RateKey: key,
      via: `runScan (DirStore, report stage included; ${output.apiCalls} API calls counted by the scan)`,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
};

const [targets = '1000', latency = '20', concurrency = '64'] =
  process.argv.slice(2);
const report = await run(Number(targets), Number(latency), Number(concurrency));
process.stdout.write(`${JSON.stringify(report)}\n`);

export type { OrgScaleReport };
