/**
 * VPC-level collector: the cluster VPCs with their DNS attributes and DHCP
 * options (reference §1.2.10): one `DescribeVpcs` per VPC, one
 * `DescribeDhcpOptions` per region.
 *
 * @module
 */
import {
  DescribeDhcpOptionsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  type VpcAttributeName,
} from '@aws-sdk/client-ec2';
import type { Cluster, DhcpOptions, Vpc } from '../../snapshot/types.js';
import type { CollectContext } from '../context.js';
import { mapDhcpOptions, mapVpc } from '../mapEc2.js';
import type { CollectorDescriptor } from '../types.js';

/** VPCs, DNS attributes and DHCP options of every cluster VPC. */
const vpcsCollector: CollectorDescriptor = Object.freeze<CollectorDescriptor>({
  name: 'vpcs',
  description:
    'Cluster VPCs (CIDRs, DNS support and hostnames, DHCP options); subnets only to find the VPC of a cluster that does not name it.',
  scope: 'region',
  collections: ['vpcs', 'vpcAttributes', 'dhcpOptions'],
  permissions: [
    'ec2:DescribeVpcs',
    'ec2:DescribeVpcAttribute',
    'ec2:DescribeDhcpOptions',
    'ec2:DescribeSubnets',
  ],
  optional: false,
});

const DNS_ATTRIBUTES = ['enableDnsSupport', 'enableDnsHostnames'] as const;

const byId =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b));

/**
 * Fills `resourcesVpcConfig.vpcId` for clusters whose `DescribeCluster` did
 * not carry it, from the VPC of their subnets. Costs one `DescribeSubnets`
 * (all such clusters' subnet ids at once) and nothing when every cluster
 * names its VPC, which real EKS always does. A failure leaves those clusters
 * without a VPC and records a `vpcs` gap scoped to each of them.
 */
const resolveClusterVpcs = async (
  ctx: CollectContext,
  clusters: Cluster[],
): Promise<Cluster[]> => {
  const unresolved = clusters.filter(
    (c) =>
      !c.resourcesVpcConfig.vpcId && c.resourcesVpcConfig.subnetIds.length > 0,
  );
  if (unresolved.length === 0) return clusters;
  const subnetIds = [
    ...new Set(unresolved.flatMap((c) => c.resourcesVpcConfig.subnetIds)),
  ].sort();
  const outcome = await ctx.attempt(
    { collection: 'vpcs', service: 'ec2', api: 'DescribeSubnets' },
    async (send) => {
      const out = await ctx.clients.ec2.send(
        new DescribeSubnetsCommand({ SubnetIds: subnetIds }),
        send,
      );
      return out.Subnets ?? [];
    },
  );
  if (!outcome.ok) {
    // One call failed, but each affected cluster needs its own scoped gap.
    ctx.gaps.splice(ctx.gaps.indexOf(outcome.gap), 1);
    for (const cluster of unresolved) {
      ctx.addGap({ ...outcome.gap, scope: { clusterName: cluster.name } });
    }
    return clusters;
  }
  const vpcOf = new Map(
    outcome.value.map((s) => [s.SubnetId ?? '', s.VpcId ?? '']),
  );
  return clusters.map((cluster) => {
    if (cluster.resourcesVpcConfig.vpcId) return cluster;
    const vpcId = cluster.resourcesVpcConfig.subnetIds
      .map((id) => vpcOf.get(id))
      .find(Boolean);
    return vpcId
      ? {
          ...cluster,
          resourcesVpcConfig: { ...cluster.resourcesVpcConfig, vpcId },
        }
      : cluster;
  });
};

/** Result of {@link collectVpcs}; absent members could not be read. */
interface VpcsResult {
  readonly vpcs?: Vpc[];
  readonly dhcpOptions?: DhcpOptions[];
}

/**
 * One VPC: `DescribeVpcs` for its id and its two `DescribeVpcAttribute` calls
 * in parallel. `undefined` when `DescribeVpcs` failed (gap scoped to the VPC)
 * or does not know the VPC. One call per VPC, rather than one for all, lets a
 * VPC be read as soon as the first cluster in it is described.
 */
const describeVpc = async (
  ctx: CollectContext,
  vpcId: string,
): Promise<Vpc | undefined> => {
  const { ec2 } = ctx.clients;
  const attribute = async (name: VpcAttributeName) => {
    const outcome = await ctx.attempt(
      {
        collection: 'vpcAttributes',
        service: 'ec2',
        api: 'DescribeVpcAttribute',
        scope: { vpcId, resourceId: name },
      },
      async (send) => {
        const out = await ec2.send(
          new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: name }),
          send,
        );
        return name === 'enableDnsSupport'
          ? out.EnableDnsSupport?.Value
          : out.EnableDnsHostnames?.Value;
      },
    );
    return { name, outcome };
  };
  const [described, ...attributes] = await Promise.all([
    ctx.attempt(
      {
        collection: 'vpcs',
        service: 'ec2',
        api: 'DescribeVpcs',
        scope: { vpcId },
      },
      async (send) => {
        const out = await ec2.send(
          new DescribeVpcsCommand({ VpcIds: [vpcId] }),
          send,
        );
        return out.Vpcs ?? [];
      },
    ),
    ...DNS_ATTRIBUTES.map(attribute),
  ]);
  const raw = described.ok
    ? described.value.find((v) => v.VpcId === vpcId)
    : undefined;
  if (!raw) return undefined;
  const vpc: Record<string, unknown> = { ...mapVpc(raw) };
  for (const { name, outcome } of attributes) {
    if (outcome.ok && outcome.value !== undefined) vpc[name] = outcome.value;
  }
  return vpc as unknown as Vpc;
};

/**
 * One `DescribeDhcpOptions` for every option set the VPCs reference (none
 * when all use `default`). `undefined` when the call failed.
 */
const collectDhcpOptions = async (
  ctx: CollectContext,
  vpcs: readonly Vpc[],
): Promise<DhcpOptions[] | undefined> => {
  // `default` means "no DHCP option set": there is nothing to describe.
  const dhcpIds = [
    ...new Set(
      vpcs
        .map((v) => v.dhcpOptionsId)
        .filter((id): id is string => Boolean(id) && id !== 'default'),
    ),
  ].sort();
  if (dhcpIds.length === 0) return [];
  const dhcp = await ctx.attempt(
    { collection: 'dhcpOptions', service: 'ec2', api: 'DescribeDhcpOptions' },
    async (send) => {
      const out = await ctx.clients.ec2.send(
        new DescribeDhcpOptionsCommand({ DhcpOptionsIds: dhcpIds }),
        send,
      );
      return out.DhcpOptions ?? [];
    },
  );
  return dhcp.ok
    ? dhcp.value.map(mapDhcpOptions).sort(byId((d) => d.dhcpOptionsId))
    : undefined;
};

/**
 * Assembles the VPC collections from the per-VPC describes: `vpcs` is absent
 * only when no VPC could be read (each failure left a gap scoped to its VPC),
 * then one `DescribeDhcpOptions` for the referenced option sets.
 */
const finishVpcs = async (
  ctx: CollectContext,
  described: readonly (Vpc | undefined)[],
): Promise<VpcsResult> => {
  const vpcs = described.filter((v): v is Vpc => v !== undefined);
  if (described.length > 0 && vpcs.length === 0) return {};
  vpcs.sort(byId((v) => v.vpcId));
  const dhcpOptions = await collectDhcpOptions(ctx, vpcs);
  return { vpcs, ...(dhcpOptions ? { dhcpOptions } : {}) };
};

/**
 * `DescribeVpcs` and `DescribeVpcAttribute` ×2 per VPC in parallel, then one
 * `DescribeDhcpOptions` for the referenced option sets.
 */
const collectVpcs = async (
  ctx: CollectContext,
  vpcIds: string[],
): Promise<VpcsResult> =>
  finishVpcs(
    ctx,
    await Promise.all(vpcIds.map((vpcId) => describeVpc(ctx, vpcId))),
  );

export type { VpcsResult };
export {
  collectVpcs,
  describeVpc,
  finishVpcs,
  resolveClusterVpcs,
  vpcsCollector,
};
