/**
 * The Facts contract: what `derive()` computes from a Snapshot and what policy
 * CEL expressions read as `resource`.
 *
 * Each resource kind is declared once, as a CEL schema (field → CEL type).
 * The TypeScript type of a kind's facts is computed from that schema, so the
 * engine's type-checker and `derive()` cannot drift apart. Numbers are JS
 * numbers and therefore CEL `double`. A field listed as optional is absent
 * when the snapshot cannot tell (rules test it with `has(resource.field)` and
 * usually say `unknown`); every other field is always present.
 *
 * @module
 */
import type { CollectionName, Gap, Target } from './types.js';

/** CEL types a fact may have. */
type CelFieldType =
  | 'string'
  | 'double'
  | 'bool'
  | 'list<string>'
  | 'list<double>'
  | 'map<string, string>';

type TsOf<T extends CelFieldType> = T extends 'string'
  ? string
  : T extends 'double'
    ? number
    : T extends 'bool'
      ? boolean
      : T extends 'list<string>'
        ? string[]
        : T extends 'list<double>'
          ? number[]
          : Record<string, string>;

type Schema = Readonly<Record<string, CelFieldType>>;

/** The facts object type described by a schema and its optional keys. */
type FactsFromSchema<S extends Schema, O extends keyof S> = {
  readonly [K in Exclude<keyof S, O>]: TsOf<S[K]>;
} & { readonly [K in O]?: TsOf<S[K]> };

/** Every resource kind policies can iterate. */
type ResourceKind =
  | 'cluster'
  | 'nodegroup'
  | 'fargateProfile'
  | 'node'
  | 'subnet'
  | 'securityGroup'
  | 'networkInterface'
  | 'vpc'
  | 'vpcEndpoint'
  | 'loadBalancer';

/**
 * Fields every resource carries. `id` is unique per kind within a target
 * (node groups and Fargate profiles use `<cluster>/<name>`); `clusterName`
 * is set when the resource belongs to exactly one cluster (a subnet shared by
 * several clusters has it joined with `,`).
 */
const baseSchema = {
  kind: 'string',
  id: 'string',
  name: 'string',
  arn: 'string',
  clusterName: 'string',
  vpcId: 'string',
} as const satisfies Schema;
type BaseOptional = 'arn' | 'clusterName' | 'vpcId';

// ------------------------------------------------------------------ cluster

const clusterSchema = {
  ...baseSchema,
  /** `DescribeCluster.status`, e.g. `ACTIVE`. */
  status: 'string',
  /** Kubernetes minor version, e.g. `1.31`; `''` when EKS did not say. */
  version: 'string',
  /** EKS Auto Mode (`computeConfig.enabled`): CNI knobs do not apply. */
  autoMode: 'bool',
  /** `ipv4` or `ipv6`. */
  ipFamily: 'string',
  endpointPublicAccess: 'bool',
  endpointPrivateAccess: 'bool',
  publicAccessCidrs: 'list<string>',
  serviceIpv4Cidr: 'string',
  serviceIpv6Cidr: 'string',
  /** `resourcesVpcConfig.subnetIds` (where EKS puts its control-plane ENIs). */
  subnetIds: 'list<string>',
  /** `resourcesVpcConfig.securityGroupIds` (additional control-plane SGs). */
  securityGroupIds: 'list<string>',
  clusterSecurityGroupId: 'string',
  /** The cluster SG id is set and `DescribeSecurityGroups` returned it. */
  clusterSecurityGroupFound: 'bool',
  /** Cluster subnet ids `DescribeSubnets` did not return. */
  missingSubnetIds: 'list<string>',
  /** Cluster subnets that exist but sit in another VPC. */
  foreignVpcSubnetIds: 'list<string>',
  /** `securityGroupIds` (and the cluster SG) not returned by `DescribeSecurityGroups`. */
  missingSecurityGroupIds: 'list<string>',
  /** Distinct AZ ids of the cluster subnets that still exist. */
  clusterSubnetAzIds: 'list<string>',
  /** `health.issues[].code` of the cluster. */
  healthIssueCodes: 'list<string>',
  /** Issue codes of the cluster's node groups, as `<nodegroup>:<code>`. */
  nodegroupHealthIssues: 'list<string>',
  /** Issue codes of the cluster's Fargate profiles, as `<profile>:<code>`. */
  fargateHealthIssues: 'list<string>',
  /** Union of `logging.clusterLogging[].types` over enabled entries. */
  loggingEnabledTypes: 'list<string>',
  /** `domain-name-servers` of the VPC's DHCP option set; absent if unknown. */
  dhcpDomainNameServers: 'list<string>',
  /** Associated IPv4 CIDRs of the cluster VPC (primary and secondary). */
  vpcIpv4Cidrs: 'list<string>',
  /** Associated IPv6 CIDRs of the cluster VPC. */
  vpcIpv6Cidrs: 'list<string>',
  /** Nodes (pending/running instances tagged with the cluster name). */
  nodeCount: 'double',
  /** Subnets of node groups, Fargate profiles and nodes. */
  nodeSubnetIds: 'list<string>',
  /** Distinct AZs (names) that have nodes. */
  nodeAzs: 'list<string>',
  /**
   * Public addresses the nodes reach the internet from: NAT gateway public
   * IPs of NAT-routed node subnets, node public IPs in public subnets.
   */
  nodeEgressIps: 'list<string>',
  /** Node subnets whose default route goes somewhere the scanner cannot follow (TGW, appliance, peering, VGW). */
  nodeEgressUnverifiableSubnetIds: 'list<string>',
  /** Private node subnets with no default route at all. */
  nodeSubnetsWithoutEgress: 'list<string>',
  /** Short service names (`ecr.api`, `s3`, …) of `available` VPC endpoints in the cluster VPC. */
  availableEndpointServices: 'list<string>',
  /** Security groups on the control-plane ENIs (`cpSGs`), or cluster SG + additional SGs when no ENI is visible. */
  controlPlaneSecurityGroupIds: 'list<string>',
  /**
   * Missing control-plane/node flows (NET-SG-007), one entry per missing
   * direction and node SG set, e.g. `cp->node tcp/10250 (sg-1,sg-2)`.
   */
  controlPlaneNodeFlowsMissing: 'list<string>',
  /** Missing DNS flows between branch-ENI SG sets and the cluster SG (NET-SG-010); ` (prefix list not resolved)` marks flows only a prefix-list rule might allow. */
  podSecurityGroupDnsGaps: 'list<string>',
  /** The `vpc-cni` managed add-on exists. */
  cniAddonInstalled: 'bool',
  /** Add-on version without the leading `v`, e.g. `1.18.5-eksbuild.1`. */
  cniVersion: 'string',
  cniStatus: 'string',
  cniHealthIssueCodes: 'list<string>',
  /** `configurationValues` was supplied and parsed; `cniEnv` reflects it. */
  cniConfigVisible: 'bool',
  /** `configurationValues.env` (strings); a missing key means "not set through the EKS API", not "default". */
  cniEnv: 'map<string, string>',
  /** `configurationValues.enableNetworkPolicy` as a string; absent if not set. */
  cniEnableNetworkPolicy: 'string',
  /** Prefix delegation seen in the ENI layout (a CNI ENI holds an IPv4/IPv6 prefix). */
  pdInUse: 'bool',
  /** `ENABLE_PREFIX_DELEGATION` from `cniEnv`; absent when not set. */
  pdConfigured: 'bool',
  /** Security groups for Pods seen in the layout (trunk ENIs on the cluster's nodes). */
  sgpInUse: 'bool',
  /** `ENABLE_POD_ENI` from `cniEnv`; absent when not set. */
  sgpConfigured: 'bool',
  /** Custom networking seen in the layout (CNI ENI in a non-node, untagged subnet). */
  customNetInUse: 'bool',
  /** `AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG` from `cniEnv`; absent when not set. */
  customNetConfigured: 'bool',
  /** Features in use whose minimum CNI version the add-on is below, e.g. `prefix delegation needs >= 1.9.0`. */
  cniFeatureVersionGaps: 'list<string>',
  /** Instance types of the cluster's nodes and node groups. */
  nodeInstanceTypes: 'list<string>',
  /** Node types that are neither Nitro nor bare metal. */
  nonNitroNodeTypes: 'list<string>',
  /** Node types not trunking-compatible (or absent from the limits table). */
  nonTrunkingNodeTypes: 'list<string>',
  /** Node types with no known network limits. */
  unknownNodeTypes: 'list<string>',
  /** A Windows node group (`amiType` WINDOWS_*) or Windows instance exists. */
  hasWindowsNodes: 'bool',
  /** IPv6 prerequisites (NET-V6-*): cluster/node subnets with no IPv6 CIDR. */
  subnetsWithoutIpv6: 'list<string>',
  nodeSubnetsWithoutIpv6AutoAssign: 'list<string>',
  /** Private node subnets (any cluster family) that have an IPv6 CIDR but do not auto-assign IPv6 addresses (NET-V6-002, IPv4-cluster clause). */
  ipv6PrivateSubnetsWithoutAutoAssign: 'list<string>',
  nodeSubnetsWithoutIpv6DefaultRoute: 'list<string>',
  /** Node subnets whose `::/0` route targets neither an internet gateway nor an egress-only internet gateway (TGW, appliance, peering, …). */
  nodeSubnetsWithWrongIpv6DefaultTarget: 'list<string>',
  nodeSubnetsWithDns64: 'list<string>',
  /** Cluster/node SG egress CIDR rules with `0.0.0.0/0` but no `::/0` counterpart, as `sg-x tcp/443`. */
  ipv4OnlyEgressRules: 'list<string>',
  /** Subnets of the cluster VPC tagged `kubernetes.io/role/elb` / `internal-elb`. */
  lbPublicTaggedSubnetIds: 'list<string>',
  lbPrivateTaggedSubnetIds: 'list<string>',
  /** Distinct AZs among role-tagged subnets with at least 8 free addresses. */
  lbPublicAzsWithRoom: 'double',
  lbPrivateAzsWithRoom: 'double',
  /** Destination CIDRs of node-subnet route tables, `local` routes excluded. */
  routedCidrs: 'list<string>',
  /** `remoteNetworkConfig` node and pod CIDRs (hybrid nodes). */
  remoteNetworkCidrs: 'list<string>',
  /** Custom networking can be verified (ENIConfig subnets visible via `configurationValues.eniConfig` or the ENI layout). */
  customNetVerifiable: 'bool',
  /** Custom-networking problems (NET-CIDR-003), e.g. `no pod subnet for us-east-1a`. */
  customNetProblems: 'list<string>',
  /** CIDRs of subnets used by custom-networking pod ENIs. */
  customNetPodSubnetCidrs: 'list<string>',
  /** From `DescribeClusterVersions` for `version`. */
  versionStatus: 'string',
  endOfStandardSupportDate: 'string',
  endOfExtendedSupportDate: 'string',
  /** `upgradePolicy.supportType`. */
  supportType: 'string',
  /** Load balancers attributed to the cluster (services reference §8.5.6). */
  loadBalancerCount: 'double',
  internetFacingLoadBalancerCount: 'double',
  /** NLBs of the cluster owned by a Service. */
  serviceNlbCount: 'double',
  /** NLBs and target groups in the region's cluster VPCs (what the scanner keeps). */
  vpcNlbCount: 'double',
  vpcTargetGroupCount: 'double',
  /** Largest inbound rule count (one per peer) among the nodes' security groups. */
  maxNodeSgInboundRules: 'double',
  /** Pod subnets of Linux nodes whose default route is `igw` or `none`, as `subnet-1 (igw)`. */
  podSubnetsWithoutNat: 'list<string>',
  /** Node-subnet routes outside the VPC CIDRs to a TGW, peering, VGW or Cloud WAN not in `AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS`, as `192.168.0.0/16 via tgw`. */
  snatHiddenRoutes: 'list<string>',
} as const satisfies Schema;
type ClusterFacts = FactsFromSchema<
  typeof clusterSchema,
  | BaseOptional
  | 'serviceIpv4Cidr'
  | 'serviceIpv6Cidr'
  | 'clusterSecurityGroupId'
  | 'dhcpDomainNameServers'
  | 'cniVersion'
  | 'cniStatus'
  | 'cniEnableNetworkPolicy'
  | 'pdConfigured'
  | 'sgpConfigured'
  | 'customNetConfigured'
  | 'versionStatus'
  | 'endOfStandardSupportDate'
  | 'endOfExtendedSupportDate'
  | 'supportType'
>;

// ---------------------------------------------------------------- nodegroup

const nodegroupSchema = {
  ...baseSchema,
  status: 'string',
  amiType: 'string',
  capacityType: 'string',
  isWindows: 'bool',
  autoMode: 'bool',
  /** Configured instance types, else the types of the group's running instances. */
  instanceTypes: 'list<string>',
  /** Distinct max-Pods values of `instanceTypes` in the cluster's CNI mode (capped 110/250). */
  distinctMaxPods: 'list<double>',
  /** `type=maxPods` pairs, for messages. */
  maxPodsByType: 'list<string>',
  subnetIds: 'list<string>',
  /** Distinct AZ ids of the group's subnets. */
  subnetAzIds: 'list<string>',
  remoteAccessSshKey: 'string',
  remoteAccessSourceSecurityGroups: 'list<string>',
  usesLaunchTemplate: 'bool',
  /** Nodes of the group whose primary ENI lacks the cluster SG. */
  nodesWithoutClusterSg: 'list<string>',
  /** NET-SG-007 holds for the cluster. */
  controlPlaneFlowsOk: 'bool',
  minSize: 'double',
  maxSize: 'double',
  desiredSize: 'double',
  /** Running instances of the group (falls back to `desiredSize` when none are visible). */
  currentNodes: 'double',
  /** Worst-case addresses one node pins in its pod subnet (§3.3); absent when the type's limits are unknown. */
  footprintPerNode: 'double',
  /** Free addresses summed over the subnets new nodes' pods draw from. */
  freeIpsInSubnets: 'double',
  /** Addresses needed to grow from `currentNodes` to `maxSize` / to `desiredSize`. */
  ipsNeededAtMax: 'double',
  ipsNeededAtDesired: 'double',
  /** Per-AZ shortfalls at max size, e.g. `subnet-1 needs 120, has 40`. */
  subnetShortfalls: 'list<string>',
  /** Public group subnets that do not auto-assign public IPv4 (IPv6 for IPv6 clusters). */
  publicSubnetsWithoutAutoAssign: 'list<string>',
  healthIssueCodes: 'list<string>',
} as const satisfies Schema;
type NodegroupFacts = FactsFromSchema<
  typeof nodegroupSchema,
  BaseOptional | 'remoteAccessSshKey' | 'footprintPerNode'
>;

// ----------------------------------------------------------- fargateProfile

const fargateProfileSchema = {
  ...baseSchema,
  status: 'string',
  subnetIds: 'list<string>',
  /** Profile subnets whose route table has a default route to an internet gateway. */
  publicSubnetIds: 'list<string>',
  healthIssueCodes: 'list<string>',
} as const satisfies Schema;
type FargateProfileFacts = FactsFromSchema<
  typeof fargateProfileSchema,
  BaseOptional
>;

// --------------------------------------------------------------------- node

const nodeSchema = {
  ...baseSchema,
  /** Managed node group name, when the instance belongs to one. */
  nodegroupName: 'string',
  instanceType: 'string',
  state: 'string',
  subnetId: 'string',
  availabilityZone: 'string',
  privateIpAddress: 'string',
  publicIpAddress: 'string',
  inPublicSubnet: 'bool',
  inClusterSubnet: 'bool',
  isWindows: 'bool',
  autoMode: 'bool',
  /** `nitro` or `xen`; absent when unknown. */
  hypervisor: 'string',
  bareMetal: 'bool',
  /** SGs of the primary (device index 0) ENI. */
  securityGroupIds: 'list<string>',
  /** How many of those carry `kubernetes.io/cluster/<cluster>` (`owned`/`shared`). */
  clusterTaggedSecurityGroupCount: 'double',
  /** `secondary-ip`, `prefix`, `custom-networking`, `custom-networking+prefix`. */
  cniMode: 'string',
  /** ENIs attached (trunk included, branch excluded). */
  enisAttached: 'double',
  /** ENIs the CNI may use (default network card); absent when unknown. */
  eniLimit: 'double',
  ipv4PerEni: 'double',
  /** Secondary IPv4 addresses on CNI-managed ENIs. */
  secondaryIps: 'double',
  /** IPv4 /28 prefixes on CNI-managed ENIs. */
  ipv4Prefixes: 'double',
  /** Max Pods for the node's mode, capped 110/250; absent when limits are unknown. */
  maxPods: 'double',
  /** ENIs tagged `node.k8s.amazonaws.com/no_manage` (Multus/excluded). */
  excludedEnis: 'double',
  trunkingCompatible: 'bool',
  hasTrunk: 'bool',
  branchEnis: 'double',
  branchLimit: 'double',
  /** Branch ENIs as a percentage of `branchLimit`. */
  branchUsePercent: 'double',
  /** Cluster-level SG-for-Pods state, copied for node rules. */
  sgpInUse: 'bool',
  sgpConfigured: 'bool',
  primaryEniDeleteOnTermination: 'bool',
  /** Extra ENIs (device index > 0, card 0) tagged `no_manage=true`. */
  noManageEnis: 'double',
  /** Pod capacity once unmanaged, trunk and custom-networking primary ENIs are taken out (services §9.3); absent when limits are unknown. */
  podCapacityWithUnmanaged: 'double',
  /** Extra ENIs without `no_manage=true`, as `eni-1 (no tag)` or `eni-1 (no_manage=True)`. */
  extraEnisWithoutNoManage: 'list<string>',
  /** One of those carries the tag with a value other than `true`. */
  extraEniTagValueWrong: 'bool',
  /** One of those sits in a subnet with no other CNI ENI. */
  extraEniInOwnSubnet: 'bool',
  /** `no_manage` ENIs whose groups admit `0.0.0.0/0` or `::/0`, as `eni-1 sg-1 tcp/80 from 0.0.0.0/0`. */
  multusOpenIngress: 'list<string>',
  /** Such an open ENI has a public IP or sits in a public subnet. */
  multusPubliclyAddressable: 'bool',
} as const satisfies Schema;
type NodeFacts = FactsFromSchema<
  typeof nodeSchema,
  | BaseOptional
  | 'nodegroupName'
  | 'privateIpAddress'
  | 'publicIpAddress'
  | 'hypervisor'
  | 'bareMetal'
  | 'eniLimit'
  | 'ipv4PerEni'
  | 'maxPods'
  | 'trunkingCompatible'
  | 'branchLimit'
  | 'branchUsePercent'
  | 'sgpConfigured'
  | 'primaryEniDeleteOnTermination'
  | 'podCapacityWithUnmanaged'
>;

// ------------------------------------------------------------------- subnet

const subnetSchema = {
  ...baseSchema,
  /** Clusters whose cluster, node, pod or Fargate subnets include this one, or that live in its VPC. */
  clusterNames: 'list<string>',
  /** Clusters in the subnet's VPC. */
  vpcClusterNames: 'list<string>',
  cidrBlock: 'string',
  availabilityZone: 'string',
  availabilityZoneId: 'string',
  availableIpAddressCount: 'double',
  /** Addresses in the CIDR minus the 5 AWS reserves. */
  usableIpCount: 'double',
  /** `availableIpAddressCount / usableIpCount × 100`. */
  freePercent: 'double',
  isClusterSubnet: 'bool',
  isNodeSubnet: 'bool',
  /** IP families (`ipv4`, `ipv6`) of the clusters using the subnet as a node subnet; `[]` for other subnets. */
  clusterIpFamilies: 'list<string>',
  /** Holds CNI secondary ENIs (custom networking / subnet discovery). */
  isPodSubnet: 'bool',
  isFargateSubnet: 'bool',
  /** Default route (`0.0.0.0/0` or `::/0`) to an internet gateway. */
  isPublic: 'bool',
  routeTableId: 'string',
  /** `igw`, `nat`, `tgw`, `eni`, `instance`, `pcx`, `vgw`, `cloudwan`, `none`. */
  defaultEgress: 'string',
  /** `active`, `blackhole`, `filtered`, or `''` without a default route. */
  defaultRouteState: 'string',
  natGatewayId: 'string',
  natGatewayState: 'string',
  /** AZ of the NAT gateway the default route points at. */
  natGatewayAz: 'string',
  /** Target of the `::/0` route (`igw`, `eigw`, …) or `none`. */
  ipv6DefaultEgress: 'string',
  /** State of the `::/0` route: `active`, `blackhole`, `filtered`, or `''` without one. */
  ipv6DefaultRouteState: 'string',
  /** Aligned /28 blocks with no address in use (NET-CNI-003); absent without an IPv4 CIDR or when ENIs are unknown. */
  free28Blocks: 'double',
  /**
   * Some cluster uses the subnet (cluster, node or Fargate subnet, or the
   * cluster of a Kubernetes ENI in it) and every such cluster is an Auto
   * Mode cluster, so CNI rules (*not Auto Mode*) do not apply.
   */
  autoModeOnly: 'bool',
  /** Hosts CNI ENIs of prefix-mode nodes. */
  hostsPrefixModeEnis: 'bool',
  /** Hosts ENIs that are not Kubernetes-managed (not node/CNI/trunk/branch/control-plane). */
  hostsNonKubernetesEnis: 'bool',
  /** A `prefix` CIDR reservation exists; absent when reservations were not collected. */
  hasPrefixReservation: 'bool',
  /** Addresses held by leaked CNI/VPC Resource Controller ENIs. */
  leakedEniIps: 'double',
  /** `OwnerId` differs from the scanned account (shared VPC: other ENIs may be invisible). */
  ownedByOtherAccount: 'bool',
  mapPublicIpOnLaunch: 'bool',
  assignIpv6AddressOnCreation: 'bool',
  ipv6CidrBlocks: 'list<string>',
  enableDns64: 'bool',
  isOutpost: 'bool',
  /** `elb`, `internal-elb`, or `''` (from `kubernetes.io/role/*` tags with value `1` or empty). */
  elbRoleTag: 'string',
  /** Cluster names from `kubernetes.io/cluster/<name>` tags. */
  clusterTagNames: 'list<string>',
  /** Short names of `available` VPC endpoints in the subnet's VPC. */
  availableEndpointServices: 'list<string>',
  /** The route table carries the VPC's S3 gateway endpoint. */
  s3GatewayOnRouteTable: 'bool',
  /** A cluster using this subnet as a node subnet has no public endpoint or no egress (private cluster). */
  inPrivateCluster: 'bool',
  tags: 'map<string, string>',
} as const satisfies Schema;
type SubnetFacts = FactsFromSchema<
  typeof subnetSchema,
  | BaseOptional
  | 'cidrBlock'
  | 'availabilityZoneId'
  | 'routeTableId'
  | 'natGatewayId'
  | 'natGatewayState'
  | 'natGatewayAz'
  | 'free28Blocks'
  | 'hasPrefixReservation'
>;

// ------------------------------------------------------------ securityGroup

const securityGroupSchema = {
  ...baseSchema,
  clusterNames: 'list<string>',
  /** Clusters whose `clusterSecurityGroupId` this is. */
  clusterSecurityGroupOf: 'list<string>',
  /** Clusters whose control-plane ENIs carry this SG. */
  controlPlaneOf: 'list<string>',
  /** Clusters whose nodes' primary ENIs carry this SG. */
  nodesOf: 'list<string>',
  /** Ingress rules open to `0.0.0.0/0` or `::/0`, as `tcp/22 from 0.0.0.0/0`. */
  internetIngressRules: 'list<string>',
  /** An internet-open ingress rule covers TCP 10250, 22, 3389 or all protocols. */
  internetIngressCritical: 'bool',
  /** Ingress all-protocols from the group itself exists. */
  selfIngressAll: 'bool',
  /** Of TCP 443, TCP 10250, TCP 53, UDP 53 toward the group itself: the ones egress does not allow. */
  clusterSgEgressMissing: 'list<string>',
  /** Node groups only: inbound TCP/UDP CIDR rules into the NodePort range (30000–32767) from outside the VPC, or over the whole range, as `tcp/30000-32767 from 0.0.0.0/0`. */
  nodePortExternalRules: 'list<string>',
  /** One of those is from `0.0.0.0/0` or `::/0` and a node carrying the group has a public IPv4 address. */
  nodePortOpenToInternetOnPublicNode: 'bool',
  tags: 'map<string, string>',
} as const satisfies Schema;
type SecurityGroupFacts = FactsFromSchema<
  typeof securityGroupSchema,
  BaseOptional
>;

// --------------------------------------------------------- networkInterface

const networkInterfaceSchema = {
  ...baseSchema,
  /** `node-primary`, `cni-secondary`, `trunk`, `branch`, `control-plane`, `load-balancer`, `nat`, `vpc-endpoint`, `excluded`, `other`. */
  eniKind: 'string',
  status: 'string',
  interfaceType: 'string',
  description: 'string',
  subnetId: 'string',
  availabilityZone: 'string',
  instanceId: 'string',
  /** Private IPv4 addresses plus 16 per IPv4 prefix. */
  ipCount: 'double',
  /** `available` and carries the CNI or VPC Resource Controller fingerprint. */
  leakCandidate: 'bool',
  /** Seconds since `node.k8s.amazonaws.com/createdAt`; absent without the tag. */
  ageSeconds: 'double',
  /** `ipCount` as a percentage of the subnet's usable addresses. */
  subnetSharePercent: 'double',
  /**
   * Addresses held by every leak-candidate ENI of the same subnet (this one
   * included when it is one), as a percentage of the subnet's usable
   * addresses. Sums all candidates whatever their age (the age threshold is
   * a policy parameter), so it equals the subnet's `leakedEniIps` share.
   */
  subnetLeakedSharePercent: 'double',
  inPublicSubnet: 'bool',
  groupIds: 'list<string>',
  tags: 'map<string, string>',
} as const satisfies Schema;
type NetworkInterfaceFacts = FactsFromSchema<
  typeof networkInterfaceSchema,
  BaseOptional | 'instanceId' | 'ageSeconds'
>;

// ---------------------------------------------------------------------- vpc

const vpcSchema = {
  ...baseSchema,
  clusterNames: 'list<string>',
  /** From `DescribeVpcAttribute`; absent when that call failed. */
  enableDnsSupport: 'bool',
  enableDnsHostnames: 'bool',
  ipv4Cidrs: 'list<string>',
  ipv6Cidrs: 'list<string>',
  /** A flow log with `FlowLogStatus = ACTIVE` covers the VPC. */
  flowLogActive: 'bool',
  /** A flow log on the VPC reports `DeliverLogsStatus = FAILED`. */
  flowLogDeliveryFailed: 'bool',
  tags: 'map<string, string>',
} as const satisfies Schema;
type VpcFacts = FactsFromSchema<
  typeof vpcSchema,
  BaseOptional | 'enableDnsSupport' | 'enableDnsHostnames'
>;

// -------------------------------------------------------------- vpcEndpoint

const vpcEndpointSchema = {
  ...baseSchema,
  clusterNames: 'list<string>',
  serviceName: 'string',
  /** Service name without `com.amazonaws.<region>.`, e.g. `ecr.dkr`. */
  serviceShortName: 'string',
  vpcEndpointType: 'string',
  /** Lower case. */
  state: 'string',
  privateDnsEnabled: 'bool',
  subnetIds: 'list<string>',
  /** AZs with nodes of the VPC's clusters and no endpoint subnet. */
  nodeAzsWithoutEndpointSubnet: 'list<string>',
  /** The endpoint's SGs admit TCP 443 from every node subnet CIDR or node SG. */
  allowsHttpsFromNodes: 'bool',
  /**
   * No node subnet or node SG is provably refused TCP 443, but some could
   * only be admitted by a managed-prefix-list rule (entries not collected),
   * so `allowsHttpsFromNodes` is false without proof.
   */
  allowsHttpsFromNodesUnknown: 'bool',
} as const satisfies Schema;
type VpcEndpointFacts = FactsFromSchema<typeof vpcEndpointSchema, BaseOptional>;

// ------------------------------------------------------------- loadBalancer

/**
 * One ALB, NLB or Classic load balancer of a cluster VPC (services reference
 * §8). `id` and `arn` are the ARN (built for Classic load balancers);
 * `clusterName` is set only when the attribution of §8.5.6 names a cluster
 * of this account and region in the load balancer's VPC.
 */
const loadBalancerSchema = {
  ...baseSchema,
  /** `application`, `network` or `classic`. */
  lbType: 'string',
  scheme: 'string',
  internetFacing: 'bool',
  /** `ipv4`, `dualstack`, `dualstack-without-public-ipv4`. */
  ipAddressType: 'string',
  dnsName: 'string',
  /** `lbc`, `automode`, `alb-ingress-v1`, `intree` or `unknown`. */
  controller: 'string',
  /** `Service`, `Ingress`, `IngressGroup`, `Gateway` or `''`. */
  ownerKind: 'string',
  /** `namespace/name`, or the IngressGroup name; `''` when unknown. */
  owner: 'string',
  /** The cluster the tags name, `''` when none. */
  taggedClusterName: 'string',
  /** Why a tagged cluster was not accepted; `''` otherwise. */
  attributionProblem: 'string',
  /** Attributed, or named / placed like a Kubernetes-made load balancer. */
  probablyKubernetes: 'bool',
  /** The attributed cluster's `ipFamily`; `''` when unattributed. */
  clusterIpFamily: 'string',
  /** The cluster has both legacy-controller and LBC load balancers. */
  mixedControllers: 'bool',
  securityGroupIds: 'list<string>',
  subnetIds: 'list<string>',
  /** `HTTPS:443`; Classic `TCP:80->TCP:30080`. */
  listeners: 'list<string>',
  /** §8.8 `listenerPorts` as `tcp/443`. */
  listenerPorts: 'list<string>',
  /** Peers the load balancer's groups admit, as `tcp/443 from 0.0.0.0/0`. */
  frontendAccess: 'list<string>',
  tagsKnown: 'bool',
  attributesKnown: 'bool',
  /** Every NLB target group's attributes were read. */
  targetGroupAttributesKnown: 'bool',
  /** `ipv6.deny_all_igw_traffic` (documented default by scheme); absent without attributes. */
  ipv6DenyAllIgwTraffic: 'bool',
  /** Load-balancer subnets with a `::/0` route to an internet gateway. */
  ipv6IgwSubnetIds: 'list<string>',
  /** Namespaces of the owner and of the target groups' resource tags. */
  ownerNamespaces: 'list<string>',
  targetGroupIds: 'list<string>',
  /** Names of target groups with `TargetType = instance`. */
  instanceTargetGroups: 'list<string>',
  /** NLB TCP/TLS target groups with neither client IP preservation nor proxy protocol v2. */
  tgsWithoutClientAddress: 'list<string>',
  /** NLB target groups without client IP preservation. */
  tgsClientIpNotPreserved: 'list<string>',
  /** Target groups with proxy protocol v2 and an `externalTrafficPolicy: Local` health check. */
  tgsProxyProtocolEtpLocal: 'list<string>',
  /** NLB IPv4 target groups that preserve the client IP. */
  ipv4TgsPreservingClientIp: 'list<string>',
  /** ALB `routing.http.xff_header_processing.mode`; absent for others or without attributes. */
  xffMode: 'string',
  /** Inbound ports of the load balancer's groups that no listener uses, as `sg-1 tcp/8080`. */
  sgExtraPorts: 'list<string>',
  /** One of those rules is open to `0.0.0.0/0` or `::/0`. */
  sgExtraPortsFromAnywhere: 'bool',
  /** Non-load-balancer ENIs carrying its groups (or the LBC backend group), as `sg-1 on eni-1`. */
  sgSharedWith: 'list<string>',
  /** A node group of the cluster admits all traffic from the load balancer's group (legacy Classic rule). */
  nodeAllTrafficFromLbSg: 'bool',
  /** ALB HTTP listeners whose default action is not a redirect to HTTPS. */
  httpListenersWithoutRedirect: 'list<string>',
  /** TLS policies of HTTPS/TLS listeners (the API default when unset). */
  tlsPolicies: 'list<string>',
  /** ALB only; absent without attributes. */
  dropInvalidHeaderFields: 'bool',
  accessLogsEnabled: 'bool',
  /** v2 only; absent without attributes. */
  deletionProtection: 'bool',
  /** NET-LB-012: `fargate-only`, `namespace-on-fargate`, `unclear` or `''`. */
  fargateTargets: 'string',
  tags: 'map<string, string>',
} as const satisfies Schema;
type LoadBalancerFacts = FactsFromSchema<
  typeof loadBalancerSchema,
  | BaseOptional
  | 'ipv6DenyAllIgwTraffic'
  | 'xffMode'
  | 'dropInvalidHeaderFields'
  | 'accessLogsEnabled'
  | 'deletionProtection'
>;

// ---------------------------------------------------------------- registry

/** Facts type of each kind. */
interface FactsByKind {
  cluster: ClusterFacts;
  nodegroup: NodegroupFacts;
  fargateProfile: FargateProfileFacts;
  node: NodeFacts;
  subnet: SubnetFacts;
  securityGroup: SecurityGroupFacts;
  networkInterface: NetworkInterfaceFacts;
  vpc: VpcFacts;
  vpcEndpoint: VpcEndpointFacts;
  loadBalancer: LoadBalancerFacts;
}

/** Fields every resource's facts carry. */
type FactsBase = FactsFromSchema<typeof baseSchema, BaseOptional> & {
  readonly kind: ResourceKind;
};

/** What `derive()` returns. */
interface Facts {
  readonly scanId: string;
  readonly target: Target;
  readonly collectedAt: string;
  readonly resources: { readonly [K in ResourceKind]: FactsByKind[K][] };
  readonly gaps: Gap[];
}

/** How the engine treats one kind. */
interface KindSpec {
  /** cel-js schema for the `resource` variable of this kind. */
  readonly celSchema: Schema;
  /** Snapshot collections the kind's resources are built from. */
  readonly sourceCollections: readonly CollectionName[];
}

/** Every resource kind with its CEL schema and source collections. */
const KIND_SPECS: Readonly<Record<ResourceKind, KindSpec>> = {
  cluster: { celSchema: clusterSchema, sourceCollections: ['clusters'] },
  nodegroup: {
    celSchema: nodegroupSchema,
    sourceCollections: ['clusters', 'nodegroups'],
  },
  fargateProfile: {
    celSchema: fargateProfileSchema,
    sourceCollections: ['clusters', 'fargateProfiles'],
  },
  node: { celSchema: nodeSchema, sourceCollections: ['instances'] },
  subnet: { celSchema: subnetSchema, sourceCollections: ['subnets'] },
  securityGroup: {
    celSchema: securityGroupSchema,
    sourceCollections: ['securityGroups'],
  },
  networkInterface: {
    celSchema: networkInterfaceSchema,
    sourceCollections: ['networkInterfaces'],
  },
  vpc: { celSchema: vpcSchema, sourceCollections: ['vpcs'] },
  vpcEndpoint: {
    celSchema: vpcEndpointSchema,
    sourceCollections: ['vpcEndpoints'],
  },
  loadBalancer: {
    celSchema: loadBalancerSchema,
    sourceCollections: ['loadBalancers'],
  },
};

/** All resource kinds, in a stable order. */
const RESOURCE_KINDS = Object.keys(KIND_SPECS) as ResourceKind[];

export type {
  CelFieldType,
  ClusterFacts,
  Facts,
  FactsBase,
  FactsByKind,
  FargateProfileFacts,
  KindSpec,
  LoadBalancerFacts,
  NetworkInterfaceFacts,
  NodeFacts,
  NodegroupFacts,
  ResourceKind,
  SecurityGroupFacts,
  SubnetFacts,
  VpcEndpointFacts,
  VpcFacts,
};
export { KIND_SPECS, RESOURCE_KINDS };
