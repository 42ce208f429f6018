/**
 * VPC-level collector: the cluster VPCs with their DNS attributes and DHCP
 * options, batched per region (reference §1.2.10).
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
 * `DescribeVpcs` (one call for all ids) and `DescribeVpcAttribute` ×2 per VPC
 * in parallel, then one `DescribeDhcpOptions` for the referenced option sets.
 */
const collectVpcs = async (
  ctx: CollectContext,
  vpcIds: string[],
): Promise<VpcsResult> => {
  const { ec2 } = ctx.clients;
  const attribute = (vpcId: string, name: VpcAttributeName) =>
    ctx.attempt(
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
        const value =
          name === 'enableDnsSupport'
            ? out.EnableDnsSupport?.Value
            : out.EnableDnsHostnames?.Value;
        return value;
      },
    );
  const [described, attributes] = await Promise.all([
    ctx.attempt(
      { collection: 'vpcs', service: 'ec2', api: 'DescribeVpcs' },
      async (send) => {
        const out = await ec2.send(
          new DescribeVpcsCommand({ VpcIds: vpcIds }),
          send,
        );
        return out.Vpcs ?? [];
      },
    ),
    Promise.all(
      vpcIds.flatMap((vpcId) =>
        DNS_ATTRIBUTES.map(async (name) => ({
          vpcId,
          name,
          outcome: await attribute(vpcId, name),
        })),
      ),
    ),
  ]);
  if (!described.ok) return {};

  const vpcs = described.value.map((raw) => {
    const vpc: Record<string, unknown> = { ...mapVpc(raw) };
    for (const { vpcId, name, outcome } of attributes) {
      if (vpcId === vpc.vpcId && outcome.ok && outcome.value !== undefined) {
        vpc[name] = outcome.value;
      }
    }
    return vpc as unknown as Vpc;
  });
  vpcs.sort(byId((v) => v.vpcId));

  // `default` means "no DHCP option set": there is nothing to describe.
  const dhcpIds = [
    ...new Set(
      vpcs
        .map((v) => v.dhcpOptionsId)
        .filter((id): id is string => Boolean(id) && id !== 'default'),
    ),
  ].sort();
  if (dhcpIds.length === 0) return { vpcs, dhcpOptions: [] };
  const dhcp = await ctx.attempt(
    { collection: 'dhcpOptions', service: 'ec2', api: 'DescribeDhcpOptions' },
    async (send) => {
      const out = await ec2.send(
        new DescribeDhcpOptionsCommand({ DhcpOptionsIds: dhcpIds }),
        send,
      );
      return out.DhcpOptions ?? [];
    },
  );
  return {
    vpcs,
    ...(dhcp.ok
      ? {
          dhcpOptions: dhcp.value
            .map(mapDhcpOptions)
            .sort(byId((d) => d.dhcpOptionsId)),
        }
      : {}),
  };
};

export type { VpcsResult };
export { collectVpcs, resolveClusterVpcs, vpcsCollector };
