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
} from '../snapshot/types.js';
import { collectClusters, collectClusterVersions } from './collectors/eks.js';
import { collectInstanceTypes } from './collectors/instanceTypes.js';
import { collectLoadBalancers } from './collectors/loadBalancers.js';
import {
  collectSubnetCidrReservations,
  prefixModeSubnets,
} from './collectors/subnetCidrReservations.js';
import {
  collectVpcScoped,
  VPC_SCOPED_COLLECTORS,
} from './collectors/vpcScoped.js';
import { collectVpcs, resolveClusterVpcs } from './collectors/vpcs.js';
import { DEFAULT_COLLECT_OPTIONS } from './constants.js';
import { createCollectContext } from './context.js';
import { createInstanceTypeCache } from './instanceTypeCache.js';
import type { CollectInput, CollectOptions } from './types.js';

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
 * group and Fargate profile; `DescribeClusterVersions`; one `DescribeVpcs`,
 * two `DescribeVpcAttribute` per VPC, one `DescribeDhcpOptions`; eight
 * `vpc-id`-filtered listings per VPC; `DescribeInstanceTypes` per 100 types
 * not yet cached; with ELB clients, the load balancers of the cluster VPCs
 * (`collectLoadBalancers`). See {@link expectedCallCount}. Clusters that do
 * not name their VPC cost one extra `DescribeSubnets` (all of them together).
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

  const [listedClusters, clusterVersions] = await Promise.all([
    collectClusters(ctx),
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
    const vpcIds = [
      ...new Set(
        clusters
          .map((c) => c.resourcesVpcConfig.vpcId)
          .filter((id): id is string => Boolean(id)),
      ),
    ].sort();
    const [vpcResult, elbResult, ...listings] = await Promise.all([
      vpcIds.length > 0
        ? collectVpcs(ctx, vpcIds)
        : Promise.resolve({ vpcs: [], dhcpOptions: [] }),
      collectLoadBalancers(ctx, input.target, vpcIds),
      ...VPC_SCOPED_COLLECTORS.map((collector) =>
        collectVpcScoped(ctx, collector, vpcIds),
      ),
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

    const instances = (collected.instances ?? []) as { instanceType: string }[];
    const types = [
      ...instances.map((i) => i.instanceType),
      ...clusters.flatMap((c) =>
        (c.nodegroups ?? []).flatMap((n) => n.instanceTypes ?? []),
      ),
    ];
    const [instanceTypes, reservations] = await Promise.all([
      collectInstanceTypes(ctx, cache, types),
      options.subnetCidrReservations === 'prefix-mode-subnets' &&
      collected.networkInterfaces
        ? collectSubnetCidrReservations(
            ctx,
            prefixModeSubnets(
              collected.networkInterfaces as Parameters<
                typeof prefixModeSubnets
              >[0],
            ),
          )
        : Promise.resolve(undefined),
    ]);
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
