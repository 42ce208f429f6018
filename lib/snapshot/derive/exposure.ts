/**
 * Facts the service-exposure, SNAT and Multus rules add to existing kinds
 * (services reference §8.6–§8.8): cluster-level load-balancer counts and
 * SNAT paths, node-level unmanaged-ENI arithmetic, security-group NodePort
 * rules.
 *
 * Interpretations decided here:
 * - `extraEnis(node)` looks at network card 0 only (`ENABLE_MULTI_NIC` is
 *   off by default and rarely set through the add-on).
 * - The NodePort range is Kubernetes' default 30000–32767.
 * - Regional NLB and target-group counts only see what sits in cluster VPCs
 *   (the collector keeps nothing else).
 * - Security-group rule descriptions and ENI `SourceDestCheck` are not in the
 *   snapshot, so legacy NLB rules (`kubernetes.io/rule/nlb/*`) cannot be told
 *   apart and NET-CNI-016 cannot mention source/destination checking.
 *
 * @module
 */
import type { IpPermission, NetworkInterface } from '../types.js';
import { cidrContains } from './cidr.js';
import { clusterCniState } from './cniCluster.js';
import { sortedUnique } from './common.js';
import type { DeriveContext } from './context.js';
import { nodeEniLayout } from './enis.js';
import { NODE_PORT_RANGE } from './loadBalancer.js';
import { subnetRouting } from './network.js';
import {
  describeProtocolPorts,
  nodeSecurityGroups,
  protocolName,
} from './securityGroups.js';
import { vpcIpv4Cidrs } from './vpc.js';

const NO_MANAGE_TAG = 'node.k8s.amazonaws.com/no_manage';
const INSTANCE_ID_TAG = 'node.k8s.amazonaws.com/instance_id';

/** Cluster facts of §9.1 NET-LB-011 and §9.2. */
interface ClusterExposureFacts {
  readonly loadBalancerCount: number;
  readonly internetFacingLoadBalancerCount: number;
  readonly serviceNlbCount: number;
  readonly vpcNlbCount: number;
  readonly vpcTargetGroupCount: number;
  readonly maxNodeSgInboundRules: number;
  readonly podSubnetsWithoutNat: string[];
  readonly snatHiddenRoutes: string[];
}

const inboundRuleCount = (permissions: readonly IpPermission[]): number =>
  permissions.reduce(
    (n, p) =>
      n +
      p.ipRanges.length +
      p.ipv6Ranges.length +
      p.prefixListIds.length +
      p.userIdGroupPairs.length,
    0,
  );

/**
 * Load-balancer counts, node security-group rule load and SNAT paths of one
 * cluster.
 *
 * @param ctx - derive context
 * @param clusterName - the cluster
 * @param attributed - ARNs and types of the load balancers attributed to it
 * @returns the facts
 */
const clusterExposureFacts = (
  ctx: DeriveContext,
  clusterName: string,
  attributed: readonly {
    type: string;
    ownerKind: string;
    internetFacing: boolean;
  }[],
): ClusterExposureFacts => {
  const cluster = ctx.clusterByName.get(clusterName);
  const vpcId = ctx.clusterVpcId.get(clusterName);
  const nodes = ctx.nodesByCluster.get(clusterName) ?? [];
  const nodeSgs = sortedUnique(
    nodes.flatMap((n) => nodeSecurityGroups(ctx, n)),
  );
  const groups = nodeSgs
    .map((id) => ctx.sgById.get(id))
    .filter((g) => g !== undefined);
  const vpc = vpcId ? ctx.vpcById.get(vpcId) : undefined;
  const vpcCidrs = vpc ? vpcIpv4Cidrs(vpc) : [];
  const state = cluster ? clusterCniState(ctx, cluster) : undefined;

  const podSubnets = new Set<string>();
  for (const node of nodes) {
    if (node.platform === 'windows') continue;
    const layout = nodeEniLayout(ctx, node);
    if (!layout.customNetInUse && node.subnetId) podSubnets.add(node.subnetId);
    for (const s of layout.podSubnetIds) podSubnets.add(s);
  }
  const podSubnetsWithoutNat = [...podSubnets].sort().flatMap((s) => {
    const egress = subnetRouting(ctx, s, vpcId).defaultEgress;
    return egress === 'igw' || egress === 'none' ? [`${s} (${egress})`] : [];
  });

  const excluded = (state?.config.env.AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const nodeSubnets = ctx.nodeSubnetsByCluster.get(clusterName) ?? [];
  const hidden = nodeSubnets.flatMap((s) => {
    const table = subnetRouting(ctx, s, vpcId).routeTable;
    return (table?.routes ?? []).flatMap((r) => {
      const dest = r.destinationCidrBlock;
      if (!dest || dest === '0.0.0.0/0') return [];
      const via = r.transitGatewayId
        ? 'tgw'
        : r.vpcPeeringConnectionId
          ? 'pcx'
          : (r.gatewayId ?? '').startsWith('vgw-')
            ? 'vgw'
            : r.coreNetworkArn
              ? 'cloudwan'
              : '';
      if (!via) return [];
      if (vpcCidrs.some((c) => safeContains(c, dest))) return [];
      if (excluded.some((c) => safeContains(c, dest))) return [];
      return [`${dest} via ${via}`];
    });
  });

  const nlbs = (ctx.snapshot.loadBalancers ?? []).filter(
    (lb) => lb.type === 'network',
  );
  return {
    loadBalancerCount: attributed.length,
    internetFacingLoadBalancerCount: attributed.filter((a) => a.internetFacing)
      .length,
    serviceNlbCount: attributed.filter(
      (a) => a.type === 'network' && a.ownerKind === 'Service',
    ).length,
    vpcNlbCount: nlbs.length,
    vpcTargetGroupCount: (ctx.snapshot.targetGroups ?? []).length,
    maxNodeSgInboundRules: Math.max(
      0,
      ...groups.map((g) => inboundRuleCount(g.ipPermissions)),
    ),
    podSubnetsWithoutNat,
    snatHiddenRoutes: sortedUnique(hidden),
  };
};

const safeContains = (outer: string, inner: string): boolean => {
  try {
    return cidrContains(outer, inner);
  } catch {
    return false;
  }
};

/** Node facts of NET-CNI-014…016. */
interface NodeMultusFacts {
  readonly noManageEnis: number;
  readonly podCapacityWithUnmanaged?: number;
  readonly extraEnisWithoutNoManage: string[];
  readonly extraEniTagValueWrong: boolean;
  readonly extraEniInOwnSubnet: boolean;
  readonly multusOpenIngress: string[];
  readonly multusPubliclyAddressable: boolean;
}

const cniSubnetCache = new WeakMap<DeriveContext, ReadonlySet<string>>();

/** Subnets holding a node-primary or CNI secondary ENI (memoised per context). */
const cniSubnetsOf = (ctx: DeriveContext): ReadonlySet<string> => {
  let subnets = cniSubnetCache.get(ctx);
  if (subnets === undefined) {
    subnets = new Set(
      (ctx.snapshot.networkInterfaces ?? [])
        .filter((e) => {
          const kind = ctx.eniClass.get(e.networkInterfaceId)?.kind;
          return kind === 'cni-secondary' || kind === 'node-primary';
        })
        .map((e) => e.subnetId),
    );
    cniSubnetCache.set(ctx, subnets);
  }
  return subnets;
};

const isExtraEni = (eni: NetworkInterface, instanceId: string): boolean =>
  (eni.attachment?.deviceIndex ?? 0) > 0 &&
  (eni.attachment?.networkCardIndex ?? 0) === 0 &&
  eni.interfaceType === 'interface' &&
  !/^aws-k8s-/i.test(eni.description) &&
  eni.tags[INSTANCE_ID_TAG] !== instanceId;

/**
 * Unmanaged and extra ENIs of one node.
 *
 * @param ctx - derive context
 * @param instanceId - the node
 * @param limits - the node's ENI limit, IPv4 per ENI, CNI mode and expected max Pods
 * @returns the facts
 */
const nodeMultusFacts = (
  ctx: DeriveContext,
  instanceId: string,
  limits: {
    eniLimit?: number;
    ipv4PerEni?: number;
    cniMode: string;
    hasTrunk: boolean;
  },
): NodeMultusFacts => {
  const enis = ctx.enisByInstance.get(instanceId) ?? [];
  const extra = enis.filter((e) => isExtraEni(e, instanceId));
  const noManage = extra.filter((e) => e.tags[NO_MANAGE_TAG] === 'true');
  const notNoManage = extra.filter((e) => e.tags[NO_MANAGE_TAG] !== 'true');
  const k = noManage.length;
  const t = limits.hasTrunk ? 1 : 0;
  const c = limits.cniMode.startsWith('custom-networking') ? 1 : 0;
  const prefix = limits.cniMode.endsWith('prefix');
  const capacity =
    limits.eniLimit !== undefined && limits.ipv4PerEni !== undefined
      ? Math.max(0, limits.eniLimit - k - t - c) *
          (limits.ipv4PerEni - 1) *
          (prefix ? 16 : 1) +
        2
      : undefined;
  const cniSubnets = cniSubnetsOf(ctx);
  const open = noManage.flatMap((e) =>
    e.groupIds.flatMap((g) =>
      (ctx.sgById.get(g)?.ipPermissions ?? []).flatMap((p) =>
        [...p.ipRanges, ...p.ipv6Ranges]
          .filter((r) => r === '0.0.0.0/0' || r === '::/0')
          .map(
            (r) =>
              `${e.networkInterfaceId} ${g} ${protocolName(p.ipProtocol) === 'all' ? 'all' : describeProtocolPorts(p)} from ${r}`,
          ),
      ),
    ),
  );
  const openEnis = new Set(open.map((o) => o.split(' ')[0]));
  return {
    noManageEnis: k,
    ...(capacity !== undefined && { podCapacityWithUnmanaged: capacity }),
    extraEnisWithoutNoManage: notNoManage.map((e) =>
      e.tags[NO_MANAGE_TAG] === undefined
        ? `${e.networkInterfaceId} (no tag)`
        : `${e.networkInterfaceId} (no_manage=${e.tags[NO_MANAGE_TAG]})`,
    ),
    extraEniTagValueWrong: notNoManage.some(
      (e) => e.tags[NO_MANAGE_TAG] !== undefined,
    ),
    extraEniInOwnSubnet: notNoManage.some((e) => !cniSubnets.has(e.subnetId)),
    multusOpenIngress: sortedUnique(open),
    multusPubliclyAddressable: noManage.some(
      (e) =>
        openEnis.has(e.networkInterfaceId) &&
        (Boolean(e.association?.publicIp) ||
          subnetRouting(ctx, e.subnetId, e.vpcId).isPublic),
    ),
  };
};

/** Security-group facts of NET-LB-007. */
interface SecurityGroupNodePortFacts {
  readonly nodePortExternalRules: string[];
  readonly nodePortOpenToInternetOnPublicNode: boolean;
}

/**
 * Inbound CIDR rules of a node security group that reach the NodePort range
 * from outside the VPC, or cover the whole range from any CIDR.
 *
 * @param ctx - derive context
 * @param groupId - the group
 * @param nodeClusters - clusters whose nodes carry the group
 * @returns the facts
 */
const securityGroupNodePortFacts = (
  ctx: DeriveContext,
  groupId: string,
  nodeClusters: readonly string[],
): SecurityGroupNodePortFacts => {
  const group = ctx.sgById.get(groupId);
  if (group === undefined || nodeClusters.length === 0) {
    return {
      nodePortExternalRules: [],
      nodePortOpenToInternetOnPublicNode: false,
    };
  }
  const vpc = ctx.vpcById.get(group.vpcId);
  const vpcCidrs = vpc ? [...vpcIpv4Cidrs(vpc)] : [];
  const [lo, hi] = NODE_PORT_RANGE;
  const rules: string[] = [];
  let anywhere = false;
  for (const p of group.ipPermissions) {
    const proto = protocolName(p.ipProtocol);
    if (proto !== 'tcp' && proto !== 'udp') continue;
    const from = p.fromPort ?? -1;
    const to = p.toPort ?? -1;
    const all = from < 0 || to < 0;
    if (!all && (to < lo || from > hi)) continue;
    const whole = all || (from <= lo && to >= hi);
    for (const cidr of [...p.ipRanges, ...p.ipv6Ranges]) {
      const external =
        cidr.includes(':') || !vpcCidrs.some((v) => safeContains(v, cidr));
      if (!external && !whole) continue;
      rules.push(`${describeProtocolPorts(p)} from ${cidr}`);
      if (cidr === '0.0.0.0/0' || cidr === '::/0') anywhere = true;
    }
  }
  const publicNode = nodeClusters.some((c) =>
    (ctx.nodesByCluster.get(c) ?? []).some(
      (n) =>
        nodeSecurityGroups(ctx, n).includes(groupId) &&
        Boolean(n.publicIpAddress),
    ),
  );
  return {
    nodePortExternalRules: sortedUnique(rules),
    nodePortOpenToInternetOnPublicNode: anywhere && publicNode,
  };
};

export type {
  ClusterExposureFacts,
  NodeMultusFacts,
  SecurityGroupNodePortFacts,
};
export { clusterExposureFacts, nodeMultusFacts, securityGroupNodePortFacts };
