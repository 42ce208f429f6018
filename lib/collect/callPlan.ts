/**
 * The call-plan formula of reference §1.1, for tests and benchmarks.
 *
 * @module
 */
import { PAGE_SIZES } from './constants.js';
import type { CallPlanShape } from './types.js';

/** EC2 calls per VPC: DescribeVpcs share, 2× attribute, DHCP, 8 listings. */
const CALLS_PER_VPC = 12;

/**
 * HTTP requests {@link collectSnapshot} sends for one region when every
 * listing fits in one page, nothing fails or is retried, every cluster names
 * its VPC and some VPC has a DHCP option set (when all are `default`,
 * `DescribeDhcpOptions` is skipped): `1 + 4·C + N + F + 12·V + ⌈T/100⌉ + 1`.
 *
 * `DescribeVpcs` and `DescribeDhcpOptions` are one call per region whatever
 * the number of VPCs; counting them per VPC (as the reference does) is exact
 * for one VPC, so with several VPCs the real count is lower by `2·(V − 1)`.
 * This function returns the exact count.
 *
 * @example
 * expectedCallCount({ clusters: 3, nodegroups: 6, fargateProfiles: 0, vpcs: 1, instanceTypesToFetch: 4 });
 * // 33
 */
const expectedCallCount = (shape: CallPlanShape): number => {
  const { clusters, nodegroups, fargateProfiles, vpcs } = shape;
  const eks = 1 + 4 * clusters + nodegroups + fargateProfiles + 1;
  const ec2 = vpcs > 0 ? CALLS_PER_VPC * vpcs - 2 * (vpcs - 1) : 0;
  const types = Math.ceil(
    shape.instanceTypesToFetch / PAGE_SIZES.describeInstanceTypes,
  );
  return eks + ec2 + types;
};

export { expectedCallCount };
