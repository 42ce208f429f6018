/**
 * The lookup structures `derive()` builds once per snapshot, so every builder
 * joins resources through maps instead of scanning lists (a snapshot may hold
 * 100,000 ENIs).
 *
 * Absent collections (gaps) become empty maps: builders produce what they can
 * and the engine turns the gap into `unknown` through each policy's
 * `requires`.
 *
 * @module
 */
import type {
  Cluster,
  ClusterVersion,
  DhcpOptions,
  FlowLog,
  Instance,
  InstanceTypeInfo,
  NatGateway,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Snapshot,
  Subnet,
  SubnetCidrReservation,
  Vpc,
  VpcEndpoint,
} from '../types.js';
import { classifyEni, type EniClass } from './enis.js';

/** Instance tag EKS puts on every instance that joins a cluster. */
const EKS_CLUSTER_NAME_TAG = 'aws:eks:cluster-name';
/** Instance tag EKS puts on managed node group instances. */
const EKS_NODEGROUP_NAME_TAG = 'eks:nodegroup-name';
/** Instance tag EC2 Auto Scaling puts on group members. */
const ASG_NAME_TAG = 'aws:autoscaling:groupName';
/** Tag key prefix naming a cluster (`kubernetes.io/cluster/<name>`). */
const CLUSTER_TAG_PREFIX = 'kubernetes.io/cluster/';
/** Instance states that count as nodes (`nodes(cluster)`, §2.0). */
const NODE_STATES: ReadonlySet<string> = new Set(['pending', 'running']);

/** Everything builders look up, built once by {@link buildContext}. */
interface DeriveContext {
  readonly snapshot: Snapshot;
  /** `snapshot.collectedAt` in epoch milliseconds: derive's "now". */
  readonly nowMs: number;
  readonly clusters: readonly Cluster[];
  readonly clusterByName: ReadonlyMap<string, Cluster>;
  readonly clusterNames: ReadonlySet<string>;
  /** Cluster → VPC (`resourcesVpcConfig.vpcId`, else the VPC of its subnets). */
  readonly clusterVpcId: ReadonlyMap<string, string>;
  /** VPC → sorted names of the clusters in it. */
  readonly clustersByVpc: ReadonlyMap<string, readonly string[]>;
  readonly vpcById: ReadonlyMap<string, Vpc>;
  readonly dhcpById: ReadonlyMap<string, DhcpOptions>;
  readonly subnetById: ReadonlyMap<string, Subnet>;
  readonly subnetsByVpc: ReadonlyMap<string, readonly Subnet[]>;
  readonly routeTableById: ReadonlyMap<string, RouteTable>;
  /** Subnet → explicitly associated route table. */
  readonly explicitRouteTable: ReadonlyMap<string, RouteTable>;
  /** VPC → main route table. */
  readonly mainRouteTable: ReadonlyMap<string, RouteTable>;
  readonly natById: ReadonlyMap<string, NatGateway>;
  readonly endpointsByVpc: ReadonlyMap<string, readonly VpcEndpoint[]>;
  readonly sgById: ReadonlyMap<string, SecurityGroup>;
  readonly enisBySubnet: ReadonlyMap<string, readonly NetworkInterface[]>;
  /** Instance → ENIs attached to it or tagged with its id (CNI, trunk, branch). */
  readonly enisByInstance: ReadonlyMap<string, readonly NetworkInterface[]>;
  /** ENI id → classification (§1.4). */
  readonly eniClass: ReadonlyMap<string, EniClass>;
  /** Cluster → its control-plane ENIs (`cpEnis`, §2.0). */
  readonly cpEnisByCluster: ReadonlyMap<string, readonly NetworkInterface[]>;
  readonly instanceById: ReadonlyMap<string, Instance>;
  /** Instance → cluster, for every instance that names one (any state). */
  readonly instanceCluster: ReadonlyMap<string, string>;
  /** Cluster → pending/running instances (`nodes(cluster)`, §2.0). */
  readonly nodesByCluster: ReadonlyMap<string, readonly Instance[]>;
  /** Instance → its device-index-0 ENI on the default network card. */
  readonly primaryEniByInstance: ReadonlyMap<string, NetworkInterface>;
  /** Instance → managed node group name. */
  readonly nodegroupOfInstance: ReadonlyMap<string, string>;
  /** `<cluster>/<nodegroup>` → its pending/running instances. */
  readonly instancesByNodegroup: ReadonlyMap<string, readonly Instance[]>;
  /** Cluster → sorted `nodeSubnets(cluster)` (§2.0). */
  readonly nodeSubnetsByCluster: ReadonlyMap<string, readonly string[]>;
  /** Subnet → clusters that list it in `resourcesVpcConfig.subnetIds`. */
  readonly clusterSubnetOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** Subnet → clusters whose node subnets include it. */
  readonly nodeSubnetOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** Subnet → clusters with a Fargate profile in it. */
  readonly fargateSubnetOf: ReadonlyMap<string, ReadonlySet<string>>;
  readonly instanceTypeByName: ReadonlyMap<string, InstanceTypeInfo>;
  readonly clusterVersionByVersion: ReadonlyMap<string, ClusterVersion>;
  readonly flowLogsByResource: ReadonlyMap<string, readonly FlowLog[]>;
  /** Absent when reservations were not collected. */
  readonly reservationsBySubnet?: ReadonlyMap<
    string,
    readonly SubnetCidrReservation[]
  >;

  // ---- derive-cni additions below this line ----
}

const indexBy = <T>(
  items: readonly T[] | undefined,
  key: (item: T) => string,
): Map<string, T> => {
  const map = new Map<string, T>();
  for (const item of items ?? []) map.set(key(item), item);
  return map;
};

const groupBy = <T>(
  items: readonly T[] | undefined,
  key: (item: T) => string,
): Map<string, T[]> => {
  const map = new Map<string, T[]>();
  for (const item of items ?? []) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
};

const addToSet = (
  map: Map<string, Set<string>>,
  key: string,
  value: string,
): void => {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
};

/** Cluster an instance belongs to, from its tags. */
const clusterOfInstance = (
  instance: Instance,
  clusterNames: ReadonlySet<string>,
): string | undefined => {
  const tagged = instance.tags[EKS_CLUSTER_NAME_TAG];
  if (tagged) return tagged;
  // Self-managed nodes launched without the EKS tag still carry the
  // kubernetes.io/cluster/<name>=owned tag the kubelet bootstrap needs.
  for (const [key, value] of Object.entries(instance.tags)) {
    if (!key.startsWith(CLUSTER_TAG_PREFIX) || value !== 'owned') continue;
    const name = key.slice(CLUSTER_TAG_PREFIX.length);
    if (clusterNames.has(name)) return name;
  }
  return undefined;
};

const indexRouteTables = (
  routeTables: readonly RouteTable[] | undefined,
): { explicit: Map<string, RouteTable>; main: Map<string, RouteTable> } => {
  const explicit = new Map<string, RouteTable>();
  const main = new Map<string, RouteTable>();
  for (const table of routeTables ?? []) {
    for (const association of table.associations) {
      // A disassociated entry no longer routes the subnet.
      if (
        association.state !== undefined &&
        association.state !== 'associated'
      ) {
        continue;
      }
      if (association.main) main.set(table.vpcId, table);
      else if (association.subnetId) {
        explicit.set(association.subnetId, table);
      }
    }
  }
  return { explicit, main };
};

const indexNodegroups = (
  clusters: readonly Cluster[],
  instances: readonly Instance[],
): Map<string, string> => {
  const byAsg = new Map<string, string>();
  for (const cluster of clusters) {
    for (const group of cluster.nodegroups ?? []) {
      for (const asg of group.resources.autoScalingGroups) {
        byAsg.set(asg, group.nodegroupName);
      }
    }
  }
  const result = new Map<string, string>();
  for (const instance of instances) {
    const asg = instance.tags[ASG_NAME_TAG];
    const fromAsg = asg === undefined ? undefined : byAsg.get(asg);
    const fromTag = instance.tags[EKS_NODEGROUP_NAME_TAG];
    const name = fromAsg ?? fromTag;
    if (name !== undefined) result.set(instance.instanceId, name);
  }
  return result;
};

/**
 * Builds the lookup maps for one snapshot. Pure and linear in the snapshot
 * size.
 *
 * @param snapshot - a validated snapshot
 * @returns the context every builder reads
 * @example
 * ```ts
 * const ctx = buildContext(snapshot);
 * ctx.subnetById.get('subnet-0abc');
 * ```
 */
const buildContext = (snapshot: Snapshot): DeriveContext => {
  const clusters = snapshot.clusters ?? [];
  const clusterByName = indexBy(clusters, (c) => c.name);
  const clusterNames: ReadonlySet<string> = new Set(clusterByName.keys());
  const subnetById = indexBy(snapshot.subnets, (s) => s.subnetId);

  const clusterVpcId = new Map<string, string>();
  const clustersByVpcSets = new Map<string, Set<string>>();
  for (const cluster of clusters) {
    const config = cluster.resourcesVpcConfig;
    const vpcId =
      config.vpcId ??
      config.subnetIds
        .map((id) => subnetById.get(id)?.vpcId)
        .find((id) => id !== undefined);
    if (vpcId === undefined) continue;
    clusterVpcId.set(cluster.name, vpcId);
    addToSet(clustersByVpcSets, vpcId, cluster.name);
  }
  const clustersByVpc = new Map<string, readonly string[]>();
  for (const [vpcId, names] of clustersByVpcSets) {
    clustersByVpc.set(vpcId, [...names].sort());
  }

  const instances = snapshot.instances ?? [];
  const instanceCluster = new Map<string, string>();
  const nodesByCluster = new Map<string, Instance[]>();
  for (const instance of instances) {
    const name = clusterOfInstance(instance, clusterNames);
    if (name === undefined) continue;
    instanceCluster.set(instance.instanceId, name);
    if (!NODE_STATES.has(instance.state)) continue;
    const list = nodesByCluster.get(name);
    if (list) list.push(instance);
    else nodesByCluster.set(name, [instance]);
  }

  const nodegroupOfInstance = indexNodegroups(clusters, instances);
  const instancesByNodegroup = new Map<string, Instance[]>();
  for (const [clusterName, nodes] of nodesByCluster) {
    for (const node of nodes) {
      const group = nodegroupOfInstance.get(node.instanceId);
      if (group === undefined) continue;
      const key = `${clusterName}/${group}`;
      const list = instancesByNodegroup.get(key);
      if (list) list.push(node);
      else instancesByNodegroup.set(key, [node]);
    }
  }

  const lookupCluster = (id: string): string | undefined =>
    instanceCluster.get(id);
  const eniClass = new Map<string, EniClass>();
  const enisBySubnet = new Map<string, NetworkInterface[]>();
  const enisByInstance = new Map<string, NetworkInterface[]>();
  const cpEnisByCluster = new Map<string, NetworkInterface[]>();
  const primaryEniByInstance = new Map<string, NetworkInterface>();
  const push = (
    map: Map<string, NetworkInterface[]>,
    key: string,
    eni: NetworkInterface,
  ): void => {
    const list = map.get(key);
    if (list) list.push(eni);
    else map.set(key, [eni]);
  };
  for (const eni of snapshot.networkInterfaces ?? []) {
    const klass = classifyEni(eni, lookupCluster, clusterNames);
    eniClass.set(eni.networkInterfaceId, klass);
    push(enisBySubnet, eni.subnetId, eni);
    if (klass.instanceId !== undefined) {
      push(enisByInstance, klass.instanceId, eni);
    }
    if (klass.kind === 'control-plane' && klass.clusterName !== undefined) {
      push(cpEnisByCluster, klass.clusterName, eni);
    }
    const attachment = eni.attachment;
    if (
      attachment?.instanceId !== undefined &&
      attachment.deviceIndex === 0 &&
      (attachment.networkCardIndex ?? 0) === 0
    ) {
      primaryEniByInstance.set(attachment.instanceId, eni);
    }
  }

  const clusterSubnetOf = new Map<string, Set<string>>();
  const nodeSubnetOf = new Map<string, Set<string>>();
  const fargateSubnetOf = new Map<string, Set<string>>();
  const nodeSubnetsByCluster = new Map<string, readonly string[]>();
  for (const cluster of clusters) {
    for (const id of cluster.resourcesVpcConfig.subnetIds) {
      addToSet(clusterSubnetOf, id, cluster.name);
    }
    const nodeSubnets = new Set<string>();
    for (const group of cluster.nodegroups ?? []) {
      for (const id of group.subnets) nodeSubnets.add(id);
    }
    for (const profile of cluster.fargateProfiles ?? []) {
      for (const id of profile.subnets) {
        nodeSubnets.add(id);
        addToSet(fargateSubnetOf, id, cluster.name);
      }
    }
    for (const node of nodesByCluster.get(cluster.name) ?? []) {
      if (node.subnetId !== undefined) nodeSubnets.add(node.subnetId);
    }
    for (const id of nodeSubnets) addToSet(nodeSubnetOf, id, cluster.name);
    nodeSubnetsByCluster.set(cluster.name, [...nodeSubnets].sort());
  }

  const { explicit, main } = indexRouteTables(snapshot.routeTables);
  return {
    snapshot,
    nowMs: Date.parse(snapshot.collectedAt),
    clusters,
    clusterByName,
    clusterNames,
    clusterVpcId,
    clustersByVpc,
    vpcById: indexBy(snapshot.vpcs, (v) => v.vpcId),
    dhcpById: indexBy(snapshot.dhcpOptions, (d) => d.dhcpOptionsId),
    subnetById,
    subnetsByVpc: groupBy(snapshot.subnets, (s) => s.vpcId),
    routeTableById: indexBy(snapshot.routeTables, (t) => t.routeTableId),
    explicitRouteTable: explicit,
    mainRouteTable: main,
    natById: indexBy(snapshot.natGateways, (n) => n.natGatewayId),
    endpointsByVpc: groupBy(snapshot.vpcEndpoints, (e) => e.vpcId),
    sgById: indexBy(snapshot.securityGroups, (g) => g.groupId),
    enisBySubnet,
    enisByInstance,
    eniClass,
    cpEnisByCluster,
    instanceById: indexBy(instances, (i) => i.instanceId),
    instanceCluster,
    nodesByCluster,
    primaryEniByInstance,
    nodegroupOfInstance,
    instancesByNodegroup,
    nodeSubnetsByCluster,
    clusterSubnetOf,
    nodeSubnetOf,
    fargateSubnetOf,
    instanceTypeByName: indexBy(snapshot.instanceTypes, (t) => t.instanceType),
    clusterVersionByVersion: indexBy(
      snapshot.clusterVersions,
      (v) => v.clusterVersion,
    ),
    flowLogsByResource: groupBy(snapshot.flowLogs, (f) => f.resourceId),
    ...(snapshot.subnetCidrReservations !== undefined && {
      reservationsBySubnet: groupBy(
        snapshot.subnetCidrReservations,
        (r) => r.subnetId,
      ),
    }),
  };
};

export type { DeriveContext };
export {
  ASG_NAME_TAG,
  buildContext,
  CLUSTER_TAG_PREFIX,
  EKS_CLUSTER_NAME_TAG,
  EKS_NODEGROUP_NAME_TAG,
};
