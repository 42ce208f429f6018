/**
 * Small helpers every builder uses: sorted unique lists, ARNs, names and
 * VPC endpoint service names.
 *
 * @module
 */
import type { Tags, Target } from '../types.js';
import type { DeriveContext } from './context.js';

/** Sorted, de-duplicated copy (facts lists are deterministic). */
const sortedUnique = (items: Iterable<string>): string[] => {
  // Most fact lists hold zero or one entry; skip the Set for those.
  if (Array.isArray(items) && items.length < 2) return [...items];
  return [...new Set(items)].sort();
};

/** ARN partition of a region (`aws`, `aws-cn`, `aws-us-gov`). */
const partitionOf = (region: string): string =>
  region.startsWith('cn-')
    ? 'aws-cn'
    : region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws';

/**
 * ARN of an EC2 resource, e.g. `arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-1`.
 *
 * @param target - account and region scanned
 * @param type - EC2 resource type (`subnet`, `security-group`, `vpc`, …)
 * @param id - resource id
 * @param ownerId - owning account, when it differs from the target (shared VPCs)
 */
const ec2Arn = (
  target: Target,
  type: string,
  id: string,
  ownerId?: string,
): string =>
  `arn:${partitionOf(target.region)}:ec2:${target.region}:${
    ownerId ?? target.accountId
  }:${type}/${id}`;

/** The `Name` tag, else the id. */
const nameOf = (tags: Tags, id: string): string => tags.Name || id;

/**
 * Short service name of a VPC endpoint: `com.amazonaws.<region>.` (and the
 * `cn.` variant) stripped, e.g. `ecr.dkr`.
 *
 * @param serviceName - `VpcEndpoint.ServiceName`
 * @param region - region of the endpoint
 */
const endpointShortName = (serviceName: string, region: string): string => {
  for (const prefix of [
    `com.amazonaws.${region}.`,
    `cn.com.amazonaws.${region}.`,
  ]) {
    if (serviceName.startsWith(prefix)) return serviceName.slice(prefix.length);
  }
  return serviceName;
};

/** Endpoint state compared case-insensitively (the API model and responses disagree). */
const isAvailable = (state: string | undefined): boolean =>
  (state ?? '').toLowerCase() === 'available';

const servicesCache = new WeakMap<DeriveContext, Map<string, string[]>>();

/**
 * Short names of the `available` VPC endpoints of a VPC, sorted. Memoised
 * per context; callers get a fresh copy.
 *
 * @param ctx - derive context
 * @param vpcId - the VPC (none: empty list)
 */
const availableEndpointServicesOf = (
  ctx: DeriveContext,
  vpcId: string | undefined,
): string[] => {
  if (vpcId === undefined) return [];
  let perContext = servicesCache.get(ctx);
  if (perContext === undefined) {
    perContext = new Map();
    servicesCache.set(ctx, perContext);
  }
  let services = perContext.get(vpcId);
  if (services === undefined) {
    const region = ctx.snapshot.target.region;
    services = sortedUnique(
      (ctx.endpointsByVpc.get(vpcId) ?? [])
        .filter((endpoint) => isAvailable(endpoint.state))
        .map((endpoint) => endpointShortName(endpoint.serviceName, region)),
    );
    perContext.set(vpcId, services);
  }
  return [...services];
};

export {
  availableEndpointServicesOf,
  ec2Arn,
  endpointShortName,
  isAvailable,
  nameOf,
  partitionOf,
  sortedUnique,
};
