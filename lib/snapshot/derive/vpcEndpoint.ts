/**
 * VPC endpoint facts: whether the nodes can use an endpoint (NET-EGR-002,
 * NET-EGR-003).
 *
 * @module
 */
import type { VpcEndpointFacts } from '../facts.js';
import type { Instance, VpcEndpoint } from '../types.js';
import { ec2Arn, endpointShortName, nameOf, sortedUnique } from './common.js';
import type { DeriveContext } from './context.js';
import { allows, nodeSecurityGroups, type Peer } from './securityGroups.js';

/** Node placement of one VPC: AZs with nodes, and who calls from which subnet. */
interface VpcNodePlacement {
  readonly nodeAzs: ReadonlySet<string>;
  /** One peer per node subnet and distinct node SG set (or per node subnet without nodes). */
  readonly peers: readonly Peer[];
}

const azOfNode = (ctx: DeriveContext, node: Instance): string | undefined =>
  node.availabilityZone ??
  (node.subnetId === undefined
    ? undefined
    : ctx.subnetById.get(node.subnetId)?.availabilityZone);

/**
 * Node AZs and caller peers of the clusters in one VPC: for every node subnet
 * its IPv4 CIDR together with each distinct SG set of the nodes in it (a
 * flow is admitted by a rule for either).
 */
const placementOf = (ctx: DeriveContext, vpcId: string): VpcNodePlacement => {
  const nodeAzs = new Set<string>();
  const setsBySubnet = new Map<string, Map<string, string[]>>();
  const nodeSubnets = new Set<string>();
  for (const clusterName of ctx.clustersByVpc.get(vpcId) ?? []) {
    for (const subnetId of ctx.nodeSubnetsByCluster.get(clusterName) ?? []) {
      nodeSubnets.add(subnetId);
    }
    for (const node of ctx.nodesByCluster.get(clusterName) ?? []) {
      const az = azOfNode(ctx, node);
      if (az !== undefined) nodeAzs.add(az);
      if (node.subnetId === undefined) continue;
      const groups = nodeSecurityGroups(ctx, node);
      let sets = setsBySubnet.get(node.subnetId);
      if (sets === undefined) {
        sets = new Map();
        setsBySubnet.set(node.subnetId, sets);
      }
      sets.set(groups.join(','), groups);
    }
  }
  const peers: Peer[] = [];
  for (const subnetId of nodeSubnets) {
    const cidr = ctx.subnetById.get(subnetId)?.cidrBlock;
    const cidrs = cidr === undefined ? [] : [cidr];
    const sets = setsBySubnet.get(subnetId);
    if (sets === undefined) {
      if (cidrs.length > 0) peers.push({ cidrs });
      continue;
    }
    for (const groupIds of sets.values()) peers.push({ cidrs, groupIds });
  }
  return { nodeAzs, peers };
};

/**
 * `allowsHttpsFromNodes` (every node peer is provably admitted on TCP 443)
 * and `allowsHttpsFromNodesUnknown` (no peer is provably refused, but some
 * peer could only be admitted by a prefix-list rule).
 */
const httpsFromNodes = (
  ctx: DeriveContext,
  groupIds: readonly string[],
  peers: readonly Peer[],
): { allowsHttpsFromNodes: boolean; allowsHttpsFromNodesUnknown: boolean } => {
  let denied = false;
  let unknown = false;
  for (const peer of peers) {
    const verdict = allows(ctx.sgById, groupIds, 'ingress', 'tcp', 443, peer);
    if (verdict === 'deny') denied = true;
    else if (verdict === 'unknown') unknown = true;
  }
  return {
    allowsHttpsFromNodes: !denied && !unknown,
    allowsHttpsFromNodesUnknown: !denied && unknown,
  };
};

/**
 * Facts of every VPC endpoint in the snapshot.
 *
 * `nodeAzsWithoutEndpointSubnet` is only computed for interface endpoints
 * (gateway endpoints have no subnets). `allowsHttpsFromNodes` requires TCP
 * 443 from every node subnet (its CIDR, or the SGs of every node in it);
 * a rule that only a managed prefix list could satisfy counts as not
 * allowing, because prefix-list entries are not collected, and sets
 * `allowsHttpsFromNodesUnknown` when nothing else refuses the nodes.
 *
 * @param ctx - derive context
 * @returns facts, unsorted
 * @example
 * ```ts
 * vpcEndpointFacts(ctx).filter((e) => !e.allowsHttpsFromNodes);
 * ```
 */
const vpcEndpointFacts = (ctx: DeriveContext): VpcEndpointFacts[] => {
  const placements = new Map<string, VpcNodePlacement>();
  const placement = (vpcId: string): VpcNodePlacement => {
    let found = placements.get(vpcId);
    if (found === undefined) {
      found = placementOf(ctx, vpcId);
      placements.set(vpcId, found);
    }
    return found;
  };
  const region = ctx.snapshot.target.region;
  return (ctx.snapshot.vpcEndpoints ?? []).map((endpoint: VpcEndpoint) => {
    const id = endpoint.vpcEndpointId;
    const clusterNames = [...(ctx.clustersByVpc.get(endpoint.vpcId) ?? [])];
    const { nodeAzs, peers } = placement(endpoint.vpcId);
    const isInterface = endpoint.vpcEndpointType.toLowerCase() === 'interface';
    const endpointAzs = new Set(
      endpoint.subnetIds.map(
        (subnetId) => ctx.subnetById.get(subnetId)?.availabilityZone,
      ),
    );
    return {
      kind: 'vpcEndpoint',
      id,
      name: nameOf(endpoint.tags, id),
      arn: ec2Arn(ctx.snapshot.target, 'vpc-endpoint', id),
      ...(clusterNames.length > 0 && { clusterName: clusterNames.join(',') }),
      vpcId: endpoint.vpcId,
      clusterNames,
      serviceName: endpoint.serviceName,
      serviceShortName: endpointShortName(endpoint.serviceName, region),
      vpcEndpointType: endpoint.vpcEndpointType,
      state: endpoint.state.toLowerCase(),
      privateDnsEnabled: endpoint.privateDnsEnabled,
      subnetIds: sortedUnique(endpoint.subnetIds),
      nodeAzsWithoutEndpointSubnet: isInterface
        ? sortedUnique([...nodeAzs].filter((az) => !endpointAzs.has(az)))
        : [],
      ...httpsFromNodes(ctx, endpoint.groupIds, peers),
    };
  });
};

export { vpcEndpointFacts };
