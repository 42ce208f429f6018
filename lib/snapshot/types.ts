/**
 * The Snapshot contract: what collection hands to `derive()` and the engine.
 *
 * Field names follow the AWS API shapes in camelCase. Tags are flattened to
 * `Record<string, string>`. A collection that could not be read is absent
 * (`undefined`) and has a matching entry in `gaps`; `[]` always means "looked,
 * found none". Partial collections (one VPC or one cluster failed) are present
 * and carry a scoped gap.
 *
 * @module
 */

/** Current snapshot schema version; bump on any breaking shape change. */
const SNAPSHOT_SCHEMA_VERSION = 1 as const;

/** Free-form AWS tags flattened from `[{ Key, Value }]`. */
type Tags = Record<string, string>;

/** One account × one region. */
interface Target {
  readonly accountId: string;
  readonly accountName?: string;
  readonly region: string;
  /** Role assumed in the account; absent when the caller's own credentials are used. */
  readonly roleArn?: string;
}

/**
 * Every collection a snapshot can hold. Gaps and policy `requires` lists name
 * these, so a rule knows which of its inputs could not be read.
 */
type CollectionName =
  | 'clusters'
  | 'clusterVersions'
  | 'nodegroups'
  | 'fargateProfiles'
  | 'addons'
  | 'vpcs'
  | 'vpcAttributes'
  | 'dhcpOptions'
  | 'subnets'
  | 'routeTables'
  | 'natGateways'
  | 'vpcEndpoints'
  | 'securityGroups'
  | 'networkInterfaces'
  | 'instances'
  | 'instanceTypes'
  | 'flowLogs'
  | 'subnetCidrReservations'
  | 'loadBalancers'
  | 'listeners'
  | 'targetGroups';

/** All collection names, in a stable order. */
const COLLECTION_NAMES: readonly CollectionName[] = [
  'clusters',
  'clusterVersions',
  'nodegroups',
  'fargateProfiles',
  'addons',
  'vpcs',
  'vpcAttributes',
  'dhcpOptions',
  'subnets',
  'routeTables',
  'natGateways',
  'vpcEndpoints',
  'securityGroups',
  'networkInterfaces',
  'instances',
  'instanceTypes',
  'flowLogs',
  'subnetCidrReservations',
  'loadBalancers',
  'listeners',
  'targetGroups',
];

/**
 * "Could not look": one failed API call (after the SDK's retries).
 *
 * `scope` narrows the gap: a gap with `vpcId` only makes rules over resources
 * of that VPC `unknown`; a gap with `clusterName` only that cluster's; no scope
 * means the whole collection is missing for the target.
 */
interface Gap {
  readonly collection: CollectionName;
  /** API operation, e.g. `DescribeSubnets`. */
  readonly api: string;
  /** IAM action the call needed, e.g. `ec2:DescribeSubnets`. */
  readonly iamAction: string;
  /** AWS error code or a client-side code (`TimeoutError`, `NetworkError`). */
  readonly errorCode: string;
  readonly message: string;
  readonly scope?: {
    readonly clusterName?: string;
    readonly vpcId?: string;
    readonly resourceId?: string;
  };
}

/** Collection statistics for `status.json` and the benchmarks. */
interface CollectionStats {
  /** Every HTTP request sent, including retries. */
  readonly apiCalls: number;
  /** Requests per IAM action (e.g. `ec2:DescribeSubnets`), including retries. */
  readonly callsByAction: Record<string, number>;
  readonly durationMs: number;
}

// ---------------------------------------------------------------- EKS

interface HealthIssue {
  readonly code: string;
  readonly message?: string;
  readonly resourceIds?: string[];
}

interface ClusterLogging {
  readonly types: string[];
  readonly enabled: boolean;
}

/** `eks:DescribeCluster` → `cluster`, plus the per-cluster collections. */
interface Cluster {
  readonly name: string;
  readonly arn: string;
  readonly createdAt?: string;
  readonly version?: string;
  readonly platformVersion?: string;
  readonly status?: string;
  readonly endpoint?: string;
  readonly resourcesVpcConfig: {
    readonly subnetIds: string[];
    readonly securityGroupIds: string[];
    readonly clusterSecurityGroupId?: string;
    readonly vpcId?: string;
    readonly endpointPublicAccess: boolean;
    readonly endpointPrivateAccess: boolean;
    readonly publicAccessCidrs: string[];
    readonly controlPlaneEgressMode?: string;
  };
  readonly kubernetesNetworkConfig?: {
    readonly serviceIpv4Cidr?: string;
    readonly serviceIpv6Cidr?: string;
    readonly ipFamily?: 'ipv4' | 'ipv6';
    readonly elasticLoadBalancingEnabled?: boolean;
  };
  readonly logging: ClusterLogging[];
  readonly accessConfig?: { readonly authenticationMode?: string };
  readonly upgradePolicy?: { readonly supportType?: string };
  readonly computeConfig?: {
    readonly enabled?: boolean;
    readonly nodePools?: string[];
    readonly nodeRoleArn?: string;
  };
  readonly remoteNetworkConfig?: {
    readonly remoteNodeNetworks: { readonly cidrs: string[] }[];
    readonly remotePodNetworks: { readonly cidrs: string[] }[];
  };
  readonly health: { readonly issues: HealthIssue[] };
  readonly tags: Tags;
  /** Absent when `ListNodegroups` failed (gap scoped to this cluster). */
  readonly nodegroups?: Nodegroup[];
  /** Absent when `ListFargateProfiles` failed. */
  readonly fargateProfiles?: FargateProfile[];
  /**
   * The managed `vpc-cni` add-on. `null`: not installed as a managed add-on
   * (`ResourceNotFoundException`); absent: could not look (gap).
   */
  readonly vpcCniAddon?: Addon | null;
}

/** `eks:DescribeNodegroup` → `nodegroup`. */
interface Nodegroup {
  readonly nodegroupName: string;
  readonly nodegroupArn?: string;
  readonly clusterName: string;
  readonly status?: string;
  readonly version?: string;
  readonly releaseVersion?: string;
  readonly capacityType?: string;
  readonly amiType?: string;
  readonly scalingConfig: {
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredSize: number;
  };
  /** `null` when created from a launch template without instance types. */
  readonly instanceTypes: string[] | null;
  readonly subnets: string[];
  readonly remoteAccess?: {
    readonly ec2SshKey?: string;
    readonly sourceSecurityGroups: string[];
  };
  readonly resources: {
    readonly autoScalingGroups: string[];
    readonly remoteAccessSecurityGroup?: string;
  };
  readonly launchTemplate?: {
    readonly id?: string;
    readonly name?: string;
    readonly version?: string;
  };
  readonly labels: Record<string, string>;
  readonly tags: Tags;
  readonly health: { readonly issues: HealthIssue[] };
}

/** `eks:DescribeFargateProfile` → `fargateProfile`. */
interface FargateProfile {
  readonly fargateProfileName: string;
  readonly fargateProfileArn?: string;
  readonly clusterName: string;
  readonly status?: string;
  readonly subnets: string[];
  readonly selectors: {
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  }[];
  readonly podExecutionRoleArn?: string;
  readonly health: { readonly issues: HealthIssue[] };
}

/** `eks:DescribeAddon` → `addon`. */
interface Addon {
  readonly addonName: string;
  readonly addonVersion?: string;
  readonly status?: string;
  readonly serviceAccountRoleArn?: string;
  /** The raw JSON (or YAML) string supplied through the EKS API. */
  readonly configurationValues?: string;
  readonly health: { readonly issues: HealthIssue[] };
}

/** `eks:DescribeClusterVersions` → `clusterVersions[]`. */
interface ClusterVersion {
  readonly clusterVersion: string;
  readonly versionStatus?: string;
  readonly endOfStandardSupportDate?: string;
  readonly endOfExtendedSupportDate?: string;
  readonly defaultVersion?: boolean;
}

// ---------------------------------------------------------------- EC2

interface Vpc {
  readonly vpcId: string;
  readonly ownerId?: string;
  readonly cidrBlock?: string;
  readonly cidrBlockAssociationSet: {
    readonly cidrBlock: string;
    readonly state?: string;
  }[];
  readonly ipv6CidrBlockAssociationSet: {
    readonly ipv6CidrBlock: string;
    readonly state?: string;
  }[];
  readonly dhcpOptionsId?: string;
  readonly isDefault?: boolean;
  /** From `DescribeVpcAttribute`; absent when that call failed (gap). */
  readonly enableDnsSupport?: boolean;
  readonly enableDnsHostnames?: boolean;
  readonly tags: Tags;
}

interface DhcpOptions {
  readonly dhcpOptionsId: string;
  /** `DhcpConfigurations[]` as key → values, e.g. `domain-name-servers`. */
  readonly configurations: Record<string, string[]>;
}

interface Subnet {
  readonly subnetId: string;
  readonly vpcId: string;
  readonly ownerId?: string;
  readonly cidrBlock?: string;
  readonly availableIpAddressCount: number;
  readonly availabilityZone: string;
  readonly availabilityZoneId?: string;
  readonly mapPublicIpOnLaunch: boolean;
  readonly assignIpv6AddressOnCreation: boolean;
  readonly ipv6CidrBlocks: string[];
  readonly ipv6Native: boolean;
  readonly enableDns64: boolean;
  readonly outpostArn?: string;
  readonly tags: Tags;
}

interface Route {
  readonly destinationCidrBlock?: string;
  readonly destinationIpv6CidrBlock?: string;
  readonly destinationPrefixListId?: string;
  readonly gatewayId?: string;
  readonly natGatewayId?: string;
  readonly transitGatewayId?: string;
  readonly egressOnlyInternetGatewayId?: string;
  readonly networkInterfaceId?: string;
  readonly instanceId?: string;
  readonly vpcPeeringConnectionId?: string;
  readonly coreNetworkArn?: string;
  readonly state?: string;
  readonly origin?: string;
}

interface RouteTable {
  readonly routeTableId: string;
  readonly vpcId: string;
  readonly associations: {
    readonly subnetId?: string;
    readonly gatewayId?: string;
    readonly main: boolean;
    readonly state?: string;
  }[];
  readonly routes: Route[];
  readonly tags: Tags;
}

interface NatGateway {
  readonly natGatewayId: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly state?: string;
  readonly connectivityType?: string;
  readonly addresses: {
    readonly publicIp?: string;
    readonly privateIp?: string;
  }[];
  readonly tags: Tags;
}

interface VpcEndpoint {
  readonly vpcEndpointId: string;
  readonly vpcId: string;
  readonly serviceName: string;
  readonly vpcEndpointType: string;
  /** Lower-cased: the API model and real responses disagree on case. */
  readonly state: string;
  readonly subnetIds: string[];
  readonly routeTableIds: string[];
  readonly groupIds: string[];
  readonly privateDnsEnabled: boolean;
  readonly ipAddressType?: string;
  readonly tags: Tags;
}

/** One `IpPermission` of a security group. */
interface IpPermission {
  /** `-1` means all protocols; `tcp`, `udp`, `icmp`, `icmpv6` or a number. */
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipRanges: string[];
  readonly ipv6Ranges: string[];
  readonly prefixListIds: string[];
  readonly userIdGroupPairs: {
    readonly groupId?: string;
    readonly userId?: string;
    readonly vpcPeeringConnectionId?: string;
  }[];
}

interface SecurityGroup {
  readonly groupId: string;
  readonly groupName: string;
  readonly vpcId: string;
  readonly ownerId?: string;
  readonly description?: string;
  readonly ipPermissions: IpPermission[];
  readonly ipPermissionsEgress: IpPermission[];
  readonly tags: Tags;
}

interface NetworkInterface {
  readonly networkInterfaceId: string;
  readonly status: string;
  readonly interfaceType: string;
  readonly description: string;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
  readonly ownerId?: string;
  readonly requesterId?: string;
  readonly requesterManaged: boolean;
  readonly groupIds: string[];
  readonly privateIpAddress?: string;
  readonly privateIpAddresses: {
    readonly privateIpAddress: string;
    readonly primary: boolean;
  }[];
  readonly ipv4Prefixes: string[];
  readonly ipv6Prefixes: string[];
  readonly ipv6Addresses: string[];
  readonly association?: { readonly publicIp?: string };
  readonly attachment?: {
    readonly instanceId?: string;
    readonly instanceOwnerId?: string;
    readonly deviceIndex?: number;
    readonly networkCardIndex?: number;
    readonly deleteOnTermination?: boolean;
    readonly status?: string;
  };
  readonly tags: Tags;
}

interface Instance {
  readonly instanceId: string;
  readonly instanceType: string;
  readonly state: string;
  readonly subnetId?: string;
  readonly vpcId?: string;
  readonly availabilityZone?: string;
  readonly privateIpAddress?: string;
  readonly publicIpAddress?: string;
  /** Lower-cased `Platform` (`windows` or absent). */
  readonly platform?: string;
  readonly platformDetails?: string;
  readonly hypervisor?: string;
  readonly securityGroupIds: string[];
  readonly networkInterfaces: {
    readonly networkInterfaceId: string;
    readonly deviceIndex?: number;
    readonly networkCardIndex?: number;
    readonly deleteOnTermination?: boolean;
  }[];
  readonly tags: Tags;
}

/**
 * Network limits of one instance type: from `DescribeInstanceTypes` where it
 * answered, else from the bundled table. Trunking and branch-ENI limits only
 * ever come from the bundled table (no public API has them).
 */
interface InstanceTypeInfo {
  readonly instanceType: string;
  readonly source: 'api' | 'bundled' | 'api+bundled';
  readonly hypervisor?: string;
  readonly bareMetal?: boolean;
  readonly defaultVCpus?: number;
  /** ENIs the CNI can use: the default network card's maximum. */
  readonly maximumNetworkInterfaces?: number;
  readonly maximumNetworkCards?: number;
  readonly ipv4AddressesPerInterface?: number;
  readonly ipv6AddressesPerInterface?: number;
  readonly ipv6Supported?: boolean;
  readonly trunkingCompatible?: boolean;
  readonly branchInterfaces?: number;
  readonly maxPodsDefault?: number;
}

interface FlowLog {
  readonly flowLogId: string;
  readonly resourceId: string;
  readonly trafficType?: string;
  readonly flowLogStatus?: string;
  readonly deliverLogsStatus?: string;
  readonly logDestinationType?: string;
}

interface SubnetCidrReservation {
  readonly subnetId: string;
  readonly cidr: string;
  readonly reservationType: string;
}

/** One listener of a Classic load balancer (`ListenerDescriptions[]`). */
interface ClassicListener {
  readonly protocol: string;
  readonly loadBalancerPort: number;
  readonly instanceProtocol?: string;
  readonly instancePort?: number;
  readonly sslCertificateId?: string;
  readonly policyNames: string[];
}

/**
 * An Application, Network (ELB v2) or Classic (ELB v1) load balancer in a
 * cluster VPC. Classic load balancers have no ARN in the API; theirs is built
 * as `arn:<partition>:elasticloadbalancing:<region>:<account>:loadbalancer/<name>`
 * (the form IAM uses), so every load balancer has one id.
 */
interface LoadBalancer {
  readonly loadBalancerArn: string;
  readonly loadBalancerName: string;
  readonly type: 'application' | 'network' | 'classic';
  /** `internet-facing` or `internal`. */
  readonly scheme: string;
  readonly vpcId: string;
  readonly dnsName?: string;
  readonly createdTime?: string;
  /** `ipv4`, `dualstack`, `dualstack-without-public-ipv4` (v2 only). */
  readonly ipAddressType?: string;
  /** `State.Code` (v2 only). */
  readonly state?: string;
  readonly subnetIds: string[];
  readonly availabilityZones: string[];
  /** Empty for an NLB created without security groups. */
  readonly securityGroups: string[];
  /** `EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic` (NLB only). */
  readonly enforceSecurityGroupInboundRulesOnPrivateLinkTraffic?: string;
  /** Absent when `DescribeTags` failed for this load balancer. */
  readonly tags?: Tags;
  /**
   * `DescribeLoadBalancerAttributes` as key → string; absent when the call
   * failed. Classic attributes use the v2 key names
   * (`access_logs.s3.enabled`, `load_balancing.cross_zone.enabled`,
   * `connection_draining.enabled`, `idle_timeout.timeout_seconds`).
   */
  readonly attributes?: Record<string, string>;
  /** Classic only: its listeners (v2 listeners are in `listeners`). */
  readonly classicListeners?: ClassicListener[];
  /** Classic only: registered instance ids. */
  readonly instanceIds?: string[];
  /** Classic only: `HealthCheck.Target`, e.g. `HTTP:32001/healthz`. */
  readonly healthCheckTarget?: string;
  /** Classic only: `SourceSecurityGroup.GroupName`. */
  readonly sourceSecurityGroupName?: string;
}

/** One action of a v2 listener's `DefaultActions`. */
interface ListenerAction {
  readonly type: string;
  /** `TargetGroupArn` and every `ForwardConfig.TargetGroups[].TargetGroupArn`. */
  readonly targetGroupArns: string[];
  /** `RedirectConfig.Protocol` of a redirect action. */
  readonly redirectProtocol?: string;
}

/** One listener of an Application or Network load balancer. */
interface Listener {
  readonly listenerArn: string;
  readonly loadBalancerArn: string;
  readonly port?: number;
  readonly protocol?: string;
  readonly sslPolicy?: string;
  readonly certificateArns: string[];
  readonly alpnPolicy: string[];
  readonly defaultActions: ListenerAction[];
}

/** One ELB v2 target group in a cluster VPC. */
interface TargetGroup {
  readonly targetGroupArn: string;
  readonly targetGroupName: string;
  readonly vpcId: string;
  readonly protocol?: string;
  readonly port?: number;
  /** `instance`, `ip`, `lambda` or `alb`. */
  readonly targetType?: string;
  /** `ipv4` or `ipv6`. */
  readonly ipAddressType?: string;
  readonly healthCheckProtocol?: string;
  /** A port number or `traffic-port`. */
  readonly healthCheckPort?: string;
  readonly healthCheckPath?: string;
  readonly healthCheckEnabled?: boolean;
  readonly loadBalancerArns: string[];
  /** Absent when `DescribeTags` failed for this target group. */
  readonly tags?: Tags;
  /**
   * `DescribeTargetGroupAttributes` (NLB target groups only); absent for ALB
   * target groups and when the call failed.
   */
  readonly attributes?: Record<string, string>;
}

/** Everything collected for one target. */
interface Snapshot {
  readonly schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  readonly scanId: string;
  readonly target: Target;
  /** ISO-8601 time collection started. */
  readonly collectedAt: string;
  readonly clusters?: Cluster[];
  readonly clusterVersions?: ClusterVersion[];
  readonly vpcs?: Vpc[];
  readonly dhcpOptions?: DhcpOptions[];
  readonly subnets?: Subnet[];
  readonly routeTables?: RouteTable[];
  readonly natGateways?: NatGateway[];
  readonly vpcEndpoints?: VpcEndpoint[];
  readonly securityGroups?: SecurityGroup[];
  readonly networkInterfaces?: NetworkInterface[];
  readonly instances?: Instance[];
  readonly instanceTypes?: InstanceTypeInfo[];
  readonly flowLogs?: FlowLog[];
  readonly subnetCidrReservations?: SubnetCidrReservation[];
  /** ELB v2 and Classic load balancers in cluster VPCs. */
  readonly loadBalancers?: LoadBalancer[];
  /** Listeners of the v2 load balancers in `loadBalancers`. */
  readonly listeners?: Listener[];
  /** ELB v2 target groups in cluster VPCs. */
  readonly targetGroups?: TargetGroup[];
  readonly gaps: Gap[];
  readonly stats: CollectionStats;
}

export type {
  Addon,
  ClassicListener,
  Cluster,
  ClusterLogging,
  ClusterVersion,
  CollectionName,
  CollectionStats,
  DhcpOptions,
  FargateProfile,
  FlowLog,
  Gap,
  HealthIssue,
  Instance,
  InstanceTypeInfo,
  IpPermission,
  Listener,
  ListenerAction,
  LoadBalancer,
  NatGateway,
  NetworkInterface,
  Nodegroup,
  Route,
  RouteTable,
  SecurityGroup,
  Snapshot,
  Subnet,
  SubnetCidrReservation,
  Tags,
  Target,
  TargetGroup,
  Vpc,
  VpcEndpoint,
};
export { COLLECTION_NAMES, SNAPSHOT_SCHEMA_VERSION };
