/**
 * Page sizes and defaults of the call plan (reference §1.1–1.3).
 *
 * @module
 */
import type { CollectOptions } from './types.js';

/** Defaults of {@link CollectOptions}. */
const DEFAULT_COLLECT_OPTIONS: Readonly<CollectOptions> = Object.freeze({
  concurrency: 32,
  callTimeoutMs: 120_000,
  subnetCidrReservations: 'off',
});

/**
 * The largest page each API accepts, so every VPC-scoped listing is one
 * request in the common case.
 */
const PAGE_SIZES = Object.freeze({
  eksList: 100,
  describeSubnets: 1000,
  describeRouteTables: 100,
  describeNatGateways: 1000,
  describeVpcEndpoints: 1000,
  describeSecurityGroups: 1000,
  describeNetworkInterfaces: 1000,
  describeInstances: 1000,
  describeFlowLogs: 1000,
  getSubnetCidrReservations: 1000,
  /** Both the `InstanceTypes` list limit and the `MaxResults` maximum. */
  describeInstanceTypes: 100,
  /** ELB v2 `DescribeLoadBalancers`/`DescribeTargetGroups`/`DescribeListeners` and ELB v1 `DescribeLoadBalancers`. */
  describeLoadBalancers: 400,
  describeTargetGroups: 400,
  describeListeners: 400,
  /** ARNs (v2) or names (v1) per `DescribeTags` call. */
  describeElbTags: 20,
});

/** Managed add-on name of the Amazon VPC CNI. */
const VPC_CNI_ADDON = 'vpc-cni';

/** Instance states kept; terminated and shutting-down instances are dropped. */
const INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped'];

/** Longest gap message kept (the first line of the SDK error). */
const MAX_GAP_MESSAGE = 300;

export {
  DEFAULT_COLLECT_OPTIONS,
  INSTANCE_STATES,
  MAX_GAP_MESSAGE,
  PAGE_SIZES,
  VPC_CNI_ADDON,
};
