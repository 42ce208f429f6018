/**
 * The cluster facts about the VPC CNI, ENI layout and node types
 * (`cniClusterFacts`), and the per-cluster CNI state the node, node group and
 * subnet builders share (`clusterCniState`).
 *
 * @module
 */
import type { ClusterFacts } from '../facts.js';
import type { Cluster, Instance, NetworkInterface } from '../types.js';
import { type CniConfig, envFlag, parseCniConfig } from './cniConfig.js';
import type { DeriveContext } from './context.js';
import { nodeEniLayout } from './enis.js';
import type { CniMode } from './maxPods.js';
import { missingEntry } from './securityGroup.js';
import { allows } from './securityGroups.js';

/** The CNI settings and the modes the ENI layout shows for one cluster. */
interface ClusterCniState {
  readonly config: CniConfig;
  /** A node's CNI-managed ENI holds a prefix. */
  readonly pdInUse: boolean;
  /** A node has a CNI ENI in a non-node, untagged subnet. */
  readonly customNetInUse: boolean;
  /** A node has a trunk ENI. */
  readonly sgpInUse: boolean;
  /** `ENABLE_PREFIX_DELEGATION`, when set. */
  readonly pdConfigured?: boolean;
  /** `AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG`, when set. */
  readonly customNetConfigured?: boolean;
  /** `ENABLE_POD_ENI`, when set. */
  readonly sgpConfigured?: boolean;
  /** The mode new nodes get: what is seen in use, else what is configured. */
  readonly mode: CniMode;
  readonly ipFamily: string;
}

/** Subset of the cluster facts this module fills. */
type CniClusterFacts = Pick<
  ClusterFacts,
  | 'cniAddonInstalled'
  | 'cniVersion'
  | 'cniStatus'
  | 'cniHealthIssueCodes'
  | 'cniConfigVisible'
  | 'cniEnv'
  | 'cniEnableNetworkPolicy'
  | 'pdInUse'
  | 'pdConfigured'
  | 'sgpInUse'
  | 'sgpConfigured'
  | 'customNetInUse'
  | 'customNetConfigured'
  | 'cniFeatureVersionGaps'
  | 'nodeInstanceTypes'
  | 'nonNitroNodeTypes'
  | 'nonTrunkingNodeTypes'
  | 'unknownNodeTypes'
  | 'hasWindowsNodes'
  | 'customNetVerifiable'
  | 'customNetProblems'
  | 'customNetPodSubnetCidrs'
  | 'podSecurityGroupDnsGaps'
>;

/** Minimum CNI versions per feature (NET-CNI-006). */
const FEATURE_MIN_VERSIONS = {
  pd: { version: [1, 9, 0], label: 'prefix delegation needs >= 1.9.0' },
  ipv6: { version: [1, 10, 1], label: 'IPv6 needs >= 1.10.1' },
  sgp: { version: [1, 7, 7], label: 'security groups for Pods needs >= 1.7.7' },
} as const;

/** Matches AZ names (`us-east-1a`) and AZ ids (`use1-az1`) used as ENIConfig names. */
const AZ_NAME = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;
const AZ_ID = /^[a-z]{2,4}\d+-az\d+$/;

const sorted = (values: Iterable<string>): string[] =>
  [...new Set(values)].sort();

const stateCache = new WeakMap<DeriveContext, Map<string, ClusterCniState>>();

/**
 * Parses a CNI add-on version such as `v1.18.5-eksbuild.1`.
 *
 * @param version - the add-on version
 * @returns `[major, minor, patch]`, or `undefined` when it does not parse
 */
const parseCniVersion = (
  version: string | undefined,
): readonly [number, number, number] | undefined => {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
};

const isBelow = (
  actual: readonly number[],
  minimum: readonly number[],
): boolean => {
  for (let i = 0; i < minimum.length; i++) {
    const a = actual[i] ?? 0;
    const m = minimum[i] ?? 0;
    if (a !== m) return a < m;
  }
  return false;
};

const computeState = (
  ctx: DeriveContext,
  cluster: Cluster,
): ClusterCniState => {
  const config = parseCniConfig(cluster.vpcCniAddon);
  let pdInUse = false;
  let customNetInUse = false;
  let sgpInUse = false;
  for (const node of ctx.nodesByCluster.get(cluster.name) ?? []) {
    const layout = nodeEniLayout(ctx, node);
    pdInUse ||= layout.pdInUse;
    customNetInUse ||= layout.customNetInUse;
    sgpInUse ||= layout.hasTrunk;
  }
  const pdConfigured = envFlag(config.env, 'ENABLE_PREFIX_DELEGATION');
  const customNetConfigured = envFlag(
    config.env,
    'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG',
  );
  const sgpConfigured = envFlag(config.env, 'ENABLE_POD_ENI');
  const ipFamily = cluster.kubernetesNetworkConfig?.ipFamily ?? 'ipv4';
  // IPv6 clusters always run in prefix mode (a /80 per node).
  const pd = pdInUse || pdConfigured === true || ipFamily === 'ipv6';
  const custom = customNetInUse || customNetConfigured === true;
  const mode: CniMode =
    pd && custom
      ? 'custom-networking+prefix'
      : pd
        ? 'prefix'
        : custom
          ? 'custom-networking'
          : 'secondary-ip';
  return {
    config,
    pdInUse,
    customNetInUse,
    sgpInUse,
    ...(pdConfigured !== undefined && { pdConfigured }),
    ...(customNetConfigured !== undefined && { customNetConfigured }),
    ...(sgpConfigured !== undefined && { sgpConfigured }),
    mode,
    ipFamily,
  };
};

/**
 * The CNI state of a cluster: parsed add-on settings, the modes its nodes'
 * ENI layout shows, and the mode new nodes get. Memoised per context.
 *
 * @param ctx - the derive context
 * @param cluster - the cluster
 * @returns the shared CNI state
 */
const clusterCniState = (
  ctx: DeriveContext,
  cluster: Cluster,
): ClusterCniState => {
  let cache = stateCache.get(ctx);
  if (cache === undefined) {
    cache = new Map();
    stateCache.set(ctx, cache);
  }
  let state = cache.get(cluster.name);
  if (state === undefined) {
    state = computeState(ctx, cluster);
    cache.set(cluster.name, state);
  }
  return state;
};

const featureGaps = (cluster: Cluster, state: ClusterCniState): string[] => {
  const version = parseCniVersion(cluster.vpcCniAddon?.addonVersion);
  if (version === undefined) return [];
  const gaps: string[] = [];
  const check = (
    inUse: boolean,
    feature: keyof typeof FEATURE_MIN_VERSIONS,
  ) => {
    const { version: minimum, label } = FEATURE_MIN_VERSIONS[feature];
    if (inUse && isBelow(version, minimum)) gaps.push(label);
  };
  check(state.pdInUse || state.pdConfigured === true, 'pd');
  check(state.ipFamily === 'ipv6', 'ipv6');
  check(state.sgpInUse || state.sgpConfigured === true, 'sgp');
  return gaps.sort();
};

const nodeTypeFacts = (
  ctx: DeriveContext,
  cluster: Cluster,
  nodes: readonly Instance[],
) => {
  const types = new Set<string>();
  for (const node of nodes) types.add(node.instanceType);
  for (const group of cluster.nodegroups ?? []) {
    for (const type of group.instanceTypes ?? []) types.add(type);
  }
  const nonNitro: string[] = [];
  const nonTrunking: string[] = [];
  const unknown: string[] = [];
  for (const type of types) {
    const info = ctx.instanceTypeByName.get(type);
    if (
      info?.maximumNetworkInterfaces === undefined ||
      info.ipv4AddressesPerInterface === undefined
    ) {
      unknown.push(type);
    }
    if (
      info?.hypervisor !== undefined &&
      info.hypervisor !== 'nitro' &&
      info.bareMetal !== true
    ) {
      nonNitro.push(type);
    }
    if (info?.trunkingCompatible !== true) nonTrunking.push(type);
  }
  return {
    nodeInstanceTypes: sorted(types),
    nonNitroNodeTypes: sorted(nonNitro),
    nonTrunkingNodeTypes: sorted(nonTrunking),
    unknownNodeTypes: sorted(unknown),
  };
};

/** Custom-networking checks of NET-CIDR-003 and the pod subnet CIDRs. */
const customNetFacts = (
  ctx: DeriveContext,
  cluster: Cluster,
  state: ClusterCniState,
  nodes: readonly Instance[],
) => {
  const on = state.customNetInUse || state.customNetConfigured === true;
  const eniConfigs = state.config.eniConfigSubnets;
  const podSubnetIds = new Set<string>();
  const problems: string[] = [];
  const vpcId = ctx.clusterVpcId.get(cluster.name);
  const nodeAz = (node: Instance): string | undefined =>
    node.availabilityZone ??
    (node.subnetId === undefined
      ? undefined
      : ctx.subnetById.get(node.subnetId)?.availabilityZone);
  // AZs where a node's CNI ENIs show where its Pods draw from.
  const azsWithPodSubnet = new Set<string>();
  const azsWithNodeSubnetPods = new Set<string>();
  for (const node of nodes) {
    const layout = nodeEniLayout(ctx, node);
    const az = nodeAz(node);
    for (const id of layout.customPodSubnetIds) podSubnetIds.add(id);
    if (az === undefined || layout.cniSecondaryEnis === 0) continue;
    if (layout.customNetInUse) azsWithPodSubnet.add(az);
    else azsWithNodeSubnetPods.add(az);
  }
  if (on && eniConfigs !== undefined) {
    const configuredAzs = new Set<string>();
    for (const { key, subnetId } of eniConfigs) {
      podSubnetIds.add(subnetId);
      const subnet = ctx.subnetById.get(subnetId);
      if (subnet === undefined) {
        problems.push(`pod subnet ${subnetId} for ${key} not found`);
        continue;
      }
      configuredAzs.add(subnet.availabilityZone);
      const keyedByAz = AZ_NAME.test(key) || AZ_ID.test(key);
      if (
        keyedByAz &&
        key !== subnet.availabilityZone &&
        key !== subnet.availabilityZoneId
      ) {
        problems.push(
          `pod subnet ${subnetId} for ${key} is in ${subnet.availabilityZone}`,
        );
      }
      if (vpcId !== undefined && subnet.vpcId !== vpcId) {
        problems.push(
          `pod subnet ${subnetId} is in another VPC (${subnet.vpcId})`,
        );
      }
    }
    for (const node of nodes) {
      const az = nodeAz(node);
      if (az !== undefined && !configuredAzs.has(az)) {
        problems.push(`no pod subnet for ${az}`);
      }
    }
  } else if (on) {
    for (const az of azsWithNodeSubnetPods) {
      if (!azsWithPodSubnet.has(az)) {
        problems.push(`no pod subnet seen for ${az}`);
      }
    }
  }
  const cidrs: string[] = [];
  for (const id of podSubnetIds) {
    const cidr = ctx.subnetById.get(id)?.cidrBlock;
    if (cidr !== undefined) cidrs.push(cidr);
  }
  return {
    customNetVerifiable: eniConfigs !== undefined || state.customNetInUse,
    customNetProblems: sorted(problems),
    customNetPodSubnetCidrs: on ? sorted(cidrs) : [],
  };
};

const branchCache = new WeakMap<
  DeriveContext,
  Map<string, NetworkInterface[]>
>();

/** Branch ENIs per cluster, built in one pass over the ENIs. */
const branchEnisOf = (
  ctx: DeriveContext,
  clusterName: string,
): readonly NetworkInterface[] => {
  let byCluster = branchCache.get(ctx);
  if (byCluster === undefined) {
    byCluster = new Map();
    for (const eni of ctx.snapshot.networkInterfaces ?? []) {
      const klass = ctx.eniClass.get(eni.networkInterfaceId);
      if (klass?.kind !== 'branch' || klass.clusterName === undefined) continue;
      const list = byCluster.get(klass.clusterName);
      if (list) list.push(eni);
      else byCluster.set(klass.clusterName, [eni]);
    }
    branchCache.set(ctx, byCluster);
  }
  return byCluster.get(clusterName) ?? [];
};

/**
 * NET-SG-010: for each distinct SG set on the cluster's branch ENIs, DNS
 * (TCP and UDP 53) must be allowed out of the set toward the cluster SG and
 * into the cluster SG from the set (addressed by the SG or by the subnets
 * the branch ENIs sit in). A flow only a prefix-list rule might admit is
 * listed with the ` (prefix list not resolved)` suffix, so the policy can say
 * `unknown` instead of passing.
 */
const dnsGaps = (ctx: DeriveContext, cluster: Cluster): string[] => {
  const clusterSg = cluster.resourcesVpcConfig.clusterSecurityGroupId;
  if (clusterSg === undefined) return [];
  const vpcId = ctx.clusterVpcId.get(cluster.name);
  const vpcCidrs =
    vpcId === undefined
      ? []
      : (ctx.vpcById.get(vpcId)?.cidrBlockAssociationSet ?? []).map(
          (a) => a.cidrBlock,
        );
  // Pods are addressed by their subnets: a cluster SG rule admitting a pod
  // subnet (or the VPC) admits them, and per-address peers would not scale.
  const podSets = new Map<string, { groups: string[]; cidrs: Set<string> }>();
  for (const eni of branchEnisOf(ctx, cluster.name)) {
    const groups = sorted(eni.groupIds);
    const key = groups.join(',');
    let entry = podSets.get(key);
    if (entry === undefined) {
      entry = { groups, cidrs: new Set() };
      podSets.set(key, entry);
    }
    const cidr = ctx.subnetById.get(eni.subnetId)?.cidrBlock;
    if (cidr !== undefined) entry.cidrs.add(cidr);
    else if (eni.privateIpAddress !== undefined) {
      entry.cidrs.add(eni.privateIpAddress);
    }
  }
  const gaps: string[] = [];
  for (const [key, { groups, cidrs }] of podSets) {
    for (const proto of ['tcp', 'udp']) {
      // CoreDNS runs on nodes carrying the cluster SG somewhere in the VPC.
      const out = allows(ctx.sgById, groups, 'egress', proto, 53, {
        groupIds: [clusterSg],
        cidrs: vpcCidrs,
      });
      const outGap = missingEntry(
        out,
        `pod->cluster ${proto}/53 egress (${key})`,
      );
      if (outGap !== undefined) gaps.push(outGap);
      const into = allows(ctx.sgById, [clusterSg], 'ingress', proto, 53, {
        groupIds: groups,
        cidrs: [...cidrs],
      });
      const intoGap = missingEntry(
        into,
        `pod->cluster ${proto}/53 ingress (${key})`,
      );
      if (intoGap !== undefined) gaps.push(intoGap);
    }
  }
  return gaps.sort();
};

/**
 * The cluster facts about the VPC CNI add-on, its settings, the modes the
 * ENI layout shows, node instance types, custom networking and Pod security
 * group DNS. derive-net's cluster builder spreads them into the cluster's
 * facts.
 *
 * @param ctx - the derive context
 * @param cluster - the cluster
 * @returns the CNI-related cluster facts; optional ones absent when unknown
 * @example
 * ```ts
 * const facts = { ...networkFacts, ...cniClusterFacts(ctx, cluster) };
 * ```
 */
const cniClusterFacts = (
  ctx: DeriveContext,
  cluster: Cluster,
): CniClusterFacts => {
  const addon = cluster.vpcCniAddon;
  const state = clusterCniState(ctx, cluster);
  const nodes = ctx.nodesByCluster.get(cluster.name) ?? [];
  const version = addon?.addonVersion?.replace(/^v/, '');
  const windows =
    (cluster.nodegroups ?? []).some((g) =>
      (g.amiType ?? '').toUpperCase().startsWith('WINDOWS_'),
    ) || nodes.some((n) => n.platform?.toLowerCase() === 'windows');
  return {
    cniAddonInstalled: addon !== undefined && addon !== null,
    ...(version && { cniVersion: version }),
    ...(addon?.status !== undefined && { cniStatus: addon.status }),
    cniHealthIssueCodes: sorted(
      (addon?.health.issues ?? []).map((i) => i.code),
    ),
    cniConfigVisible: state.config.visible,
    cniEnv: { ...state.config.env },
    ...(state.config.enableNetworkPolicy !== undefined && {
      cniEnableNetworkPolicy: state.config.enableNetworkPolicy,
    }),
    pdInUse: state.pdInUse,
    ...(state.pdConfigured !== undefined && {
      pdConfigured: state.pdConfigured,
    }),
    sgpInUse: state.sgpInUse,
    ...(state.sgpConfigured !== undefined && {
      sgpConfigured: state.sgpConfigured,
    }),
    customNetInUse: state.customNetInUse,
    ...(state.customNetConfigured !== undefined && {
      customNetConfigured: state.customNetConfigured,
    }),
    cniFeatureVersionGaps: featureGaps(cluster, state),
    ...nodeTypeFacts(ctx, cluster, nodes),
    hasWindowsNodes: windows,
    ...customNetFacts(ctx, cluster, state, nodes),
    podSecurityGroupDnsGaps: dnsGaps(ctx, cluster),
  };
};

export type { ClusterCniState, CniClusterFacts };
export { clusterCniState, cniClusterFacts, parseCniVersion };
