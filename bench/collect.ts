/**
 * Collection benchmarks over the fake AWS transport: API economy, latency
 * hiding and politeness.
 */
import { createClientFactory } from '../lib/aws/index.js';
import {
  collectSnapshot,
  createInstanceTypeCache,
  expectedCallCount,
} from '../lib/collect/index.js';
import type { Snapshot, Target } from '../lib/snapshot/types.js';
import {
  createFakeAws,
  type TargetShape,
} from '../test/helpers/fakeAws/index.js';
import {
  atMost,
  collectOne,
  exactly,
  type Measure,
  roleArnOf,
} from './common.js';

/** Error codes that mean "throttled" (reference §4.4). */
const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

/** Gaps of a snapshot that are throttling errors. */
const throttlingGaps = (snapshot: Snapshot): number =>
  snapshot.gaps.filter((g) => THROTTLING_CODES.has(g.errorCode)).length;

/** Calls per target ÷ the call-plan formula, for a few known shapes. */
const benchApiEconomy = async (): Promise<Measure[]> => {
  const shapes: Partial<TargetShape>[] = [
    { clusters: 3, nodegroupsPerCluster: 2, vpcs: 1 },
    {
      clusters: 5,
      nodegroupsPerCluster: 3,
      fargateProfilesPerCluster: 1,
      vpcs: 2,
    },
  ];
  const ratios: string[] = [];
  let worst = 1;
  for (const shape of shapes) {
    const { snapshot, fake } = await collectOne({ shape, ec2Buckets: false });
    const plan = fake.model.plan;
    const expected = expectedCallCount({
      clusters: plan.clusters,
      nodegroups: plan.nodegroups,
      fargateProfiles: plan.fargateProfiles,
      vpcs: plan.vpcs,
      instanceTypesToFetch: plan.instanceTypes,
      elb: plan.elb,
    });
    const seen = [...fake.stats.byTarget.values()].reduce((a, b) => a + b, 0);
    if (snapshot.gaps.length > 0) {
      throw new Error(`economy run had gaps: ${JSON.stringify(snapshot.gaps)}`);
    }
    const ratio = seen / expected;
    ratios.push(
      `C=${plan.clusters} N=${plan.nodegroups} F=${plan.fargateProfiles} V=${plan.vpcs} T=${plan.instanceTypes}: ${seen}/${expected}`,
    );
    if (Math.abs(ratio - 1) > Math.abs(worst - 1)) worst = ratio;
  }
  return [
    exactly(
      'API economy: calls per target ÷ call-plan formula',
      worst,
      'ratio',
      1,
      ratios.join('; '),
    ),
  ];
};

/** One target with 5 clusters at 50 ms per call: wall ÷ 50 ms. */
const benchLatencyHiding = async (): Promise<Measure[]> => {
  const latencyMs = 50;
  // Warm the SDK's lazy loading so the first call is not measured.
  await collectOne({ shape: { clusters: 1, enis: 10 } });
  const shapes: [string, Partial<TargetShape>][] = [
    ['1 node group/cluster', { clusters: 5, nodegroupsPerCluster: 1 }],
    ['2 node groups/cluster', { clusters: 5, nodegroupsPerCluster: 2 }],
  ];
  const out: Measure[] = [];
  for (const [label, shape] of shapes) {
    const { wallMs, fake } = await collectOne({ shape, latencyMs });
    out.push(
      atMost(
        `latency hiding: 5 clusters, ${label}, wall ÷ 50 ms`,
        wallMs / latencyMs,
        'calls deep',
        6,
        `${Math.round(wallMs)} ms for ${fake.stats.total} calls at ${latencyMs} ms each (no AssumeRole)`,
      ),
    );
  }
  return out;
};

/**
 * Several accounts scanned at once with pagination-heavy shapes while the
 * fake enforces EC2's buckets: the highest rate any (account, region, EC2
 * action) saw, and throttling errors that reached the snapshots.
 */
const benchPoliteness = async (
  limit = 5,
): Promise<{ measures: Measure[]; maxRate: number }> => {
  const fake = createFakeAws({
    accounts: 4,
    regions: ['us-east-1', 'eu-west-1'],
    latencyMs: 5,
    // Six VPCs: 6 calls per VPC listing and 12 DescribeVpcAttribute calls
    // per target, more than 5/s if nothing held them back.
    shape: {
      clusters: 6,
      vpcs: 6,
      nodegroupsPerCluster: 2,
      enis: 100,
      subnets: 12,
      securityGroups: 10,
    },
  });
  const factory = createClientFactory({
    requestHandler: fake.handler,
    credentials: fake.credentials,
    region: 'us-east-1',
    ratePerSecond: { ec2: limit, eks: limit },
  });
  const cache = createInstanceTypeCache();
  const targets: Target[] = fake.accountIds.flatMap((accountId) =>
    fake.regions.map((region) => ({
      accountId,
      region,
      roleArn: roleArnOf(accountId),
    })),
  );
  const snapshots = await Promise.all(
    targets.map((target) =>
      collectSnapshot({
        target,
        scanId: '20260101T000000Z-polite',
        clients: factory.clientsFor(target),
        instanceTypeCache: cache,
      }),
    ),
  );
  factory.destroy();
  const { key, rate } = fake.maxEc2RatePerSecond();
  // The limiter spaces grants exactly 1 s apart; sub-millisecond jitter
  // between grant and wire can put one more request into a strict window.
  const tolerant = fake.maxEc2RatePerSecond(990).rate;
  const throttled = snapshots.reduce((n, s) => n + throttlingGaps(s), 0);
  return {
    maxRate: rate,
    measures: [
      atMost(
        'politeness: max EC2 requests/s per (account, region, action)',
        rate,
        'req/s',
        limit,
        `${targets.length} targets at once, up to 12 calls per action; worst key ${key}; ${tolerant} req in any 990 ms window; fake answered ${fake.stats.throttled} RequestLimitExceeded`,
      ),
      atMost(
        'politeness: throttling errors surfaced to results',
        throttled,
        'gaps',
        0,
      ),
    ],
  };
};

export {
  benchApiEconomy,
  benchLatencyHiding,
  benchPoliteness,
  THROTTLING_CODES,
  throttlingGaps,
};
