/**
 * The `nodegroup` facts: one per managed node group, with max Pods per type
 * (NET-CNI-001), cluster security group coverage (NET-SG-008), public subnet
 * auto-assign (NET-SUB-010) and the scale-out IP headroom of NET-SUB-005.
 *
 * @module
 */
import type { NodegroupFacts } from '../facts.js';
import type { Cluster, Instance, Nodegroup, Subnet } from '../types.js';
import { type ClusterCniState, clusterCniState } from './cniCluster.js';
import { sortedUnique } from './common.js';
import type { DeriveContext } from './context.js';
import { nodeEniLayout } from './enis.js';
import { footprint } from './footprint.js';
import { maxPods } from './maxPods.js';
import { subnetRouting } from './network.js';

/** AZ identity of a subnet: its AZ id, else its AZ name. */
const azOf = (subnet: Subnet): string =>
  subnet.availabilityZoneId ?? subnet.availabilityZone;

const isWindowsAmi = (amiType: string | undefined): boolean =>
  (amiType ?? '').toUpperCase().startsWith('WINDOWS_');

/**
 * Subnets new nodes' Pods draw addresses from. With custom networking: the
 * ENIConfig subnets from `configurationValues`, else the pod subnets the
 * cluster's nodes use, in the group's AZs; when neither is visible, and
 * without custom networking, the group's own subnets.
 */
const podSubnetsOf = (
  ctx: DeriveContext,
  cluster: Cluster,
  state: ClusterCniState,
  groupSubnets: readonly Subnet[],
): Subnet[] => {
  if (!state.mode.startsWith('custom-networking')) return [...groupSubnets];
  const groupAzs = new Set(groupSubnets.map(azOf));
  const candidates = new Set<string>();
  const eniConfigs = state.config.eniConfigSubnets;
  if (eniConfigs !== undefined) {
    for (const { subnetId } of eniConfigs) candidates.add(subnetId);
  } else {
    for (const node of ctx.nodesByCluster.get(cluster.name) ?? []) {
      for (const id of nodeEniLayout(ctx, node).customPodSubnetIds) {
        candidates.add(id);
      }
    }
  }
  const podSubnets: Subnet[] = [];
  for (const id of [...candidates].sort()) {
    const subnet = ctx.subnetById.get(id);
    if (subnet !== undefined && groupAzs.has(azOf(subnet))) {
      podSubnets.push(subnet);
    }
  }
  return podSubnets.length > 0 ? podSubnets : [...groupSubnets];
};

/**
 * Per-AZ check of NET-SUB-005: each AZ must absorb its share
 * `⌈growth / AZs⌉ × perNode` of the scale-out.
 */
const azShortfalls = (
  subnets: readonly Subnet[],
  growth: number,
  perNode: number,
): string[] => {
  if (growth <= 0 || perNode <= 0 || subnets.length === 0) return [];
  const byAz = new Map<string, Subnet[]>();
  for (const subnet of subnets) {
    const list = byAz.get(azOf(subnet));
    if (list) list.push(subnet);
    else byAz.set(azOf(subnet), [subnet]);
  }
  const share = Math.ceil(growth / byAz.size) * perNode;
  const shortfalls: string[] = [];
  for (const azSubnets of byAz.values()) {
    const has = azSubnets.reduce(
      (sum, s) => sum + s.availableIpAddressCount,
      0,
    );
    if (has < share) {
      const label = azSubnets
        .map((s) => s.subnetId)
        .sort()
        .join('+');
      shortfalls.push(`${label} needs ${share}, has ${has}`);
    }
  }
  return shortfalls;
};

/** Options of {@link nodegroupFacts}. */
interface NodegroupOptions {
  /** NET-SG-007 holds for the group's cluster (from the cluster facts). */
  readonly controlPlaneFlowsOk: boolean;
}

/**
 * Facts of one managed node group.
 *
 * @param ctx - the derive context
 * @param cluster - the group's cluster
 * @param group - the node group
 * @param options - see {@link NodegroupOptions}
 * @returns its facts; `footprintPerNode` absent when any type's limits are
 *   unknown
 * @example
 * ```ts
 * nodegroupFacts(ctx, cluster, group, { controlPlaneFlowsOk: true });
 * ```
 */
const nodegroupFacts = (
  ctx: DeriveContext,
  cluster: Cluster,
  group: Nodegroup,
  options: NodegroupOptions,
): NodegroupFacts => {
  const name = group.nodegroupName;
  const state = clusterCniState(ctx, cluster);
  const instances: readonly Instance[] =
    ctx.instancesByNodegroup.get(`${cluster.name}/${name}`) ?? [];
  const windows = isWindowsAmi(group.amiType);
  const instanceTypes = sortedUnique(
    group.instanceTypes ?? instances.map((i) => i.instanceType),
  );

  const maxPodsByType: string[] = [];
  const distinct = new Set<number>();
  let worstFootprint: { pods: number; node: number } | undefined = {
    pods: 0,
    node: 0,
  };
  for (const type of instanceTypes) {
    const info = ctx.instanceTypeByName.get(type);
    const pods =
      info === undefined ? undefined : maxPods(info, state.mode, { windows });
    if (pods?.capped !== undefined) {
      distinct.add(pods.capped);
      maxPodsByType.push(`${type}=${pods.capped}`);
    }
    const perNode =
      info === undefined
        ? undefined
        : footprint(info, state.mode, {
            env: state.config.env,
            ipFamily: state.ipFamily,
            windows,
          });
    worstFootprint =
      perNode === undefined || worstFootprint === undefined
        ? undefined
        : {
            pods: Math.max(worstFootprint.pods, perNode.pods),
            node: Math.max(worstFootprint.node, perNode.node),
          };
  }
  if (instanceTypes.length === 0) worstFootprint = undefined;

  const groupSubnets: Subnet[] = [];
  for (const id of group.subnets) {
    const subnet = ctx.subnetById.get(id);
    if (subnet !== undefined) groupSubnets.push(subnet);
  }
  const podSubnets = podSubnetsOf(ctx, cluster, state, groupSubnets);
  const { minSize, maxSize, desiredSize } = group.scalingConfig;
  const currentNodes = instances.length > 0 ? instances.length : desiredSize;
  const growthAtMax = Math.max(maxSize - currentNodes, 0);
  const growthAtDesired = Math.max(desiredSize - currentNodes, 0);
  const perNodePods = worstFootprint?.pods ?? 0;
  const separatePodSubnets = podSubnets.some((s) => !groupSubnets.includes(s));
  const shortfalls = [
    ...azShortfalls(podSubnets, growthAtMax, perNodePods),
    // Custom networking also takes one node-subnet address per node.
    ...(separatePodSubnets
      ? azShortfalls(groupSubnets, growthAtMax, worstFootprint?.node ?? 0)
      : []),
  ];

  const clusterSg = cluster.resourcesVpcConfig.clusterSecurityGroupId;
  const nodesWithoutClusterSg =
    clusterSg === undefined
      ? []
      : instances
          .filter((instance) => {
            const groups =
              ctx.primaryEniByInstance.get(instance.instanceId)?.groupIds ??
              instance.securityGroupIds;
            return !groups.includes(clusterSg);
          })
          .map((instance) => instance.instanceId);

  const ipv6 = state.ipFamily === 'ipv6';
  const publicWithoutAutoAssign = groupSubnets
    .filter(
      (subnet) =>
        subnetRouting(ctx, subnet.subnetId, subnet.vpcId).isPublic &&
        !(ipv6
          ? subnet.assignIpv6AddressOnCreation
          : subnet.mapPublicIpOnLaunch),
    )
    .map((subnet) => subnet.subnetId);

  const vpcId = ctx.clusterVpcId.get(cluster.name);
  const sshKey = group.remoteAccess?.ec2SshKey;
  return {
    kind: 'nodegroup',
    id: `${cluster.name}/${name}`,
    name,
    ...(group.nodegroupArn !== undefined && { arn: group.nodegroupArn }),
    clusterName: cluster.name,
    ...(vpcId !== undefined && { vpcId }),
    status: group.status ?? '',
    amiType: group.amiType ?? '',
    capacityType: group.capacityType ?? '',
    isWindows: windows,
    autoMode: cluster.computeConfig?.enabled === true,
    instanceTypes,
    distinctMaxPods: [...distinct].sort((a, b) => a - b),
    maxPodsByType: maxPodsByType.sort(),
    subnetIds: sortedUnique(group.subnets),
    subnetAzIds: sortedUnique(groupSubnets.map(azOf)),
    ...(sshKey !== undefined && { remoteAccessSshKey: sshKey }),
    remoteAccessSourceSecurityGroups: sortedUnique(
      group.remoteAccess?.sourceSecurityGroups ?? [],
    ),
    usesLaunchTemplate: group.launchTemplate !== undefined,
    nodesWithoutClusterSg: sortedUnique(nodesWithoutClusterSg),
    controlPlaneFlowsOk: options.controlPlaneFlowsOk,
    minSize,
    maxSize,
    desiredSize,
    currentNodes,
    ...(worstFootprint !== undefined && {
      footprintPerNode: worstFootprint.pods,
    }),
    freeIpsInSubnets: podSubnets.reduce(
      (sum, subnet) => sum + subnet.availableIpAddressCount,
      0,
    ),
    ipsNeededAtMax: growthAtMax * perNodePods,
    ipsNeededAtDesired: growthAtDesired * perNodePods,
    subnetShortfalls: sortedUnique(shortfalls),
    publicSubnetsWithoutAutoAssign: sortedUnique(publicWithoutAutoAssign),
    healthIssueCodes: sortedUnique(group.health.issues.map((i) => i.code)),
  };
};

/**
 * Facts of every managed node group (unsorted; `derive()` sorts by id).
 *
 * @param ctx - the derive context
 * @param controlPlaneFlowsOk - whether NET-SG-007 holds for a cluster
 *   (derive-net's cluster facts: no `controlPlaneNodeFlowsMissing`)
 * @returns one entry per node group of every cluster whose groups were listed
 */
const buildNodegroups = (
  ctx: DeriveContext,
  controlPlaneFlowsOk: (clusterName: string) => boolean,
): NodegroupFacts[] => {
  const groups: NodegroupFacts[] = [];
  for (const cluster of ctx.clusters) {
    const flowsOk = controlPlaneFlowsOk(cluster.name);
    for (const group of cluster.nodegroups ?? []) {
      groups.push(
        nodegroupFacts(ctx, cluster, group, { controlPlaneFlowsOk: flowsOk }),
      );
    }
  }
  return groups;
};

export type { NodegroupOptions };
export { buildNodegroups, nodegroupFacts };
