/**
 * Security-group reachability: `allows(sgSet, dir, proto, port, peer)` of the
 * domain reference §2.0, plus the rule formatting used in fact lists.
 *
 * Rules of all groups on one ENI form a single allow-only set, so a flow is
 * allowed when any rule of any group in the set matches. Only the initiating
 * direction is evaluated: security groups are stateful, replies pass.
 *
 * @module
 */
import type {
  Cluster,
  Instance,
  IpPermission,
  SecurityGroup,
} from '../types.js';
import { cidrContains, parseCidr } from './cidr.js';
import type { DeriveContext } from './context.js';

/** Which rule list of a group to read. */
type Direction = 'ingress' | 'egress';

/**
 * The other end of a flow: the security groups on its ENIs and/or its
 * addresses (single IPs or CIDR blocks, IPv4 or IPv6).
 */
interface Peer {
  readonly groupIds?: readonly string[];
  readonly cidrs?: readonly string[];
}

/**
 * Outcome of {@link allows}. `unknown`: no rule provably matches, but a rule
 * with a managed prefix list does match protocol and port, and prefix-list
 * entries are not in the snapshot (`ec2:GetManagedPrefixListEntries` is not
 * collected), so the flow may be allowed.
 */
type AllowVerdict = 'allow' | 'deny' | 'unknown';

const PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  '-1': 'all',
  all: 'all',
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '58': 'icmpv6',
};

/** Lower-case protocol name: `all`, `tcp`, `udp`, `icmp`, `icmpv6` or the number. */
const protocolName = (ipProtocol: string): string => {
  const lower = ipProtocol.toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
};

const isAllPorts = (from: number | undefined, to: number | undefined) =>
  from === undefined || to === undefined || from < 0 || to < 0;

/**
 * True when the permission covers `proto`/`port`. For tcp/udp `port` must
 * lie in `fromPort..toPort`; for icmp/icmpv6 `port` is the ICMP type and
 * `fromPort` the rule's type (`-1` = all).
 */
const permissionCovers = (
  permission: IpPermission,
  proto: string,
  port: number,
): boolean => {
  const ruleProto = protocolName(permission.ipProtocol);
  if (ruleProto === 'all') return true;
  if (ruleProto !== protocolName(proto)) return false;
  const { fromPort, toPort } = permission;
  if (ruleProto === 'tcp' || ruleProto === 'udp') {
    if (isAllPorts(fromPort, toPort)) return true;
    return (fromPort as number) <= port && port <= (toPort as number);
  }
  if (ruleProto === 'icmp' || ruleProto === 'icmpv6') {
    return fromPort === undefined || fromPort < 0 || fromPort === port;
  }
  // Other IP protocols (GRE, ESP, …) have no ports.
  return true;
};

/**
 * `allows(sgSet, dir, proto, port, peer)` (§2.0): whether any rule of any
 * group in `sgSet` admits the flow.
 *
 * A rule matches the peer when it references one of the peer's groups, or
 * when every peer address is inside some matching IPv4/IPv6 range (ranges
 * of several rules may together cover the peer's addresses). Groups missing
 * from the snapshot contribute no rules.
 *
 * @param sgById - security groups of the snapshot by id
 * @param sgSet - groups on the ENI whose rules are evaluated
 * @param direction - `ingress` (peer initiates) or `egress` (peer receives)
 * @param proto - `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number
 * @param port - destination port (ICMP type for icmp)
 * @param peer - the other end
 * @returns `allow`, `deny`, or `unknown` when only a prefix-list rule could
 *   admit it
 * @example
 * ```ts
 * allows(ctx.sgById, ['sg-node'], 'ingress', 'tcp', 10250, {
 *   groupIds: ['sg-cluster'],
 * }); // 'allow'
 * ```
 */
const allows = (
  sgById: ReadonlyMap<string, SecurityGroup>,
  sgSet: readonly string[],
  direction: Direction,
  proto: string,
  port: number,
  peer: Peer,
): AllowVerdict => {
  const peerGroups = new Set(peer.groupIds ?? []);
  const peerCidrs = (peer.cidrs ?? []).filter(
    (cidr) => parseCidr(cidr) !== undefined,
  );
  const uncovered = new Set(peerCidrs);
  let prefixListMatch = false;
  for (const groupId of sgSet) {
    const group = sgById.get(groupId);
    if (group === undefined) continue;
    const permissions =
      direction === 'ingress' ? group.ipPermissions : group.ipPermissionsEgress;
    for (const permission of permissions) {
      if (!permissionCovers(permission, proto, port)) continue;
      for (const pair of permission.userIdGroupPairs) {
        if (pair.groupId !== undefined && peerGroups.has(pair.groupId)) {
          return 'allow';
        }
      }
      if (permission.prefixListIds.length > 0) prefixListMatch = true;
      if (uncovered.size === 0) continue;
      for (const cidr of uncovered) {
        const ranges = cidr.includes(':')
          ? permission.ipv6Ranges
          : permission.ipRanges;
        if (ranges.some((range) => cidrContains(range, cidr))) {
          uncovered.delete(cidr);
        }
      }
      if (peerCidrs.length > 0 && uncovered.size === 0) return 'allow';
    }
  }
  return prefixListMatch ? 'unknown' : 'deny';
};

/**
 * Protocol and ports of a permission for messages: `all`, `tcp/443`,
 * `tcp/1024-65535`, `udp/all`, `icmp/8`.
 */
const describeProtocolPorts = (permission: IpPermission): string => {
  const proto = protocolName(permission.ipProtocol);
  if (proto === 'all') return 'all';
  const { fromPort, toPort } = permission;
  if (isAllPorts(fromPort, toPort)) {
    return fromPort !== undefined && fromPort >= 0
      ? `${proto}/${fromPort}`
      : `${proto}/all`;
  }
  return fromPort === toPort
    ? `${proto}/${fromPort}`
    : `${proto}/${fromPort}-${toPort}`;
};

/** `0.0.0.0/0` or `::/0`. */
const isAnywhere = (cidr: string): boolean => parseCidr(cidr)?.prefix === 0;

/**
 * `cpSGs(cluster)` (§2.0): groups on the cluster's control-plane ENIs, or
 * `clusterSecurityGroupId ∪ securityGroupIds` when no such ENI is visible.
 *
 * @param ctx - derive context
 * @param cluster - the cluster
 * @returns sorted group ids
 */
const controlPlaneSecurityGroups = (
  ctx: DeriveContext,
  cluster: Cluster,
): string[] => {
  const enis = ctx.cpEnisByCluster.get(cluster.name) ?? [];
  const config = cluster.resourcesVpcConfig;
  const groups =
    enis.length > 0
      ? enis.flatMap((eni) => eni.groupIds)
      : [
          ...(config.clusterSecurityGroupId
            ? [config.clusterSecurityGroupId]
            : []),
          ...config.securityGroupIds,
        ];
  return [...new Set(groups)].sort();
};

const nodeGroupsCache = new WeakMap<DeriveContext, Map<string, string[]>>();

/**
 * `nodeSGs(node)` (§2.0): groups of the node's device-index-0 ENI, else the
 * instance's own group list when that ENI was not collected.
 *
 * @param ctx - derive context
 * @param node - the instance
 * @returns sorted group ids (memoised per context; callers get a copy)
 */
const nodeSecurityGroups = (ctx: DeriveContext, node: Instance): string[] => {
  let perContext = nodeGroupsCache.get(ctx);
  if (perContext === undefined) {
    perContext = new Map();
    nodeGroupsCache.set(ctx, perContext);
  }
  let groups = perContext.get(node.instanceId);
  if (groups === undefined) {
    const primary = ctx.primaryEniByInstance.get(node.instanceId);
    groups = [...new Set(primary?.groupIds ?? node.securityGroupIds)].sort();
    perContext.set(node.instanceId, groups);
  }
  return [...groups];
};

export type { AllowVerdict, Direction, Peer };
export {
  allows,
  controlPlaneSecurityGroups,
  describeProtocolPorts,
  isAnywhere,
  nodeSecurityGroups,
  permissionCovers,
  protocolName,
};
