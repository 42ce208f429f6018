/**
 * The call-plan formula of reference §1.1, for tests and benchmarks.
 *
 * @module
 */
import { PAGE_SIZES } from './constants.js';
import type { CallPlanShape, ElbCallPlanShape } from './types.js';

/** EC2 calls per VPC: DescribeVpcs, 2× attribute, DHCP share, 8 listings. */
const CALLS_PER_VPC = 12;

/**
 * ELB requests (services reference §8.1, without the optional health and
 * limit calls, and with the Classic attributes always read):
 * `⌈L_all/400⌉ + ⌈T_all/400⌉ + ⌈C_all/400⌉ + ⌈(L+T)/20⌉ + 2·L + T_nlb +
 * ⌈C/20⌉ + C`. An empty listing still costs its one call.
 */
const elbCallCount = (elb: ElbCallPlanShape): number => {
  const pages = (n: number) =>
    Math.max(1, Math.ceil(n / PAGE_SIZES.describeLoadBalancers));
  const tags = (n: number) => Math.ceil(n / PAGE_SIZES.describeElbTags);
  return (
    pages(elb.loadBalancersAll) +
    Math.max(
      1,
      Math.ceil(elb.targetGroupsAll / PAGE_SIZES.describeTargetGroups),
    ) +
    pages(elb.classicAll) +
    tags(elb.loadBalancers + elb.targetGroups) +
    2 * elb.loadBalancers +
    elb.nlbTargetGroups +
    tags(elb.classic) +
    elb.classic
  );
};

/**
 * HTTP requests {@link collectSnapshot} sends for one region when every
 * listing fits in one page, nothing fails or is retried, every cluster names
 * its VPC and some VPC has a DHCP option set (when all are `default`,
 * `DescribeDhcpOptions` is skipped): `1 + 4·C + N + F + 12·V + ⌈T/100⌉ + 1`,
 * plus, when `shape.elb` is given and some cluster names a VPC, the ELB
 * calls of {@link elbCallCount}.
 *
 * `DescribeVpcs` is one call per VPC (so a VPC is read as soon as its first
 * cluster is described) and `DescribeDhcpOptions` one call per region, so
 * with several VPCs the real count is the reference's per-VPC 12 less
 * `V − 1`: `11·V + 1` EC2 calls. This function returns the exact count.
 *
 * @example
 * expectedCallCount({ clusters: 3, nodegroups: 6, fargateProfiles: 0, vpcs: 1, instanceTypesToFetch: 4 });
 * // 33
 */
const expectedCallCount = (shape: CallPlanShape): number => {
  const { clusters, nodegroups, fargateProfiles, vpcs } = shape;
  const eks = 1 + 4 * clusters + nodegroups + fargateProfiles + 1;
  const ec2 = vpcs > 0 ? CALLS_PER_VPC * vpcs - (vpcs - 1) : 0;
  const types = Math.ceil(
    shape.instanceTypesToFetch / PAGE_SIZES.describeInstanceTypes,
  );
  const elb = shape.elb && vpcs > 0 ? elbCallCount(shape.elb) : 0;
  return eks + ec2 + types + elb;
};

export { expectedCallCount };
