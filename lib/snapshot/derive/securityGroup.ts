/**
 * Security group facts: which clusters use a group and how, internet-open
 * ingress, and the cluster security group's self rules (NET-SG-002/003/004/005).
 *
 * @module
 */
import type { SecurityGroupFacts } from '../facts.js';
import type { SecurityGroup } from '../types.js';
import { ec2Arn, sortedUnique } from './common.js';
import type { DeriveContext } from './context.js';
import type { SecurityGroupNodePortFacts } from './exposure.js';
import {
  type AllowVerdict,
  allows,
  controlPlaneSecurityGroups,
  describeProtocolPorts,
  isAnywhere,
  nodeSecurityGroups,
  permissionCovers,
  protocolName,
} from './securityGroups.js';
import { vpcIpv4Cidrs } from './vpc.js';

/** Flows the cluster SG must allow toward itself when the default egress rule is gone (UG-SG). */
const CLUSTER_SG_REQUIRED_EGRESS: readonly (readonly [string, number])[] = [
  ['tcp', 443],
  ['tcp', 10250],
  ['tcp', 53],
  ['udp', 53],
];

/** TCP ports whose exposure to the internet makes NET-SG-005 critical. */
const CRITICAL_TCP_PORTS: readonly number[] = [10250, 22, 3389];

/**
 * Suffix of a list entry whose flow only a prefix-list rule could allow:
 * the entry is reported as missing (prefix lists are not resolved) and the
 * message shows the uncertainty.
 */
const PREFIX_LIST_NOTE = ' (prefix list not resolved)';

/** A list entry for a flow that is not provably allowed, or `undefined` when it is. */
const missingEntry = (
  verdict: AllowVerdict,
  label: string,
): string | undefined =>
  verdict === 'allow'
    ? undefined
    : verdict === 'unknown'
      ? `${label}${PREFIX_LIST_NOTE}`
      : label;

const addTo = (
  map: Map<string, Set<string>>,
  groupId: string,
  clusterName: string,
): void => {
  const set = map.get(groupId);
  if (set) set.add(clusterName);
  else map.set(groupId, new Set([clusterName]));
};

const internetIngress = (group: SecurityGroup) => {
  const rules: string[] = [];
  let critical = false;
  for (const permission of group.ipPermissions) {
    const open = [...permission.ipRanges, ...permission.ipv6Ranges].filter(
      isAnywhere,
    );
    if (open.length === 0) continue;
    const ports = describeProtocolPorts(permission);
    for (const cidr of open) rules.push(`${ports} from ${cidr}`);
    if (
      protocolName(permission.ipProtocol) === 'all' ||
      CRITICAL_TCP_PORTS.some((port) =>
        permissionCovers(permission, 'tcp', port),
      )
    ) {
      critical = true;
    }
  }
  return { rules: sortedUnique(rules), critical };
};

/**
 * Facts of every security group in the snapshot.
 *
 * `controlPlaneOf` uses `cpSGs(cluster)`, which falls back to the cluster SG
 * and the additional SGs when no control-plane ENI is visible.
 * `clusterSgEgressMissing` treats the group's own members as the peer: the
 * group itself, or any address of its VPC.
 *
 * @param ctx - derive context
 * @returns facts, unsorted
 * @example
 * ```ts
 * securityGroupFacts(ctx).filter((g) => g.internetIngressCritical);
 * ```
 */
const securityGroupFacts = (
  ctx: DeriveContext,
): Omit<SecurityGroupFacts, keyof SecurityGroupNodePortFacts>[] => {
  const clusterSgOf = new Map<string, Set<string>>();
  const controlPlaneOf = new Map<string, Set<string>>();
  const nodesOf = new Map<string, Set<string>>();
  const usedBy = new Map<string, Set<string>>();
  for (const cluster of ctx.clusters) {
    const config = cluster.resourcesVpcConfig;
    if (config.clusterSecurityGroupId) {
      addTo(clusterSgOf, config.clusterSecurityGroupId, cluster.name);
    }
    for (const id of config.securityGroupIds) addTo(usedBy, id, cluster.name);
    for (const id of controlPlaneSecurityGroups(ctx, cluster)) {
      addTo(controlPlaneOf, id, cluster.name);
    }
    for (const node of ctx.nodesByCluster.get(cluster.name) ?? []) {
      for (const id of nodeSecurityGroups(ctx, node)) {
        addTo(nodesOf, id, cluster.name);
      }
    }
  }

  return (ctx.snapshot.securityGroups ?? []).map((group) => {
    const id = group.groupId;
    const clusterNames = sortedUnique([
      ...(clusterSgOf.get(id) ?? []),
      ...(controlPlaneOf.get(id) ?? []),
      ...(nodesOf.get(id) ?? []),
      ...(usedBy.get(id) ?? []),
    ]);
    const vpc = ctx.vpcById.get(group.vpcId);
    const vpcCidrs = vpc === undefined ? [] : vpcIpv4Cidrs(vpc);
    const self = {
      groupIds: [id],
      cidrs: vpcCidrs.length > 0 ? vpcCidrs : ['0.0.0.0/0'],
    };
    const egressMissing: string[] = [];
    for (const [proto, port] of CLUSTER_SG_REQUIRED_EGRESS) {
      const entry = missingEntry(
        allows(ctx.sgById, [id], 'egress', proto, port, self),
        `${proto}/${port}`,
      );
      if (entry !== undefined) egressMissing.push(entry);
    }
    const open = internetIngress(group);
    return {
      kind: 'securityGroup',
      id,
      name: group.groupName,
      arn: ec2Arn(ctx.snapshot.target, 'security-group', id, group.ownerId),
      ...(clusterNames.length > 0 && { clusterName: clusterNames.join(',') }),
      vpcId: group.vpcId,
      clusterNames,
      clusterSecurityGroupOf: sortedUnique(clusterSgOf.get(id) ?? []),
      controlPlaneOf: sortedUnique(controlPlaneOf.get(id) ?? []),
      nodesOf: sortedUnique(nodesOf.get(id) ?? []),
      internetIngressRules: open.rules,
      internetIngressCritical: open.critical,
      selfIngressAll: group.ipPermissions.some(
        (permission) =>
          protocolName(permission.ipProtocol) === 'all' &&
          permission.userIdGroupPairs.some((pair) => pair.groupId === id),
      ),
      clusterSgEgressMissing: sortedUnique(egressMissing),
      tags: { ...group.tags },
    };
  });
};

export {
  CLUSTER_SG_REQUIRED_EGRESS,
  missingEntry,
  PREFIX_LIST_NOTE,
  securityGroupFacts,
};
