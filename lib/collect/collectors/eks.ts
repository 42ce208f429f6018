/**
 * EKS collectors: clusters with their node groups, Fargate profiles and the
 * `vpc-cni` managed add-on; the region's cluster versions.
 *
 * @module
 */
import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  paginateDescribeClusterVersions,
  paginateListClusters,
  paginateListFargateProfiles,
  paginateListNodegroups,
} from '@aws-sdk/client-eks';
import type {
  Addon,
  Cluster,
  ClusterVersion,
  FargateProfile,
  Nodegroup,
} from '../../snapshot/types.js';
import { PAGE_SIZES, VPC_CNI_ADDON } from '../constants.js';
import { type CollectContext, collectPages } from '../context.js';
import {
  mapAddon,
  mapCluster,
  mapClusterVersion,
  mapFargateProfile,
  mapNodegroup,
} from '../mapEks.js';
import type { CollectorDescriptor } from '../types.js';

/** Clusters and their per-cluster collections. */
const eksClustersCollector: CollectorDescriptor =
  Object.freeze<CollectorDescriptor>({
    name: 'eks-clusters',
    description:
      'EKS clusters with node groups, Fargate profiles and the vpc-cni add-on.',
    scope: 'region',
    collections: ['clusters', 'nodegroups', 'fargateProfiles', 'addons'],
    permissions: [
      'eks:ListClusters',
      'eks:DescribeCluster',
      'eks:ListNodegroups',
      'eks:DescribeNodegroup',
      'eks:DescribeAddon',
      'eks:ListFargateProfiles',
      'eks:DescribeFargateProfile',
    ],
    optional: false,
  });

/** Support status of every Kubernetes version EKS knows, once per region. */
const eksClusterVersionsCollector: CollectorDescriptor =
  Object.freeze<CollectorDescriptor>({
    name: 'eks-cluster-versions',
    description:
      'Standard, extended and unsupported Kubernetes versions of the region.',
    scope: 'region',
    collections: ['clusterVersions'],
    permissions: ['eks:DescribeClusterVersions'],
    optional: false,
  });

const byName =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b), 'en', { numeric: true });

/**
 * Node groups of one cluster: `undefined` when the list failed (gap scoped to
 * the cluster); a failed describe drops that node group (gap with its name).
 */
const collectNodegroups = async (
  ctx: CollectContext,
  clusterName: string,
): Promise<Nodegroup[] | undefined> => {
  const { eks } = ctx.clients;
  const listed = await ctx.attempt(
    {
      collection: 'nodegroups',
      service: 'eks',
      api: 'ListNodegroups',
      scope: { clusterName },
    },
    (send) =>
      collectPages(
        paginateListNodegroups(
          { client: eks, stopOnSameToken: true, pageSize: PAGE_SIZES.eksList },
          { clusterName },
          send,
        ),
        (page) => page.nodegroups,
      ),
  );
  if (!listed.ok) return undefined;
  const described = await Promise.all(
    listed.value.map((nodegroupName) =>
      ctx.attempt(
        {
          collection: 'nodegroups',
          service: 'eks',
          api: 'DescribeNodegroup',
          scope: { clusterName, resourceId: nodegroupName },
        },
        async (send) => {
          const out = await eks.send(
            new DescribeNodegroupCommand({ clusterName, nodegroupName }),
            send,
          );
          return out.nodegroup ? mapNodegroup(out.nodegroup) : undefined;
        },
      ),
    ),
  );
  return described
    .flatMap((r) => (r.ok && r.value ? [r.value] : []))
    .sort(byName((n) => n.nodegroupName));
};

/** Fargate profiles of one cluster; same failure rules as node groups. */
const collectFargateProfiles = async (
  ctx: CollectContext,
  clusterName: string,
): Promise<FargateProfile[] | undefined> => {
  const { eks } = ctx.clients;
  const listed = await ctx.attempt(
    {
      collection: 'fargateProfiles',
      service: 'eks',
      api: 'ListFargateProfiles',
      scope: { clusterName },
    },
    (send) =>
      collectPages(
        paginateListFargateProfiles(
          { client: eks, stopOnSameToken: true, pageSize: PAGE_SIZES.eksList },
          { clusterName },
          send,
        ),
        (page) => page.fargateProfileNames,
      ),
  );
  if (!listed.ok) return undefined;
  const described = await Promise.all(
    listed.value.map((fargateProfileName) =>
      ctx.attempt(
        {
          collection: 'fargateProfiles',
          service: 'eks',
          api: 'DescribeFargateProfile',
          scope: { clusterName, resourceId: fargateProfileName },
        },
        async (send) => {
          const out = await eks.send(
            new DescribeFargateProfileCommand({
              clusterName,
              fargateProfileName,
            }),
            send,
          );
          return out.fargateProfile
            ? mapFargateProfile(out.fargateProfile)
            : undefined;
        },
      ),
    ),
  );
  return described
    .flatMap((r) => (r.ok && r.value ? [r.value] : []))
    .sort(byName((p) => p.fargateProfileName));
};

/**
 * The `vpc-cni` add-on: `null` when it is not a managed add-on (the API
 * answers `ResourceNotFoundException`, which is a fact, not a gap).
 */
const collectVpcCniAddon = async (
  ctx: CollectContext,
  clusterName: string,
): Promise<Addon | null | undefined> => {
  const outcome = await ctx.attempt(
    {
      collection: 'addons',
      service: 'eks',
      api: 'DescribeAddon',
      scope: { clusterName, resourceId: VPC_CNI_ADDON },
    },
    async (send) => {
      try {
        const out = await ctx.clients.eks.send(
          new DescribeAddonCommand({ clusterName, addonName: VPC_CNI_ADDON }),
          send,
        );
        return out.addon ? mapAddon(out.addon) : null;
      } catch (error) {
        if ((error as { name?: string }).name === 'ResourceNotFoundException') {
          return null;
        }
        throw error;
      }
    },
  );
  return outcome.ok ? outcome.value : undefined;
};

/**
 * Called with each cluster as soon as its `DescribeCluster` answered, before
 * its node groups, Fargate profiles and add-on are read, so work that needs
 * only the cluster (its VPC) can start at once.
 */
type OnClusterDescribed = (cluster: Cluster) => void;

/** One cluster: `DescribeCluster` plus its three independent listings. */
const collectCluster = async (
  ctx: CollectContext,
  name: string,
  onDescribed?: OnClusterDescribed,
): Promise<Cluster | undefined> => {
  const describe = async (): Promise<Cluster | undefined> => {
    const outcome = await ctx.attempt(
      {
        collection: 'clusters',
        service: 'eks',
        api: 'DescribeCluster',
        scope: { clusterName: name, resourceId: name },
      },
      async (send) => {
        const out = await ctx.clients.eks.send(
          new DescribeClusterCommand({ name }),
          send,
        );
        return out.cluster;
      },
    );
    if (!outcome.ok || !outcome.value) return undefined;
    const cluster = mapCluster(outcome.value);
    onDescribed?.(cluster);
    return cluster;
  };
  const [described, nodegroups, fargateProfiles, vpcCniAddon] =
    await Promise.all([
      describe(),
      collectNodegroups(ctx, name),
      collectFargateProfiles(ctx, name),
      collectVpcCniAddon(ctx, name),
    ]);
  if (!described) return undefined;
  return {
    ...described,
    ...(nodegroups ? { nodegroups } : {}),
    ...(fargateProfiles ? { fargateProfiles } : {}),
    ...(vpcCniAddon !== undefined ? { vpcCniAddon } : {}),
  };
};

/**
 * Every EKS cluster of the region. `undefined` when `ListClusters` failed
 * (unscoped gap); a cluster whose `DescribeCluster` failed is left out with a
 * gap scoped to it. Gaps of the other calls of a left-out cluster are dropped:
 * nothing in the snapshot refers to that cluster. `onDescribed` sees every
 * cluster that will be returned, as soon as it is described.
 */
const collectClusters = async (
  ctx: CollectContext,
  onDescribed?: OnClusterDescribed,
): Promise<Cluster[] | undefined> => {
  const listed = await ctx.attempt(
    { collection: 'clusters', service: 'eks', api: 'ListClusters' },
    (send) =>
      collectPages(
        paginateListClusters(
          {
            client: ctx.clients.eks,
            stopOnSameToken: true,
            pageSize: PAGE_SIZES.eksList,
          },
          {},
          send,
        ),
        (page) => page.clusters,
      ),
  );
  if (!listed.ok) return undefined;
  const names = [...new Set(listed.value)];
  const clusters = await Promise.all(
    names.map((n) => collectCluster(ctx, n, onDescribed)),
  );
  const missing = new Set(names.filter((_, i) => !clusters[i]));
  if (missing.size > 0) {
    const kept = ctx.gaps.filter(
      (gap) =>
        gap.collection === 'clusters' ||
        !gap.scope?.clusterName ||
        !missing.has(gap.scope.clusterName),
    );
    ctx.gaps.splice(0, ctx.gaps.length, ...kept);
  }
  return clusters
    .filter((c): c is Cluster => c !== undefined)
    .sort(byName((c) => c.name));
};

/** Every cluster version, including extended and unsupported ones. */
const collectClusterVersions = async (
  ctx: CollectContext,
): Promise<ClusterVersion[] | undefined> => {
  const outcome = await ctx.attempt(
    {
      collection: 'clusterVersions',
      service: 'eks',
      api: 'DescribeClusterVersions',
    },
    (send) =>
      collectPages(
        paginateDescribeClusterVersions(
          {
            client: ctx.clients.eks,
            stopOnSameToken: true,
            pageSize: PAGE_SIZES.eksList,
          },
          { includeAll: true },
          send,
        ),
        (page) => page.clusterVersions,
      ),
  );
  return outcome.ok
    ? outcome.value.map(mapClusterVersion).sort(byName((v) => v.clusterVersion))
    : undefined;
};

export type { OnClusterDescribed };
export {
  collectClusters,
  collectClusterVersions,
  eksClustersCollector,
  eksClusterVersionsCollector,
};
