/**
 * Target → Snapshot: walks EKS to learn which VPCs matter, reads each of them
 * once with VPC-scoped filters, then the limits of the instance types seen.
 *
 * @module
 */
import { ConfigError } from '../errors.js';
import {
  COLLECTION_NAMES,
  type CollectionName,
  type Gap,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
  type Vpc,
} from '../snapshot/types.js';
import { collectClusters, collectClusterVersions } from './collectors/eks.js';
import { collectInstanceTypes } from './collectors/instanceTypes.js';
import { collectLoadBalancers } from './collectors/loadBalancers.js';
import {
  collectSubnetCidrReservations,
  prefixModeSubnets,
} from './collectors/subnetCidrReservations.js';
import {
  listVpc,
  mergeVpcScoped,
  VPC_SCOPED_COLLECTORS,
} from './collectors/vpcScoped.js';
import {
  describeVpc,
  finishVpcs,
  resolveClusterVpcs,
} from './collectors/vpcs.js';
import { DEFAULT_COLLECT_OPTIONS } from './constants.js';
import { type CollectContext, createCollectContext } from './context.js';
import { createInstanceTypeCache } from './instanceTypeCache.js';
import type { CollectInput, CollectOptions } from './types.js';

/** The EC2 reads of one VPC, started together. */
interface VpcWork {
  /** `DescribeVpcs` and the two DNS attributes. */
  readonly vpc: Promise<Vpc | undefined>;
  /** One outcome per {@link VPC_SCOPED_COLLECTORS} entry, same order. */
  readonly listings: readonly Promise<unknown>[];
}

/** Starts every EC2 read of one VPC (10 of its 11 calls; DHCP is regional). */
const readVpc = (ctx: CollectContext, vpcId: string): VpcWork => {
  const work: VpcWork = {
    vpc: describeVpc(ctx, vpcId),
    listings: VPC_SCOPED_COLLECTORS.map((collector) =>
      listVpc(ctx, collector, vpcId),
    ),
  };
  // Awaited later, once the clusters are known; a programming error in a
  // mapper must not surface as an unhandled rejection meanwhile.
  for (const p of [work.vpc, ...work.listings]) p.catch(() => undefined);
  return work;
};

const OPTION_KEYS = Object.keys(DEFAULT_COLLECT_OPTIONS);

/** Rejects unknown option keys and invalid values (catches typos early). */
const resolveOptions = (
  options: CollectInput['options'] = {},
): CollectOptions => {
  const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length > 0) {
    throw new ConfigError(
      `collectSnapshot: unknown option(s) ${unknown.join(', ')}; known: ${OPTION_KEYS.join(', ')}`,
    );
  }
  const resolved = { ...DEFAULT_COLLECT_OPTIONS, ...options };
  if (!Number.isInteger(resolved.concurrency) || resolved.concurrency < 1) {
    throw new ConfigError(
      `collectSnapshot: concurrency must be a positive integer, got ${resolved.concurrency}`,
    );
  }
  if (
    !['off', 'prefix-mode-subnets'].includes(resolved.subnetCidrReservations)
  ) {
    throw new ConfigError(
      `collectSnapshot: subnetCidrReservations must be 'off' or 'prefix-mode-subnets', got ${String(resolved.subnetCidrReservations)}`,
    );
  }
  return resolved;
};

/** The API each collection is read with, for gaps of collections never read. */
const FIRST_API: Partial<Record<CollectionName, string>> = {
  clusters: 'eks:ListClusters',
  clusterVersions: 'eks:DescribeClusterVersions',
  vpcs: 'ec2:DescribeVpcs',
  dhcpOptions: 'ec2:DescribeDhcpOptions',
  instanceTypes: 'ec2:DescribeInstanceTypes',
  ...Object.fromEntries(
    VPC_SCOPED_COLLECTORS.map((c) => [c.collection, `ec2:${c.api}`]),
  ),
};

/** Collections read only when the caller supplies ELB clients. */
const ELB_FIRST_API: Partial<Record<CollectionName, string>> = {
  loadBalancers: 'elasticloadbalancing:DescribeLoadBalancers',
  listeners: 'elasticloadbalancing:DescribeListeners',
  targetGroups: 'elasticloadbalancing:DescribeTargetGroups',
};

/**
 * Gaps for collections that are absent because what they depend on failed
 * (no cluster list → no VPC ids → no VPC listings), so every absent
 * collection is explained by a gap.
 */
const dependencyGaps = (
  snapshot: Record<string, unknown>,
  gaps: Gap[],
  cause: { errorCode: string; message: string },
  withElb: boolean,
): Gap[] =>
  Object.entries({
    ...FIRST_API,
    ...(withElb ? ELB_FIRST_API : {}),
  }).flatMap(([collection, action]) => {
    if (snapshot[collection] !== undefined) return [];
    if (gaps.some((g) => g.collection === collection)) return [];
    const [, api = ''] = (action ?? '').split(':');
    return [
      {
        collection: collection as CollectionName,
        api,
        iamAction: action ?? '',
        errorCode: cause.errorCode,
        message: cause.message,
      },
    ];
  });

/** Gaps in a stable order (collection, API, scope), whatever the timing. */
const sortGaps = (gaps: Gap[]): Gap[] => {
  const key = (g: Gap) =>
    `${String(COLLECTION_NAMES.indexOf(g.collection)).padStart(2, '0')} ${g.api} ${JSON.stringify(g.scope ?? {})}`;
  return [...gaps].sort((a, b) => key(a).localeCompare(key(b)));
};

const deltaByAction = (
  after: Record<string, number>,
  before: Record<string, number>,
): Record<string, number> =>
  Object.fromEntries(
    Object.entries(after)
      .map(([action, n]) => [action, n - (before[action] ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/**
 * Collects one target (account × region) into a {@link Snapshot}.
 *
 * Never throws for AWS failures: every failed call becomes a gap and the rest
 * is still collected. Throws {@link ConfigError} only for invalid options.
 *
 * Call plan per region (every listing in one page, nothing failing):
 * `ListClusters`, per cluster `DescribeCluster`, `ListNodegroups`,
 * `DescribeAddon(vpc-cni)`, `ListFargateProfiles` and one describe per node
 * group and Fargate profile; `DescribeClusterVersions`; per VPC one
 * `DescribeVpcs`, two `DescribeVpcAttribute` and eight `vpc-id`-filtered
 * listings; one `DescribeDhcpOptions`; `DescribeInstanceTypes` per 100 types
 * not yet cached; with ELB clients, the load balancers of the cluster VPCs
 * (`collectLoadBalancers`). See {@link expectedCallCount}. Clusters that do
 * not name their VPC cost one extra `DescribeSubnets` (all of them together).
 *
 * Each call starts as soon as its inputs exist: `DescribeClusterVersions`
 * at once; a VPC's ten EC2 reads when the first cluster in it is described;
 * `DescribeDhcpOptions` when every VPC is described; `DescribeInstanceTypes`
 * when every VPC's instances and every node group are known. With 50 ms per
 * call that is about five calls deep.
 *
 * @param input - target, scan id, injected clients, optional clock, shared
 *   instance-type cache, abort signal and options
 * @returns the snapshot; `stats` come from `clients.counter` (difference
 *   between start and end, so a shared counter is fine)
 *
 * @example
 * const snapshot = await collectSnapshot({
 *   target: { accountId: '111122223333', region: 'eu-west-1' },
 *   scanId,
 *   clients, // from lib/aws
 *   instanceTypeCache, // shared by every target of the scan
 * });
 */
const collectSnapshot = async (input: CollectInput): Promise<Snapshot> => {
  const options = resolveOptions(input.options);
  const now = input.now ?? (() => new Date());
  const cache = input.instanceTypeCache ?? createInstanceTypeCache();
  const { clients, signal } = input;
  const withElb = Boolean(clients.elbv2 && clients.elb);
  const startedAt = now();
  const countBefore = clients.counter.total();
  const byActionBefore = clients.counter.byAction();
  const ctx = createCollectContext({
    clients,
    signal,
    concurrency: options.concurrency,
    callTimeoutMs: options.callTimeoutMs,
  });

  // Every call starts as soon as its inputs exist: a VPC's EC2 reads start
  // when the first cluster in it is described, not when all clusters are.
  const vpcWork = new Map<string, VpcWork>();
  const startVpc = (vpcId: string | undefined): void => {
    if (vpcId && !vpcWork.has(vpcId)) vpcWork.set(vpcId, readVpc(ctx, vpcId));
  };
  const [listedClusters, clusterVersions] = await Promise.all([
    collectClusters(ctx, (cluster) =>
      startVpc(cluster.resourcesVpcConfig.vpcId),
    ),
    collectClusterVersions(ctx),
  ]);
  const clusters = listedClusters
    ? await resolveClusterVpcs(ctx, listedClusters)
    : undefined;

  const collected: Record<string, unknown> = {
    clusters,
    clusterVersions,
  };
  if (clusters) {
    for (const cluster of clusters) startVpc(cluster.resourcesVpcConfig.vpcId);
    const vpcIds = [...vpcWork.keys()].sort();
    const work = vpcIds.map((id) => vpcWork.get(id) as VpcWork);
    const listingsDone = VPC_SCOPED_COLLECTORS.map(async (collector, i) =>
      mergeVpcScoped(
        collector,
        await Promise.all(work.map((w) => w.listings[i] as Promise<never>)),
      ),
    );
    const instancesDone = listingsDone[
      VPC_SCOPED_COLLECTORS.findIndex((c) => c.collection === 'instances')
    ] as Promise<{ instanceType: string }[] | undefined>;
    const networkInterfacesDone = listingsDone[
      VPC_SCOPED_COLLECTORS.findIndex(
        (c) => c.collection === 'networkInterfaces',
      )
    ] as Promise<Parameters<typeof prefixModeSubnets>[0] | undefined>;
    const nodegroupTypes = clusters.flatMap((c) =>
      (c.nodegroups ?? []).flatMap((n) => n.instanceTypes ?? []),
    );
    const [vpcResult, elbResult, instanceTypes, reservations, ...listings] =
      await Promise.all([
        vpcIds.length > 0
          ? Promise.all(work.map((w) => w.vpc)).then((vpcs) =>
              finishVpcs(ctx, vpcs),
            )
          : Promise.resolve({ vpcs: [], dhcpOptions: [] }),
        collectLoadBalancers(ctx, input.target, vpcIds),
        // Needs only the instances and node groups, not the other listings.
        instancesDone.then((instances) =>
          collectInstanceTypes(ctx, cache, [
            ...(instances ?? []).map((i) => i.instanceType),
            ...nodegroupTypes,
          ]),
        ),
        options.subnetCidrReservations === 'prefix-mode-subnets'
          ? networkInterfacesDone.then((enis) =>
              enis
                ? collectSubnetCidrReservations(ctx, prefixModeSubnets(enis))
                : undefined,
            )
          : Promise.resolve(undefined),
        ...listingsDone,
      ]);
    if (withElb) {
      // No cluster VPC: looked, and there is nothing to keep.
      collected.loadBalancers =
        vpcIds.length > 0 ? elbResult.loadBalancers : [];
      collected.listeners = vpcIds.length > 0 ? elbResult.listeners : [];
      collected.targetGroups = vpcIds.length > 0 ? elbResult.targetGroups : [];
    }
    collected.vpcs = vpcResult.vpcs;
    collected.dhcpOptions = vpcResult.dhcpOptions;
    VPC_SCOPED_COLLECTORS.forEach((collector, i) => {
      collected[collector.collection] = listings[i];
    });
    collected.instanceTypes = instanceTypes;
    collected.subnetCidrReservations = reservations;
  }

  const gaps = [
    ...ctx.gaps,
    ...dependencyGaps(
      collected,
      ctx.gaps,
      signal?.aborted
        ? { errorCode: 'Aborted', message: 'not called: collection aborted' }
        : {
            errorCode: 'DependencyFailed',
            message: `not called: ${clusters ? 'DescribeVpcs' : 'ListClusters'} failed`,
          },
      withElb,
    ),
  ];
  const finishedAt = now();
  const snapshot: Record<string, unknown> = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    scanId: input.scanId,
    target: { ...input.target },
    collectedAt: startedAt.toISOString(),
  };
  for (const [key, value] of Object.entries(collected)) {
    if (value !== undefined) snapshot[key] = value;
  }
  snapshot.gaps = sortGaps(gaps);
  snapshot.stats = {
    apiCalls: clients.counter.total() - countBefore,
    callsByAction: deltaByAction(clients.counter.byAction(), byActionBefore),
    durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
  };
  return snapshot as unknown as Snapshot;
};

export { collectSnapshot };
