/**
 * Mappers from `@aws-sdk/client-eks` shapes to Snapshot types: explicit field
 * picking (reference §1.2.5–1.2.9), dates as ISO strings.
 *
 * @module
 */
import type {
  Addon as SdkAddon,
  Cluster as SdkCluster,
  ClusterVersionInformation as SdkClusterVersion,
  FargateProfile as SdkFargateProfile,
  Nodegroup as SdkNodegroup,
} from '@aws-sdk/client-eks';
import type {
  Addon,
  Cluster,
  ClusterVersion,
  FargateProfile,
  HealthIssue,
  Nodegroup,
} from '../snapshot/types.js';

type SdkIssue = {
  code?: string;
  message?: string;
  resourceIds?: string[];
};

const iso = (date: Date | undefined): string | undefined =>
  date ? date.toISOString() : undefined;

/** Drops keys whose value is `undefined`, so snapshots serialise stably. */
const compact = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;

const mapIssues = (issues: SdkIssue[] | undefined): HealthIssue[] =>
  (issues ?? []).map((issue) =>
    compact({
      code: issue.code ?? 'Unknown',
      message: issue.message,
      resourceIds: issue.resourceIds,
    }),
  );

/** `DescribeCluster` → {@link Cluster} (without the per-cluster collections). */
const mapCluster = (cluster: SdkCluster): Cluster => {
  const vpc = cluster.resourcesVpcConfig ?? {};
  const net = cluster.kubernetesNetworkConfig;
  const compute = cluster.computeConfig;
  const remote = cluster.remoteNetworkConfig;
  return compact({
    name: cluster.name ?? '',
    arn: cluster.arn ?? '',
    createdAt: iso(cluster.createdAt),
    version: cluster.version,
    platformVersion: cluster.platformVersion,
    status: cluster.status,
    endpoint: cluster.endpoint,
    resourcesVpcConfig: compact({
      subnetIds: vpc.subnetIds ?? [],
      securityGroupIds: vpc.securityGroupIds ?? [],
      clusterSecurityGroupId: vpc.clusterSecurityGroupId,
      vpcId: vpc.vpcId,
      endpointPublicAccess: vpc.endpointPublicAccess ?? false,
      endpointPrivateAccess: vpc.endpointPrivateAccess ?? false,
      publicAccessCidrs: vpc.publicAccessCidrs ?? [],
      controlPlaneEgressMode: vpc.controlPlaneEgressMode,
    }),
    kubernetesNetworkConfig: net
      ? compact({
          serviceIpv4Cidr: net.serviceIpv4Cidr,
          serviceIpv6Cidr: net.serviceIpv6Cidr,
          ipFamily: net.ipFamily,
          elasticLoadBalancingEnabled: net.elasticLoadBalancing?.enabled,
        })
      : undefined,
    logging: (cluster.logging?.clusterLogging ?? []).map((entry) => ({
      types: entry.types ?? [],
      enabled: entry.enabled ?? false,
    })),
    accessConfig: cluster.accessConfig
      ? compact({ authenticationMode: cluster.accessConfig.authenticationMode })
      : undefined,
    upgradePolicy: cluster.upgradePolicy
      ? compact({ supportType: cluster.upgradePolicy.supportType })
      : undefined,
    computeConfig: compute
      ? compact({
          enabled: compute.enabled,
          nodePools: compute.nodePools,
          nodeRoleArn: compute.nodeRoleArn,
        })
      : undefined,
    remoteNetworkConfig: remote
      ? {
          remoteNodeNetworks: (remote.remoteNodeNetworks ?? []).map((n) => ({
            cidrs: n.cidrs ?? [],
          })),
          remotePodNetworks: (remote.remotePodNetworks ?? []).map((n) => ({
            cidrs: n.cidrs ?? [],
          })),
        }
      : undefined,
    health: { issues: mapIssues(cluster.health?.issues) },
    tags: { ...(cluster.tags ?? {}) },
  });
};

/** `DescribeNodegroup` → {@link Nodegroup}. */
const mapNodegroup = (nodegroup: SdkNodegroup): Nodegroup => {
  const scaling = nodegroup.scalingConfig ?? {};
  const remote = nodegroup.remoteAccess;
  const template = nodegroup.launchTemplate;
  return compact({
    nodegroupName: nodegroup.nodegroupName ?? '',
    nodegroupArn: nodegroup.nodegroupArn,
    clusterName: nodegroup.clusterName ?? '',
    status: nodegroup.status,
    version: nodegroup.version,
    releaseVersion: nodegroup.releaseVersion,
    capacityType: nodegroup.capacityType,
    amiType: nodegroup.amiType,
    scalingConfig: {
      minSize: scaling.minSize ?? 0,
      maxSize: scaling.maxSize ?? 0,
      desiredSize: scaling.desiredSize ?? 0,
    },
    // The API sends no list when a launch template picks the type.
    instanceTypes: nodegroup.instanceTypes?.length
      ? [...nodegroup.instanceTypes]
      : null,
    subnets: nodegroup.subnets ?? [],
    remoteAccess: remote
      ? compact({
          ec2SshKey: remote.ec2SshKey,
          sourceSecurityGroups: remote.sourceSecurityGroups ?? [],
        })
      : undefined,
    resources: compact({
      autoScalingGroups: (nodegroup.resources?.autoScalingGroups ?? [])
        .map((group) => group.name)
        .filter((name): name is string => Boolean(name)),
      remoteAccessSecurityGroup: nodegroup.resources?.remoteAccessSecurityGroup,
    }),
    launchTemplate: template
      ? compact({
          id: template.id,
          name: template.name,
          version: template.version,
        })
      : undefined,
    labels: { ...(nodegroup.labels ?? {}) },
    tags: { ...(nodegroup.tags ?? {}) },
    health: { issues: mapIssues(nodegroup.health?.issues) },
  });
};

/** `DescribeFargateProfile` → {@link FargateProfile}. */
const mapFargateProfile = (profile: SdkFargateProfile): FargateProfile =>
  compact({
    fargateProfileName: profile.fargateProfileName ?? '',
    fargateProfileArn: profile.fargateProfileArn,
    clusterName: profile.clusterName ?? '',
    status: profile.status,
    subnets: profile.subnets ?? [],
    selectors: (profile.selectors ?? []).map((selector) =>
      compact({
        namespace: selector.namespace,
        labels: selector.labels ? { ...selector.labels } : undefined,
      }),
    ),
    podExecutionRoleArn: profile.podExecutionRoleArn,
    health: { issues: mapIssues(profile.health?.issues) },
  });

/** `DescribeAddon` → {@link Addon}. */
const mapAddon = (addon: SdkAddon): Addon =>
  compact({
    addonName: addon.addonName ?? '',
    addonVersion: addon.addonVersion,
    status: addon.status,
    serviceAccountRoleArn: addon.serviceAccountRoleArn,
    configurationValues: addon.configurationValues,
    health: { issues: mapIssues(addon.health?.issues) },
  });

/** `DescribeClusterVersions` item → {@link ClusterVersion}. */
const mapClusterVersion = (version: SdkClusterVersion): ClusterVersion =>
  compact({
    clusterVersion: version.clusterVersion ?? '',
    versionStatus: version.versionStatus,
    endOfStandardSupportDate: iso(version.endOfStandardSupportDate),
    endOfExtendedSupportDate: iso(version.endOfExtendedSupportDate),
    defaultVersion: version.defaultVersion,
  });

export {
  compact,
  mapAddon,
  mapCluster,
  mapClusterVersion,
  mapFargateProfile,
  mapNodegroup,
};
