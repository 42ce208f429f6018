/**
 * Cluster facts: endpoint, subnets, security groups, egress, IPv6, load
 * balancer tagging, CIDR planning and versions. The CNI/ENI/node-type facts
 * come from derive-cni's `cniClusterFacts` and are merged in by `derive()`.
 *
 * @module
 */

import type { ClusterFacts } from '../facts.js';
import type { Cluster, Instance, Subnet } from '../types.js';
import type { CniClusterFacts } from './cniCluster.js';
import { availableEndpointServicesOf, sortedUnique } from './common.js';
import type { DeriveContext } from './context.js';
import type { ClusterExposureFacts } from './exposure.js';
import { subnetRouting, UNVERIFIABLE_EGRESS } from './network.js';
import { missingEntry } from './securityGroup.js';
import {
  allows,
  controlPlaneSecurityGroups,
  describeProtocolPorts,
  isAnywhere,
  nodeSecurityGroups,
  type Peer,
} from './securityGroups.js';
import {
  ELB_TAG,
  hasRoleTag,
  INTERNAL_ELB_TAG,
  lacksEgress,
} from './subnet.js';
import { vpcIpv4Cidrs, vpcIpv6Cidrs } from './vpc.js';

/** Cluster facts computed by derive-cni's `cniClusterFacts`. */
type ClusterCniFactKeys = keyof CniClusterFacts;

/** Cluster facts this module computes. */
/** Cluster facts of this module; CNI and exposure facts come from their own modules. */
type ClusterNetFacts = Omit<
  ClusterFacts,
  ClusterCniFactKeys | keyof ClusterExposureFacts
>;

/** Free addresses the Load Balancer Controller needs to consider a subnet. */
const LB_MIN_FREE_IPS = 8;

/** `::/0` targets the catalog accepts (NET-V6-003): internet or egress-only internet gateway. */
const IPV6_GATEWAYS: ReadonlySet<string> = new Set(['igw', 'eigw']);

const azKey = (subnet: Subnet): string =>
  subnet.availabilityZoneId ?? subnet.availabilityZone;

/**
 * NET-SG-007: the four control-plane/node flows, evaluated once per distinct
 * node SG set. The control plane is `cpSGs` plus the private IPs of its
 * ENIs; when no control-plane ENI is visible, the CIDRs of every cluster
 * subnet stand in for its addresses (EKS may recreate its ENIs in any
 * cluster subnet during upgrades, so CIDR rules must cover all of them).
 *
 * Entries read `<flow> <proto>/<port> <side> (<node SGs>)`, where `<side>`
 * names the rule list that lacks the permission: e.g.
 * `cp->node tcp/10250 egress (sg-1,sg-2)` is the control plane's egress.
 */
const controlPlaneNodeFlowsMissing = (
  ctx: DeriveContext,
  cluster: Cluster,
  cpGroups: readonly string[],
  nodes: readonly Instance[],
): string[] => {
  if (nodes.length === 0) return [];
  const cpEnis = ctx.cpEnisByCluster.get(cluster.name) ?? [];
  const cpCidrs =
    cpEnis.length > 0
      ? cpEnis.flatMap((eni) =>
          eni.privateIpAddresses.length > 0
            ? eni.privateIpAddresses.map((ip) => ip.privateIpAddress)
            : eni.privateIpAddress === undefined
              ? []
              : [eni.privateIpAddress],
        )
      : cluster.resourcesVpcConfig.subnetIds.flatMap((id) => {
          const cidr = ctx.subnetById.get(id)?.cidrBlock;
          return cidr === undefined ? [] : [cidr];
        });
  const cpPeer: Peer = { groupIds: cpGroups, cidrs: cpCidrs };

  const nodeSets = new Map<string, { groups: string[]; ips: string[] }>();
  for (const node of nodes) {
    const groups = nodeSecurityGroups(ctx, node);
    const key = groups.join(',');
    let set = nodeSets.get(key);
    if (set === undefined) {
      set = { groups, ips: [] };
      nodeSets.set(key, set);
    }
    if (node.privateIpAddress !== undefined)
      set.ips.push(node.privateIpAddress);
  }

  const missing: string[] = [];
  const check = (
    sgSet: readonly string[],
    direction: 'ingress' | 'egress',
    port: number,
    peer: Peer,
    label: string,
  ): void => {
    const entry = missingEntry(
      allows(ctx.sgById, sgSet, direction, 'tcp', port, peer),
      label,
    );
    if (entry !== undefined) missing.push(entry);
  };
  for (const [key, { groups, ips }] of nodeSets) {
    const nodePeer: Peer = { groupIds: groups, cidrs: ips };
    const suffix = `(${key})`;
    check(
      cpGroups,
      'egress',
      10250,
      nodePeer,
      `cp->node tcp/10250 egress ${suffix}`,
    );
    check(
      groups,
      'ingress',
      10250,
      cpPeer,
      `cp->node tcp/10250 ingress ${suffix}`,
    );
    check(groups, 'egress', 443, cpPeer, `node->cp tcp/443 egress ${suffix}`);
    check(
      cpGroups,
      'ingress',
      443,
      nodePeer,
      `node->cp tcp/443 ingress ${suffix}`,
    );
  }
  return sortedUnique(missing);
};

/**
 * NET-V6-005: egress rules of the given groups open to `0.0.0.0/0` with no
 * rule for the same protocol and ports open to `::/0`, as `sg-x tcp/443`.
 */
const ipv4OnlyEgressRules = (
  ctx: DeriveContext,
  groupIds: Iterable<string>,
): string[] => {
  const result: string[] = [];
  for (const groupId of groupIds) {
    const group = ctx.sgById.get(groupId);
    if (group === undefined) continue;
    const v6Open = new Set(
      group.ipPermissionsEgress
        .filter((permission) => permission.ipv6Ranges.some(isAnywhere))
        .map(describeProtocolPorts),
    );
    for (const permission of group.ipPermissionsEgress) {
      if (!permission.ipRanges.some(isAnywhere)) continue;
      const ports = describeProtocolPorts(permission);
      // An all-protocols rule to ::/0 is a counterpart for any IPv4 rule.
      if (v6Open.has(ports) || v6Open.has('all')) continue;
      result.push(`${groupId} ${ports}`);
    }
  }
  return sortedUnique(result);
};

const healthList = (
  items: readonly { name: string; codes: readonly string[] }[],
): string[] =>
  sortedUnique(
    items.flatMap(({ name, codes }) => codes.map((c) => `${name}:${c}`)),
  );

/**
 * Network facts of one cluster (everything but the CNI/ENI/node-type fields
 * of `cniClusterFacts`).
 *
 * Lists over collections that are absent (gaps) come out empty; the engine
 * reports the gap. `routedCidrs` leaves out `local` and default (`/0`)
 * routes, which would overlap any service CIDR. Node subnets behind a
 * private NAT gateway count as unverifiable egress.
 *
 * @param ctx - derive context
 * @param cluster - the cluster as collected
 * @returns cluster facts without {@link ClusterCniFactKeys}
 * @example
 * ```ts
 * const facts = { ...clusterNetFacts(ctx, c), ...cniClusterFacts(ctx, c) };
 * ```
 */
const clusterNetFacts = (
  ctx: DeriveContext,
  cluster: Cluster,
): ClusterNetFacts => {
  const name = cluster.name;
  const config = cluster.resourcesVpcConfig;
  const network = cluster.kubernetesNetworkConfig;
  const ipFamily = network?.ipFamily ?? 'ipv4';
  const vpcId = ctx.clusterVpcId.get(name);
  const vpc = vpcId === undefined ? undefined : ctx.vpcById.get(vpcId);
  const snapshot = ctx.snapshot;

  const clusterSubnets = config.subnetIds.flatMap((id) => {
    const subnet = ctx.subnetById.get(id);
    return subnet === undefined ? [] : [subnet];
  });
  const missingSubnetIds =
    snapshot.subnets === undefined
      ? []
      : config.subnetIds.filter((id) => !ctx.subnetById.has(id));
  const foreignVpcSubnetIds =
    config.vpcId === undefined
      ? []
      : clusterSubnets
          .filter((subnet) => subnet.vpcId !== config.vpcId)
          .map((subnet) => subnet.subnetId);
  const referencedGroups = [
    ...config.securityGroupIds,
    ...(config.clusterSecurityGroupId ? [config.clusterSecurityGroupId] : []),
  ];
  const missingSecurityGroupIds =
    snapshot.securityGroups === undefined
      ? []
      : referencedGroups.filter((id) => !ctx.sgById.has(id));

  const nodes = ctx.nodesByCluster.get(name) ?? [];
  const nodeSubnetIds = ctx.nodeSubnetsByCluster.get(name) ?? [];
  const nodeSubnets = nodeSubnetIds.flatMap((id) => {
    const subnet = ctx.subnetById.get(id);
    return subnet === undefined ? [] : [subnet];
  });
  const nodeAzs = nodes.flatMap((node) => {
    const az =
      node.availabilityZone ??
      (node.subnetId === undefined
        ? undefined
        : ctx.subnetById.get(node.subnetId)?.availabilityZone);
    return az === undefined ? [] : [az];
  });

  const egressIps: string[] = [];
  const unverifiable: string[] = [];
  const withoutEgress: string[] = [];
  const routedCidrs: string[] = [];
  const withoutV6Route: string[] = [];
  const wrongV6Target: string[] = [];
  for (const subnetId of nodeSubnetIds) {
    const routing = subnetRouting(ctx, subnetId, vpcId);
    const nat =
      routing.defaultEgress === 'nat' && routing.natGatewayId
        ? ctx.natById.get(routing.natGatewayId)
        : undefined;
    for (const address of nat?.addresses ?? []) {
      if (address.publicIp) egressIps.push(address.publicIp);
    }
    // A private NAT gateway hands traffic on to a TGW or VGW: no public
    // address the scanner can check against the endpoint allow-list.
    if (
      UNVERIFIABLE_EGRESS.has(routing.defaultEgress) ||
      nat?.connectivityType === 'private'
    ) {
      unverifiable.push(subnetId);
    }
    if (!routing.isPublic && lacksEgress(routing, ipFamily)) {
      withoutEgress.push(subnetId);
    }
    if (routing.ipv6DefaultEgress === 'none') withoutV6Route.push(subnetId);
    else if (!IPV6_GATEWAYS.has(routing.ipv6DefaultEgress)) {
      wrongV6Target.push(subnetId);
    }
    for (const route of routing.routeTable?.routes ?? []) {
      if (route.gatewayId === 'local') continue;
      for (const cidr of [
        route.destinationCidrBlock,
        route.destinationIpv6CidrBlock,
      ]) {
        if (cidr !== undefined && !isAnywhere(cidr)) routedCidrs.push(cidr);
      }
    }
  }
  for (const node of nodes) {
    if (
      node.publicIpAddress &&
      node.subnetId !== undefined &&
      subnetRouting(ctx, node.subnetId, vpcId).isPublic
    ) {
      egressIps.push(node.publicIpAddress);
    }
  }

  const cpGroups = controlPlaneSecurityGroups(ctx, cluster);
  const nodeGroupsUnion = new Set<string>(
    config.clusterSecurityGroupId ? [config.clusterSecurityGroupId] : [],
  );
  for (const node of nodes) {
    for (const id of nodeSecurityGroups(ctx, node)) nodeGroupsUnion.add(id);
  }

  const vpcSubnets =
    vpcId === undefined ? [] : (ctx.subnetsByVpc.get(vpcId) ?? []);
  const publicTagged = vpcSubnets.filter((s) => hasRoleTag(s, ELB_TAG));
  const privateTagged = vpcSubnets.filter((s) =>
    hasRoleTag(s, INTERNAL_ELB_TAG),
  );
  const azsWithRoom = (subnets: readonly Subnet[]): number =>
    new Set(
      subnets
        .filter((s) => s.availableIpAddressCount >= LB_MIN_FREE_IPS)
        .map(azKey),
    ).size;

  const dhcp =
    vpc?.dhcpOptionsId === undefined
      ? undefined
      : ctx.dhcpById.get(vpc.dhcpOptionsId);
  const nameServers = dhcp?.configurations['domain-name-servers'];
  const versionInfo =
    cluster.version === undefined
      ? undefined
      : ctx.clusterVersionByVersion.get(cluster.version);
  const remote = cluster.remoteNetworkConfig;
  const ipv6Relevant = [...clusterSubnets, ...nodeSubnets];

  return {
    kind: 'cluster',
    id: name,
    name,
    arn: cluster.arn,
    clusterName: name,
    ...(vpcId !== undefined && { vpcId }),
    status: cluster.status ?? '',
    version: cluster.version ?? '',
    autoMode: cluster.computeConfig?.enabled === true,
    ipFamily,
    endpointPublicAccess: config.endpointPublicAccess,
    endpointPrivateAccess: config.endpointPrivateAccess,
    publicAccessCidrs: sortedUnique(config.publicAccessCidrs),
    ...(network?.serviceIpv4Cidr !== undefined && {
      serviceIpv4Cidr: network.serviceIpv4Cidr,
    }),
    ...(network?.serviceIpv6Cidr !== undefined && {
      serviceIpv6Cidr: network.serviceIpv6Cidr,
    }),
    subnetIds: sortedUnique(config.subnetIds),
    securityGroupIds: sortedUnique(config.securityGroupIds),
    ...(config.clusterSecurityGroupId && {
      clusterSecurityGroupId: config.clusterSecurityGroupId,
    }),
    clusterSecurityGroupFound:
      Boolean(config.clusterSecurityGroupId) &&
      ctx.sgById.has(config.clusterSecurityGroupId as string),
    missingSubnetIds: sortedUnique(missingSubnetIds),
    foreignVpcSubnetIds: sortedUnique(foreignVpcSubnetIds),
    missingSecurityGroupIds: sortedUnique(missingSecurityGroupIds),
    clusterSubnetAzIds: sortedUnique(clusterSubnets.map(azKey)),
    healthIssueCodes: sortedUnique(cluster.health.issues.map((i) => i.code)),
    nodegroupHealthIssues: healthList(
      (cluster.nodegroups ?? []).map((group) => ({
        name: group.nodegroupName,
        codes: group.health.issues.map((i) => i.code),
      })),
    ),
    fargateHealthIssues: healthList(
      (cluster.fargateProfiles ?? []).map((profile) => ({
        name: profile.fargateProfileName,
        codes: profile.health.issues.map((i) => i.code),
      })),
    ),
    loggingEnabledTypes: sortedUnique(
      cluster.logging.filter((l) => l.enabled).flatMap((l) => l.types),
    ),
    ...(nameServers !== undefined && {
      dhcpDomainNameServers: sortedUnique(nameServers),
    }),
    vpcIpv4Cidrs: vpc === undefined ? [] : vpcIpv4Cidrs(vpc),
    vpcIpv6Cidrs: vpc === undefined ? [] : vpcIpv6Cidrs(vpc),
    nodeCount: nodes.length,
    nodeSubnetIds: [...nodeSubnetIds],
    nodeAzs: sortedUnique(nodeAzs),
    nodeEgressIps: sortedUnique(egressIps),
    nodeEgressUnverifiableSubnetIds: sortedUnique(unverifiable),
    nodeSubnetsWithoutEgress: sortedUnique(withoutEgress),
    availableEndpointServices: availableEndpointServicesOf(ctx, vpcId),
    controlPlaneSecurityGroupIds: cpGroups,
    controlPlaneNodeFlowsMissing: controlPlaneNodeFlowsMissing(
      ctx,
      cluster,
      cpGroups,
      nodes,
    ),
    subnetsWithoutIpv6: sortedUnique(
      ipv6Relevant
        .filter((s) => s.ipv6CidrBlocks.length === 0)
        .map((s) => s.subnetId),
    ),
    nodeSubnetsWithoutIpv6AutoAssign: sortedUnique(
      nodeSubnets
        .filter((s) => !s.assignIpv6AddressOnCreation)
        .map((s) => s.subnetId),
    ),
    ipv6PrivateSubnetsWithoutAutoAssign: sortedUnique(
      nodeSubnets
        .filter(
          (s) =>
            s.ipv6CidrBlocks.length > 0 &&
            !s.assignIpv6AddressOnCreation &&
            !subnetRouting(ctx, s.subnetId, vpcId).isPublic,
        )
        .map((s) => s.subnetId),
    ),
    nodeSubnetsWithoutIpv6DefaultRoute: sortedUnique(withoutV6Route),
    nodeSubnetsWithWrongIpv6DefaultTarget: sortedUnique(wrongV6Target),
    nodeSubnetsWithDns64: sortedUnique(
      nodeSubnets.filter((s) => s.enableDns64).map((s) => s.subnetId),
    ),
    ipv4OnlyEgressRules: ipv4OnlyEgressRules(ctx, nodeGroupsUnion),
    lbPublicTaggedSubnetIds: sortedUnique(publicTagged.map((s) => s.subnetId)),
    lbPrivateTaggedSubnetIds: sortedUnique(
      privateTagged.map((s) => s.subnetId),
    ),
    lbPublicAzsWithRoom: azsWithRoom(publicTagged),
    lbPrivateAzsWithRoom: azsWithRoom(privateTagged),
    routedCidrs: sortedUnique(routedCidrs),
    remoteNetworkCidrs: sortedUnique([
      ...(remote?.remoteNodeNetworks ?? []).flatMap((n) => n.cidrs),
      ...(remote?.remotePodNetworks ?? []).flatMap((n) => n.cidrs),
    ]),
    ...(versionInfo?.versionStatus !== undefined && {
      versionStatus: versionInfo.versionStatus,
    }),
    ...(versionInfo?.endOfStandardSupportDate !== undefined && {
      endOfStandardSupportDate: versionInfo.endOfStandardSupportDate,
    }),
    ...(versionInfo?.endOfExtendedSupportDate !== undefined && {
      endOfExtendedSupportDate: versionInfo.endOfExtendedSupportDate,
    }),
    ...(cluster.upgradePolicy?.supportType !== undefined && {
      supportType: cluster.upgradePolicy.supportType,
    }),
  };
};

export type { ClusterCniFactKeys, ClusterNetFacts };
export { clusterNetFacts };
