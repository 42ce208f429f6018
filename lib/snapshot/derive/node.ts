/**
 * The `node` facts: one per node (pending/running instance of a cluster),
 * with its ENI layout, CNI mode, max Pods and branch-ENI use.
 *
 * @module
 */
import type { NodeFacts } from '../facts.js';
import type { Cluster, Instance } from '../types.js';
import { clusterCniState } from './cniCluster.js';
import { ec2Arn, nameOf, sortedUnique } from './common.js';
import { CLUSTER_TAG_PREFIX, type DeriveContext } from './context.js';
import { type NodeEniLayout, nodeEniLayout } from './enis.js';
import type { NodeMultusFacts } from './exposure.js';
import { type CniMode, effectiveMode, maxPods } from './maxPods.js';
import { subnetRouting } from './network.js';

/** Node facts of this module; unmanaged-ENI facts come from `exposure.ts`. */
type NodeBaseFacts = Omit<NodeFacts, keyof NodeMultusFacts>;

/** Values of `kubernetes.io/cluster/<name>` that tie a group to the cluster. */
const CLUSTER_TAG_VALUES: ReadonlySet<string> = new Set(['owned', 'shared']);

/**
 * The CNI mode of one node: what its ENI layout shows; a node whose layout
 * shows nothing either way (no secondary addresses, prefixes or CNI ENIs
 * yet) gets the cluster's mode.
 */
const nodeMode = (
  layout: NodeEniLayout,
  clusterMode: CniMode,
  ipFamily: string,
): CniMode => {
  const evidence =
    layout.secondaryIps + layout.ipv4Prefixes + layout.ipv6Prefixes > 0 ||
    layout.cniSecondaryEnis > 0;
  if (!evidence) return clusterMode;
  // IPv6 nodes get a /80 on the primary ENI: the mode is always prefix.
  const pd = layout.pdInUse || ipFamily === 'ipv6';
  const custom = layout.customNetInUse;
  if (pd && custom) return 'custom-networking+prefix';
  if (pd) return 'prefix';
  return custom ? 'custom-networking' : 'secondary-ip';
};

/**
 * Facts of one node.
 *
 * @param ctx - the derive context
 * @param cluster - the node's cluster
 * @param instance - the node
 * @returns its facts; limits-derived fields absent when the type is unknown
 * @example
 * ```ts
 * nodeFacts(ctx, cluster, instance).maxPods;
 * ```
 */
const nodeFacts = (
  ctx: DeriveContext,
  cluster: Cluster,
  instance: Instance,
): NodeBaseFacts => {
  const id = instance.instanceId;
  const state = clusterCniState(ctx, cluster);
  const layout = nodeEniLayout(ctx, instance);
  const info = ctx.instanceTypeByName.get(instance.instanceType);
  const primary = ctx.primaryEniByInstance.get(id);
  const subnetId = instance.subnetId ?? primary?.subnetId ?? '';
  const subnet = ctx.subnetById.get(subnetId);
  const windows = instance.platform?.toLowerCase() === 'windows';
  const groupIds = sortedUnique(primary?.groupIds ?? instance.securityGroupIds);
  const clusterTag = `${CLUSTER_TAG_PREFIX}${cluster.name}`;
  const taggedGroups = groupIds.filter((groupId) => {
    const value = ctx.sgById.get(groupId)?.tags[clusterTag];
    return value !== undefined && CLUSTER_TAG_VALUES.has(value);
  }).length;
  const mode = nodeMode(layout, state.mode, state.ipFamily);
  const pods =
    info === undefined ? undefined : maxPods(info, mode, { windows });
  const enisCollected = ctx.snapshot.networkInterfaces !== undefined;
  const branchLimit = info?.branchInterfaces;
  const deleteOnTermination =
    instance.networkInterfaces.find((n) => n.deviceIndex === 0)
      ?.deleteOnTermination ?? primary?.attachment?.deleteOnTermination;
  const nodegroupName = ctx.nodegroupOfInstance.get(id);
  return {
    kind: 'node',
    id,
    name: nameOf(instance.tags, id),
    arn: ec2Arn(ctx.snapshot.target, 'instance', id),
    clusterName: cluster.name,
    ...(instance.vpcId !== undefined && { vpcId: instance.vpcId }),
    ...(nodegroupName !== undefined && { nodegroupName }),
    instanceType: instance.instanceType,
    state: instance.state,
    subnetId,
    availabilityZone:
      instance.availabilityZone ?? subnet?.availabilityZone ?? '',
    ...(instance.privateIpAddress !== undefined && {
      privateIpAddress: instance.privateIpAddress,
    }),
    ...(instance.publicIpAddress !== undefined && {
      publicIpAddress: instance.publicIpAddress,
    }),
    inPublicSubnet:
      subnetId !== '' && subnetRouting(ctx, subnetId, instance.vpcId).isPublic,
    inClusterSubnet:
      ctx.clusterSubnetOf.get(subnetId)?.has(cluster.name) ?? false,
    isWindows: windows,
    autoMode: cluster.computeConfig?.enabled === true,
    ...(info?.hypervisor !== undefined && { hypervisor: info.hypervisor }),
    ...(info?.bareMetal !== undefined && { bareMetal: info.bareMetal }),
    securityGroupIds: groupIds,
    clusterTaggedSecurityGroupCount: taggedGroups,
    cniMode: info === undefined ? mode : effectiveMode(info, mode),
    // Without the ENI collection, the instance's own list is all there is.
    enisAttached: enisCollected
      ? layout.enisAttached
      : instance.networkInterfaces.length,
    ...(info?.maximumNetworkInterfaces !== undefined && {
      eniLimit: info.maximumNetworkInterfaces,
    }),
    ...(info?.ipv4AddressesPerInterface !== undefined && {
      ipv4PerEni: info.ipv4AddressesPerInterface,
    }),
    secondaryIps: layout.secondaryIps,
    ipv4Prefixes: layout.ipv4Prefixes,
    ...(pods?.capped !== undefined && { maxPods: pods.capped }),
    excludedEnis: layout.excludedEnis,
    ...(info?.trunkingCompatible !== undefined && {
      trunkingCompatible: info.trunkingCompatible,
    }),
    hasTrunk: layout.hasTrunk,
    branchEnis: layout.branchEnis,
    ...(branchLimit !== undefined && { branchLimit }),
    ...(branchLimit !== undefined &&
      branchLimit > 0 && {
        branchUsePercent: (layout.branchEnis / branchLimit) * 100,
      }),
    sgpInUse: state.sgpInUse,
    ...(state.sgpConfigured !== undefined && {
      sgpConfigured: state.sgpConfigured,
    }),
    ...(deleteOnTermination !== undefined && {
      primaryEniDeleteOnTermination: deleteOnTermination,
    }),
  };
};

/**
 * Facts of every node of every cluster (unsorted; `derive()` sorts by id).
 *
 * @param ctx - the derive context
 * @returns one entry per pending/running instance of a cluster in the snapshot
 */
const buildNodes = (ctx: DeriveContext): NodeBaseFacts[] => {
  const nodes: NodeBaseFacts[] = [];
  for (const cluster of ctx.clusters) {
    for (const instance of ctx.nodesByCluster.get(cluster.name) ?? []) {
      nodes.push(nodeFacts(ctx, cluster, instance));
    }
  }
  return nodes;
};

export { buildNodes, nodeFacts };
