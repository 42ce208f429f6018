/**
 * VPC facts: DNS attributes, CIDRs and flow logs (NET-EP-004, NET-OBS-002).
 *
 * @module
 */
import type { VpcFacts } from '../facts.js';
import type { Vpc } from '../types.js';
import { ec2Arn, nameOf, sortedUnique } from './common.js';
import type { DeriveContext } from './context.js';

/** An association that still holds its block (`associated`, or state not reported). */
const isAssociated = (state: string | undefined): boolean =>
  state === undefined || state === 'associated';

/**
 * Associated IPv4 CIDRs of a VPC (primary and secondary), sorted.
 *
 * @param vpc - the VPC as collected
 */
const vpcIpv4Cidrs = (vpc: Vpc): string[] =>
  sortedUnique(
    vpc.cidrBlockAssociationSet
      .filter((association) => isAssociated(association.state))
      .map((association) => association.cidrBlock),
  );

/**
 * Associated IPv6 CIDRs of a VPC, sorted.
 *
 * @param vpc - the VPC as collected
 */
const vpcIpv6Cidrs = (vpc: Vpc): string[] =>
  sortedUnique(
    vpc.ipv6CidrBlockAssociationSet
      .filter((association) => isAssociated(association.state))
      .map((association) => association.ipv6CidrBlock),
  );

/**
 * Facts of every VPC in the snapshot.
 *
 * @param ctx - derive context
 * @returns facts, unsorted
 * @example
 * ```ts
 * vpcFacts(ctx).filter((v) => v.enableDnsSupport === false);
 * ```
 */
const vpcFacts = (ctx: DeriveContext): VpcFacts[] =>
  (ctx.snapshot.vpcs ?? []).map((vpc) => {
    const id = vpc.vpcId;
    const clusterNames = [...(ctx.clustersByVpc.get(id) ?? [])];
    const flowLogs = ctx.flowLogsByResource.get(id) ?? [];
    return {
      kind: 'vpc',
      id,
      name: nameOf(vpc.tags, id),
      arn: ec2Arn(ctx.snapshot.target, 'vpc', id, vpc.ownerId),
      ...(clusterNames.length > 0 && { clusterName: clusterNames.join(',') }),
      vpcId: id,
      clusterNames,
      ...(vpc.enableDnsSupport !== undefined && {
        enableDnsSupport: vpc.enableDnsSupport,
      }),
      ...(vpc.enableDnsHostnames !== undefined && {
        enableDnsHostnames: vpc.enableDnsHostnames,
      }),
      ipv4Cidrs: sortedUnique([
        ...vpcIpv4Cidrs(vpc),
        ...(vpc.cidrBlock === undefined ? [] : [vpc.cidrBlock]),
      ]),
      ipv6Cidrs: vpcIpv6Cidrs(vpc),
      flowLogActive: flowLogs.some(
        (log) => (log.flowLogStatus ?? '').toUpperCase() === 'ACTIVE',
      ),
      flowLogDeliveryFailed: flowLogs.some(
        (log) => (log.deliverLogsStatus ?? '').toUpperCase() === 'FAILED',
      ),
      tags: { ...vpc.tags },
    };
  });

export { vpcFacts, vpcIpv4Cidrs, vpcIpv6Cidrs };
