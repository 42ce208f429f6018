/**
 * ENI classification by the fingerprints of the domain reference §1.4: who
 * created an ENI (EC2 at launch, the VPC CNI, the VPC Resource Controller,
 * EKS, an AWS service) decides which rules look at it.
 *
 * @module
 */
import type { Instance, NetworkInterface } from '../types.js';
import type { DeriveContext } from './context.js';

/** What an ENI is, from its description, interface type, tags and attachment. */
type EniKind =
  | 'node-primary'
  | 'cni-secondary'
  | 'trunk'
  | 'branch'
  | 'control-plane'
  | 'load-balancer'
  | 'nat'
  | 'vpc-endpoint'
  | 'excluded'
  | 'other';

/** The classification of one ENI. */
interface EniClass {
  readonly kind: EniKind;
  /** The cluster the ENI serves, when the fingerprint or its instance says. */
  readonly clusterName?: string;
  /** The instance the ENI belongs to (attachment, CNI tag or description). */
  readonly instanceId?: string;
}

/** Description prefix of VPC CNI secondary ENIs (the CNI checks it case-sensitively). */
const CNI_DESCRIPTION_PREFIX = 'aws-K8S-';
/** Description of trunk ENIs created by the VPC Resource Controller. */
const TRUNK_DESCRIPTION = 'aws-k8s-trunk-eni';
/** Description of branch ENIs created by the VPC Resource Controller. */
const BRANCH_DESCRIPTION = 'aws-k8s-branch-eni';
/** Description prefix of EKS control-plane cross-account ENIs. */
const CONTROL_PLANE_MARKER = 'Amazon EKS ';
/** Tag the CNI and the controller put on every ENI they create. */
const INSTANCE_ID_TAG = 'node.k8s.amazonaws.com/instance_id';
/** Tag users set on ENIs the CNI must leave alone (Multus and similar). */
const NO_MANAGE_TAG = 'node.k8s.amazonaws.com/no_manage';
/** Tag the CNI sets when `CLUSTER_NAME` is configured. */
const CNI_CLUSTER_TAG = 'cluster.k8s.amazonaws.com/name';
const CLUSTER_TAG_PREFIX = 'kubernetes.io/cluster/';

const SERVICE_KINDS: Readonly<Record<string, EniKind>> = {
  load_balancer: 'load-balancer',
  network_load_balancer: 'load-balancer',
  gateway_load_balancer: 'load-balancer',
  nat_gateway: 'nat',
  vpc_endpoint: 'vpc-endpoint',
  gateway_load_balancer_endpoint: 'vpc-endpoint',
};

/** The cluster named by a `kubernetes.io/cluster/<name>` tag, preferring known clusters. */
const clusterFromTags = (
  tags: Readonly<Record<string, string>>,
  clusterNames: ReadonlySet<string>,
): string | undefined => {
  let fallback: string | undefined;
  for (const key of Object.keys(tags)) {
    if (!key.startsWith(CLUSTER_TAG_PREFIX)) continue;
    const name = key.slice(CLUSTER_TAG_PREFIX.length);
    if (clusterNames.has(name)) return name;
    fallback ??= name;
  }
  return tags[CNI_CLUSTER_TAG] ?? fallback;
};

/** Builds the result without `undefined`-valued keys (no spreads: hot path). */
const result = (
  kind: EniKind,
  clusterName: string | undefined,
  instanceId: string | undefined,
): EniClass => {
  if (clusterName === undefined) {
    return instanceId === undefined ? { kind } : { kind, instanceId };
  }
  return instanceId === undefined
    ? { kind, clusterName }
    : { kind, clusterName, instanceId };
};

/**
 * Classifies one ENI by the fingerprints of the domain reference §1.4.
 *
 * Precedence: a node's primary ENI (device index 0 of an instance of a known
 * cluster) first, then `no_manage` exclusion, trunk and branch ENIs of the
 * VPC Resource Controller (lower-case `aws-k8s-`), EKS control-plane ENIs,
 * CNI secondary ENIs (`aws-K8S-`, case-sensitive like the CNI), AWS service
 * ENIs by interface type, and `other`.
 *
 * @param eni - the ENI as collected
 * @param instanceClusterName - cluster of a node instance (its
 *   `aws:eks:cluster-name` tag), `undefined` for non-node instances
 * @param clusterNames - names of the clusters in the snapshot
 * @returns kind, plus cluster and instance where they can be told
 * @example
 * ```ts
 * classifyEni(eni, (id) => nodes.get(id), new Set(['prod']));
 * // { kind: 'cni-secondary', clusterName: 'prod', instanceId: 'i-0abc' }
 * ```
 */
const classifyEni = (
  eni: NetworkInterface,
  instanceClusterName: (instanceId: string) => string | undefined,
  clusterNames: ReadonlySet<string>,
): EniClass => {
  const { description, interfaceType, tags } = eni;
  const attachedTo = eni.attachment?.instanceId;
  const taggedInstance = tags[INSTANCE_ID_TAG];
  const instanceId = attachedTo ?? taggedInstance;
  const instanceCluster =
    instanceId === undefined ? undefined : instanceClusterName(instanceId);

  if (
    attachedTo !== undefined &&
    eni.attachment?.deviceIndex === 0 &&
    instanceCluster !== undefined
  ) {
    return result('node-primary', instanceCluster, attachedTo);
  }
  if (tags[NO_MANAGE_TAG] !== undefined) {
    return result(
      'excluded',
      instanceCluster ?? clusterFromTags(tags, clusterNames),
      instanceId,
    );
  }
  if (interfaceType === 'trunk' || description === TRUNK_DESCRIPTION) {
    return result(
      'trunk',
      instanceCluster ?? clusterFromTags(tags, clusterNames),
      instanceId,
    );
  }
  if (interfaceType === 'branch' || description === BRANCH_DESCRIPTION) {
    // A branch ENI hangs off the trunk, not off the instance: the tag names the node.
    const node = taggedInstance ?? attachedTo;
    const cluster =
      (node === undefined ? undefined : instanceClusterName(node)) ??
      clusterFromTags(tags, clusterNames);
    return result('branch', cluster, node);
  }
  const marker = description.indexOf(CONTROL_PLANE_MARKER);
  if (marker >= 0) {
    const name = description
      .slice(marker + CONTROL_PLANE_MARKER.length)
      .split(/\s/, 1)[0];
    return result('control-plane', name || undefined, undefined);
  }
  if (description.startsWith(CNI_DESCRIPTION_PREFIX)) {
    const node =
      instanceId ??
      (description.slice(CNI_DESCRIPTION_PREFIX.length) || undefined);
    const cluster =
      (node === undefined ? undefined : instanceClusterName(node)) ??
      clusterFromTags(tags, clusterNames);
    return result('cni-secondary', cluster, node);
  }
  const serviceKind = SERVICE_KINDS[interfaceType];
  if (serviceKind !== undefined) {
    return result(serviceKind, undefined, undefined);
  }
  return result('other', instanceCluster, instanceId);
};

/** Tag that marks a subnet for CNI subnet discovery (not custom networking). */
const CNI_SUBNET_ROLE_TAG = 'kubernetes.io/role/cni';

/** How the CNI uses one node's ENIs, inferred from the layout (§1.4). */
interface NodeEniLayout {
  /** ENIs attached to the instance (trunk included, branch excluded). */
  readonly enisAttached: number;
  /** Attached ENIs tagged `no_manage`. */
  readonly excludedEnis: number;
  /** Attached CNI secondary (`aws-K8S-`) ENIs. */
  readonly cniSecondaryEnis: number;
  /** Secondary IPv4 addresses on CNI-managed ENIs (primary and `aws-K8S-`). */
  readonly secondaryIps: number;
  /** IPv4 prefixes on CNI-managed ENIs. */
  readonly ipv4Prefixes: number;
  /** IPv6 prefixes on CNI-managed ENIs. */
  readonly ipv6Prefixes: number;
  readonly hasTrunk: boolean;
  /** Branch ENIs naming the instance. */
  readonly branchEnis: number;
  /** A CNI-managed ENI holds a prefix. */
  readonly pdInUse: boolean;
  /** A CNI ENI sits outside the node subnet in a subnet not tagged for subnet discovery. */
  readonly customNetInUse: boolean;
  /** Sorted subnets of attached CNI secondary ENIs. */
  readonly podSubnetIds: readonly string[];
  /** Sorted subnets that make {@link NodeEniLayout.customNetInUse} true. */
  readonly customPodSubnetIds: readonly string[];
}

const layoutCache = new WeakMap<DeriveContext, Map<string, NodeEniLayout>>();

/** True when the subnet is tagged for CNI subnet discovery (value other than `0`). */
const isDiscoverySubnet = (ctx: DeriveContext, subnetId: string): boolean => {
  const value = ctx.subnetById.get(subnetId)?.tags[CNI_SUBNET_ROLE_TAG];
  return value !== undefined && value !== '0';
};

const computeLayout = (
  ctx: DeriveContext,
  instance: Instance,
): NodeEniLayout => {
  const id = instance.instanceId;
  const nodeSubnet =
    ctx.primaryEniByInstance.get(id)?.subnetId ?? instance.subnetId;
  let enisAttached = 0;
  let excludedEnis = 0;
  let cniSecondaryEnis = 0;
  let secondaryIps = 0;
  let ipv4Prefixes = 0;
  let ipv6Prefixes = 0;
  let hasTrunk = false;
  let branchEnis = 0;
  // Arrays, not Sets: a node has a handful of ENIs and 100,000 nodes' worth
  // of Sets is measurable garbage.
  const podSubnets: string[] = [];
  const customSubnets: string[] = [];
  for (const eni of ctx.enisByInstance.get(id) ?? []) {
    const kind = ctx.eniClass.get(eni.networkInterfaceId)?.kind;
    if (kind === 'branch') {
      branchEnis++;
      continue;
    }
    // Detached CNI ENIs still carry the instance tag: they are leaks, not layout.
    if (eni.attachment?.instanceId !== id) continue;
    enisAttached++;
    if (kind === 'excluded') excludedEnis++;
    if (kind === 'trunk') hasTrunk = true;
    if (kind !== 'node-primary' && kind !== 'cni-secondary') continue;
    const addresses = eni.privateIpAddresses;
    for (let i = 0; i < addresses.length; i++) {
      if (addresses[i]?.primary !== true) secondaryIps++;
    }
    ipv4Prefixes += eni.ipv4Prefixes.length;
    ipv6Prefixes += eni.ipv6Prefixes.length;
    if (kind !== 'cni-secondary') continue;
    cniSecondaryEnis++;
    if (!podSubnets.includes(eni.subnetId)) podSubnets.push(eni.subnetId);
    if (
      eni.subnetId !== nodeSubnet &&
      !customSubnets.includes(eni.subnetId) &&
      !isDiscoverySubnet(ctx, eni.subnetId)
    ) {
      customSubnets.push(eni.subnetId);
    }
  }
  return {
    enisAttached,
    excludedEnis,
    cniSecondaryEnis,
    secondaryIps,
    ipv4Prefixes,
    ipv6Prefixes,
    hasTrunk,
    branchEnis,
    pdInUse: ipv4Prefixes + ipv6Prefixes > 0,
    customNetInUse: customSubnets.length > 0,
    podSubnetIds: podSubnets.sort(),
    customPodSubnetIds: customSubnets.sort(),
  };
};

/**
 * The ENI layout of one node: attached ENIs, CNI addresses and prefixes,
 * trunk and branch ENIs, and the CNI modes the layout shows (§1.4).
 * Memoised per context, so cluster and node builders share one pass.
 *
 * @param ctx - the derive context
 * @param instance - the node
 * @returns the layout
 */
const nodeEniLayout = (
  ctx: DeriveContext,
  instance: Instance,
): NodeEniLayout => {
  let cache = layoutCache.get(ctx);
  if (cache === undefined) {
    cache = new Map();
    layoutCache.set(ctx, cache);
  }
  let layout = cache.get(instance.instanceId);
  if (layout === undefined) {
    layout = computeLayout(ctx, instance);
    cache.set(instance.instanceId, layout);
  }
  return layout;
};

/** Tag values of ENIs the CNI or the VPC Resource Controller own. */
const LEAK_OWNERS: ReadonlySet<string> = new Set([
  'amazon-vpc-cni',
  'eks-vpc-resource-controller',
]);

/**
 * NET-CNI-008 fingerprint: the ENI is `available` (detached) and was made by
 * the CNI (`aws-K8S-` description plus the instance tag) or names the CNI or
 * the VPC Resource Controller in `eks:eni:owner`. Age is the policy's call.
 *
 * @param eni - the ENI
 * @returns true for a leak candidate
 */
const isLeakCandidate = (eni: NetworkInterface): boolean => {
  if (eni.status !== 'available') return false;
  if (
    eni.description.startsWith(CNI_DESCRIPTION_PREFIX) &&
    Object.hasOwn(eni.tags, INSTANCE_ID_TAG)
  ) {
    return true;
  }
  const owner = eni.tags['eks:eni:owner'];
  return owner !== undefined && LEAK_OWNERS.has(owner);
};

/**
 * IPv4 addresses an ENI holds in its subnet: its private addresses plus 16
 * per IPv4 prefix.
 *
 * @param eni - the ENI
 * @returns the address count
 */
const eniIpCount = (eni: NetworkInterface): number => {
  const addresses =
    eni.privateIpAddresses.length > 0
      ? eni.privateIpAddresses.length
      : eni.privateIpAddress === undefined
        ? 0
        : 1;
  return addresses + 16 * eni.ipv4Prefixes.length;
};

export type { EniClass, EniKind, NodeEniLayout };
export {
  BRANCH_DESCRIPTION,
  CNI_DESCRIPTION_PREFIX,
  CNI_SUBNET_ROLE_TAG,
  classifyEni,
  eniIpCount,
  INSTANCE_ID_TAG,
  isLeakCandidate,
  NO_MANAGE_TAG,
  nodeEniLayout,
  TRUNK_DESCRIPTION,
};
