/**
 * Subnet facts: routing, egress, load-balancer tags and cluster membership.
 * The IP-headroom facts come from derive-cni's `ipSubnetFacts` and are merged
 * in by `derive()`.
 *
 * @module
 */
import type { SubnetFacts } from '../facts.js';
import type { Subnet } from '../types.js';
import {
  availableEndpointServicesOf,
  ec2Arn,
  endpointShortName,
  isAvailable,
  nameOf,
  sortedUnique,
} from './common.js';
import { CLUSTER_TAG_PREFIX, type DeriveContext } from './context.js';
import { type SubnetRouting, subnetRouting } from './network.js';

/** Subnet facts computed by derive-cni's `ipSubnetFacts`. */
type SubnetIpFactKeys =
  | 'usableIpCount'
  | 'freePercent'
  | 'isPodSubnet'
  | 'free28Blocks'
  | 'hostsPrefixModeEnis'
  | 'hostsNonKubernetesEnis'
  | 'hasPrefixReservation'
  | 'leakedEniIps'
  | 'ownedByOtherAccount';

/** Subnet facts this module computes. */
type SubnetNetFacts = Omit<SubnetFacts, SubnetIpFactKeys>;

/** Subnet tag marking subnets for internet-facing load balancers. */
const ELB_TAG = 'kubernetes.io/role/elb';
/** Subnet tag marking subnets for internal load balancers. */
const INTERNAL_ELB_TAG = 'kubernetes.io/role/internal-elb';

/** A role tag counts when its value is `1` or empty (LBC subnet discovery). */
const roleTagSet = (value: string | undefined): boolean =>
  value === '1' || value === '';

/**
 * True when the subnet carries role tag `key` with value `1` or empty.
 *
 * @param subnet - the subnet as collected
 * @param key - {@link ELB_TAG} or {@link INTERNAL_ELB_TAG}
 */
const hasRoleTag = (subnet: Subnet, key: string): boolean =>
  roleTagSet(subnet.tags[key]);

/**
 * `elb`, `internal-elb` or `''` from the `kubernetes.io/role/*` tags. A
 * subnet carrying both reports `elb` (the tag that exposes more).
 */
const elbRoleOf = (subnet: Subnet): string =>
  hasRoleTag(subnet, ELB_TAG)
    ? 'elb'
    : hasRoleTag(subnet, INTERNAL_ELB_TAG)
      ? 'internal-elb'
      : '';

/** Cluster names from `kubernetes.io/cluster/<name>` tags, sorted. */
const clusterTagNamesOf = (tags: Readonly<Record<string, string>>): string[] =>
  sortedUnique(
    Object.keys(tags)
      .filter((key) => key.startsWith(CLUSTER_TAG_PREFIX))
      .map((key) => key.slice(CLUSTER_TAG_PREFIX.length)),
  );

/**
 * True when a subnet has no egress for the cluster's family: no `0.0.0.0/0`
 * route (IPv4 clusters), or neither a `0.0.0.0/0` nor a `::/0` route (IPv6
 * clusters, whose Pods can use an egress-only gateway).
 *
 * @param routing - the subnet's routing facts
 * @param ipFamily - the cluster's IP family
 */
const lacksEgress = (routing: SubnetRouting, ipFamily: string): boolean =>
  routing.defaultEgress === 'none' &&
  (ipFamily !== 'ipv6' || routing.ipv6DefaultEgress === 'none');

const privateClustersCache = new WeakMap<DeriveContext, Set<string>>();

/**
 * Clusters that are private: no public endpoint, or a node subnet with no
 * egress at all. Memoised per context.
 *
 * @param ctx - derive context
 */
const privateClusterNames = (ctx: DeriveContext): ReadonlySet<string> => {
  const cached = privateClustersCache.get(ctx);
  if (cached !== undefined) return cached;
  const names = new Set<string>();
  for (const cluster of ctx.clusters) {
    const family = cluster.kubernetesNetworkConfig?.ipFamily ?? 'ipv4';
    const vpcId = ctx.clusterVpcId.get(cluster.name);
    const noEgress = (ctx.nodeSubnetsByCluster.get(cluster.name) ?? []).some(
      (subnetId) => lacksEgress(subnetRouting(ctx, subnetId, vpcId), family),
    );
    if (!cluster.resourcesVpcConfig.endpointPublicAccess || noEgress) {
      names.add(cluster.name);
    }
  }
  privateClustersCache.set(ctx, names);
  return names;
};

/** True when `subnetId` is a node subnet of a private cluster. */
const inPrivateCluster = (ctx: DeriveContext, subnetId: string): boolean => {
  const privateNames = privateClusterNames(ctx);
  for (const name of ctx.nodeSubnetOf.get(subnetId) ?? []) {
    if (privateNames.has(name)) return true;
  }
  return false;
};

/** IP families of the clusters using `subnetId` as a node subnet, sorted. */
const nodeClusterIpFamilies = (
  ctx: DeriveContext,
  subnetId: string,
): string[] => {
  const names = ctx.nodeSubnetOf.get(subnetId);
  if (names === undefined) return [];
  const families = new Set<string>();
  for (const name of names) {
    const cluster = ctx.clusterByName.get(name);
    families.add(cluster?.kubernetesNetworkConfig?.ipFamily ?? 'ipv4');
  }
  return [...families].sort();
};

const isAutoMode = (ctx: DeriveContext, name: string): boolean =>
  ctx.clusterByName.get(name)?.computeConfig?.enabled === true;

const anyAutoModeCache = new WeakMap<DeriveContext, boolean>();

/**
 * True when some cluster uses `subnetId` (cluster, node or Fargate subnet,
 * or the cluster of a Kubernetes ENI in it) and all of them are Auto Mode.
 */
const autoModeOnly = (ctx: DeriveContext, subnetId: string): boolean => {
  let anyAutoMode = anyAutoModeCache.get(ctx);
  if (anyAutoMode === undefined) {
    anyAutoMode = ctx.clusters.some((c) => c.computeConfig?.enabled === true);
    anyAutoModeCache.set(ctx, anyAutoMode);
  }
  // Without any Auto Mode cluster the ENI scan below is wasted work.
  if (!anyAutoMode) return false;
  let users = 0;
  for (const map of [
    ctx.clusterSubnetOf,
    ctx.nodeSubnetOf,
    ctx.fargateSubnetOf,
  ]) {
    for (const name of map.get(subnetId) ?? []) {
      if (!isAutoMode(ctx, name)) return false;
      users++;
    }
  }
  for (const eni of ctx.enisBySubnet.get(subnetId) ?? []) {
    const name = ctx.eniClass.get(eni.networkInterfaceId)?.clusterName;
    if (name === undefined) continue;
    if (!isAutoMode(ctx, name)) return false;
    users++;
  }
  return users > 0;
};

/**
 * True when the VPC's `available` S3 gateway endpoint is associated with
 * `routeTableId`.
 */
const s3GatewayOn = (
  ctx: DeriveContext,
  vpcId: string,
  routeTableId: string | undefined,
): boolean => {
  if (routeTableId === undefined) return false;
  const region = ctx.snapshot.target.region;
  return (ctx.endpointsByVpc.get(vpcId) ?? []).some(
    (endpoint) =>
      endpoint.vpcEndpointType.toLowerCase() === 'gateway' &&
      endpointShortName(endpoint.serviceName, region) === 's3' &&
      isAvailable(endpoint.state) &&
      endpoint.routeTableIds.includes(routeTableId),
  );
};

/**
 * Routing, egress, tagging and membership facts of one subnet (everything
 * but the IP-headroom fields of `ipSubnetFacts`).
 *
 * @param ctx - derive context
 * @param subnet - the subnet as collected
 * @returns subnet facts without {@link SubnetIpFactKeys}
 * @example
 * ```ts
 * const facts = { ...subnetNetFacts(ctx, s), ...ipSubnetFacts(ctx, s) };
 * ```
 */
const subnetNetFacts = (ctx: DeriveContext, subnet: Subnet): SubnetNetFacts => {
  const id = subnet.subnetId;
  const routing = subnetRouting(ctx, id);
  const vpcClusterNames = [...(ctx.clustersByVpc.get(subnet.vpcId) ?? [])];
  const clusterNames = sortedUnique([
    ...vpcClusterNames,
    ...(ctx.clusterSubnetOf.get(id) ?? []),
    ...(ctx.nodeSubnetOf.get(id) ?? []),
    ...(ctx.fargateSubnetOf.get(id) ?? []),
  ]);
  const nat =
    routing.natGatewayId === undefined
      ? undefined
      : ctx.natById.get(routing.natGatewayId);
  const natAz =
    nat === undefined
      ? undefined
      : ctx.subnetById.get(nat.subnetId)?.availabilityZone;
  const routeTableId = routing.routeTable?.routeTableId;
  return {
    kind: 'subnet',
    id,
    name: nameOf(subnet.tags, id),
    arn: ec2Arn(ctx.snapshot.target, 'subnet', id, subnet.ownerId),
    ...(clusterNames.length > 0 && { clusterName: clusterNames.join(',') }),
    vpcId: subnet.vpcId,
    clusterNames,
    vpcClusterNames,
    ...(subnet.cidrBlock !== undefined && { cidrBlock: subnet.cidrBlock }),
    availabilityZone: subnet.availabilityZone,
    ...(subnet.availabilityZoneId !== undefined && {
      availabilityZoneId: subnet.availabilityZoneId,
    }),
    availableIpAddressCount: subnet.availableIpAddressCount,
    isClusterSubnet: ctx.clusterSubnetOf.has(id),
    isNodeSubnet: ctx.nodeSubnetOf.has(id),
    clusterIpFamilies: nodeClusterIpFamilies(ctx, id),
    autoModeOnly: autoModeOnly(ctx, id),
    isFargateSubnet: ctx.fargateSubnetOf.has(id),
    isPublic: routing.isPublic,
    ...(routeTableId !== undefined && { routeTableId }),
    defaultEgress: routing.defaultEgress,
    defaultRouteState: routing.defaultRouteState,
    ...(routing.natGatewayId !== undefined && {
      natGatewayId: routing.natGatewayId,
    }),
    ...(nat?.state !== undefined && { natGatewayState: nat.state }),
    ...(natAz !== undefined && { natGatewayAz: natAz }),
    ipv6DefaultEgress: routing.ipv6DefaultEgress,
    ipv6DefaultRouteState: routing.ipv6DefaultRouteState,
    mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    assignIpv6AddressOnCreation: subnet.assignIpv6AddressOnCreation,
    ipv6CidrBlocks: sortedUnique(subnet.ipv6CidrBlocks),
    enableDns64: subnet.enableDns64,
    isOutpost: Boolean(subnet.outpostArn),
    elbRoleTag: elbRoleOf(subnet),
    clusterTagNames: clusterTagNamesOf(subnet.tags),
    availableEndpointServices: availableEndpointServicesOf(ctx, subnet.vpcId),
    s3GatewayOnRouteTable: s3GatewayOn(ctx, subnet.vpcId, routeTableId),
    inPrivateCluster: inPrivateCluster(ctx, id),
    tags: { ...subnet.tags },
  };
};

export type { SubnetIpFactKeys, SubnetNetFacts };
export {
  clusterTagNamesOf,
  ELB_TAG,
  elbRoleOf,
  hasRoleTag,
  INTERNAL_ELB_TAG,
  lacksEgress,
  privateClusterNames,
  subnetNetFacts,
};
