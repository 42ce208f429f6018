/**
 * The org-scale benchmark, run in its own process so its CPU time and peak
 * RSS are its own: N targets (default 1,000 accounts × 1 region, each 3
 * clusters, 600 ENIs, 40 subnets, 30 SGs) at 20 ms per call, concurrency 64,
 * collected, evaluated and streamed to a `DirStore`. Prints one JSON line.
 *
 * Usage: node bin/run-ts.js bench/orgScale.ts [targets] [latencyMs] [concurrency]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { createClientFactory } from '../lib/aws/index.js';
import {
  collectSnapshot,
  createInstanceTypeCache,
} from '../lib/collect/index.js';
import {
  defaultPolicyDirs,
  evaluate,
  loadPolicies,
} from '../lib/engine/index.js';
import type { Target } from '../lib/snapshot/types.js';
import {
  DirStore,
  newScanId,
  putSnapshot,
  putStatus,
  targetPrefix,
} from '../lib/store/index.js';
import { createFakeAws } from '../test/helpers/fakeAws/index.js';
import { throttlingGaps } from './collect.js';
import { roleArnOf } from './common.js';

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
    const cache = createInstanceTypeCache();
    const now = new Date();
    const scanId = newScanId(now);
    const targets: Target[] = fake.accountIds.map((accountId) => ({
      accountId,
      region: 'us-east-1',
      roleArn: roleArnOf(accountId),
    }));
    let gaps = 0;
    let failed = 0;
    const limit = pLimit(concurrency);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      targets.map((target) =>
        limit(async () => {
          const startedAt = new Date();
          try {
            await factory.resolveCredentials(target);
            const snapshot = await collectSnapshot({
              target,
              scanId,
              clients: factory.clientsFor(target),
              instanceTypeCache: cache,
            });
            gaps += throttlingGaps(snapshot);
            const { results } = evaluate(snapshot, policies, { now, scanId });
            await putSnapshot(store, snapshot);
            await store.put(
              `${targetPrefix(scanId, target)}/results.jsonl`,
              Buffer.from(
                results.map((r) => `${JSON.stringify(r)}\n`).join(''),
              ),
            );
            await putStatus(store, scanId, {
              status: 'ok',
              accountId: target.accountId,
              region: target.region,
              apiCalls: snapshot.stats.apiCalls,
              callsByAction: snapshot.stats.callsByAction,
              gaps: snapshot.gaps.length,
              clusters: snapshot.clusters?.length ?? 0,
              enis: snapshot.networkInterfaces?.length ?? 0,
              durationMs: snapshot.stats.durationMs,
              startedAt: startedAt.toISOString(),
              finishedAt: new Date().toISOString(),
            });
          } catch (error) {
            failed += 1;
            process.stderr.write(
              `target ${target.accountId} failed: ${(error as Error).message}\n`,
            );
          }
        }),
      ),
    );
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    factory.destroy();
    const { key, rate } = fake.maxEc2RatePerSecond();
    return {
      targets: targetCount,
      concurrency,
      latencyMs,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      fakeCpuMs: fake.stats.selfMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      calls: fake.stats.total,
      throttledByFake: fake.stats.throttled,
      throttlingGaps: gaps,
      failedTargets: failed,
      maxEc2Rate: rate,
      maxEc2RateKey: key,
      via: 'bench pool (collectSnapshot → evaluate → DirStore); lib/run not present',
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
