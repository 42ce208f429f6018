/**
 * Extracts from a target's facts the per-cluster inventory the HTML report
 * draws: subnet IP headroom, the ENI layout of every node and the
 * internet-facing load balancers (Exposure).
 *
 * @module
 */
import type { Facts } from '../snapshot/facts.js';
import type {
  ClusterInventory,
  LoadBalancerInventory,
  NodeInventory,
  SubnetInventory,
} from './types.js';

/**
 * One entry per cluster of the target, subnets sorted by AZ, nodes by id.
 *
 * @example
 * const inventory = inventoryFromFacts(derive(snapshot));
 */
const inventoryFromFacts = (facts: Facts): ClusterInventory[] => {
  const { accountId, region } = facts.target;
  const subnetsByCluster = new Map<string, SubnetInventory[]>();
  for (const subnet of facts.resources.subnet) {
    const roles = [
      subnet.isClusterSubnet ? 'cluster' : '',
      subnet.isNodeSubnet ? 'node' : '',
      subnet.isPodSubnet ? 'pod' : '',
      subnet.isFargateSubnet ? 'fargate' : '',
    ].filter(Boolean);
    if (roles.length === 0) continue;
    const entry: SubnetInventory = {
      subnetId: subnet.id,
      availabilityZone: subnet.availabilityZone,
      ...(subnet.cidrBlock ? { cidrBlock: subnet.cidrBlock } : {}),
      available: subnet.availableIpAddressCount,
      usable: subnet.usableIpCount,
      roles,
    };
    for (const clusterName of subnet.clusterNames) {
      const list = subnetsByCluster.get(clusterName) ?? [];
      list.push(entry);
      subnetsByCluster.set(clusterName, list);
    }
  }
  const nodesByCluster = new Map<string, NodeInventory[]>();
  for (const node of facts.resources.node) {
    if (!node.clusterName) continue;
    const list = nodesByCluster.get(node.clusterName) ?? [];
    list.push({
      instanceId: node.id,
      instanceType: node.instanceType,
      cniMode: node.cniMode,
      enisAttached: node.enisAttached,
      ...(node.eniLimit === undefined ? {} : { eniLimit: node.eniLimit }),
      secondaryIps: node.secondaryIps,
      ipv4Prefixes: node.ipv4Prefixes,
      ...(node.maxPods === undefined ? {} : { maxPods: node.maxPods }),
      branchEnis: node.branchEnis,
      ...(node.branchLimit === undefined
        ? {}
        : { branchLimit: node.branchLimit }),
    });
    nodesByCluster.set(node.clusterName, list);
  }
  const exposedByCluster = new Map<string, LoadBalancerInventory[]>();
  for (const lb of facts.resources.loadBalancer ?? []) {
    if (!lb.clusterName || !lb.internetFacing) continue;
    const list = exposedByCluster.get(lb.clusterName) ?? [];
    list.push({
      arn: lb.id,
      name: lb.name,
      type: lb.lbType,
      dnsName: lb.dnsName,
      controller: lb.controller,
      ownerKind: lb.ownerKind,
      owner: lb.owner,
      listeners: [...lb.listeners],
      frontendAccess: [...lb.frontendAccess],
    });
    exposedByCluster.set(lb.clusterName, list);
  }
  return facts.resources.cluster
    .map((cluster) => ({
      accountId,
      region,
      clusterName: cluster.name,
      subnets: (subnetsByCluster.get(cluster.name) ?? []).sort(
        (a, b) =>
          a.availabilityZone.localeCompare(b.availabilityZone) ||
          a.subnetId.localeCompare(b.subnetId),
      ),
      nodes: (nodesByCluster.get(cluster.name) ?? []).sort((a, b) =>
        a.instanceId.localeCompare(b.instanceId),
      ),
      loadBalancers: (exposedByCluster.get(cluster.name) ?? []).sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
    }))
    .sort((a, b) => a.clusterName.localeCompare(b.clusterName));
};

export { inventoryFromFacts };
