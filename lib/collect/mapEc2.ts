/**
 * Mappers from `@aws-sdk/client-ec2` shapes (PascalCase) to Snapshot types
 * (camelCase): explicit field picking (the "Keep" lists of reference §1.2),
 * tags flattened, endpoint state and instance platform lower-cased.
 *
 * @module
 */
import type {
  DhcpOptions as SdkDhcpOptions,
  FlowLog as SdkFlowLog,
  Instance as SdkInstance,
  InstanceTypeInfo as SdkInstanceTypeInfo,
  IpPermission as SdkIpPermission,
  NatGateway as SdkNatGateway,
  NetworkInterface as SdkNetworkInterface,
  RouteTable as SdkRouteTable,
  SecurityGroup as SdkSecurityGroup,
  Subnet as SdkSubnet,
  SubnetCidrReservation as SdkSubnetCidrReservation,
  Vpc as SdkVpc,
} from '@aws-sdk/client-ec2';
import type {
  DhcpOptions,
  FlowLog,
  Instance,
  IpPermission,
  NatGateway,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Subnet,
  SubnetCidrReservation,
  Tags,
  Vpc,
  VpcEndpoint,
} from '../snapshot/types.js';
import { compact } from './mapEks.js';
import type { ApiInstanceType } from './types.js';

type SdkTag = { Key?: string; Value?: string };

// `DescribeVpcEndpoints` items, typed structurally so both the SDK's
// `VpcEndpoint` and canned fixtures map the same way.
type SdkVpcEndpoint = {
  VpcEndpointId?: string;
  VpcId?: string;
  ServiceName?: string;
  VpcEndpointType?: string;
  State?: string;
  SubnetIds?: string[];
  RouteTableIds?: string[];
  Groups?: { GroupId?: string }[];
  PrivateDnsEnabled?: boolean;
  IpAddressType?: string;
  Tags?: SdkTag[];
};

/** `[{ Key, Value }]` → `{ key: value }`; keys without a name are dropped. */
const flattenTags = (tags: SdkTag[] | undefined): Tags => {
  const out: Tags = {};
  for (const tag of tags ?? []) {
    if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? '';
  }
  return out;
};

const defined = <T>(values: (T | undefined)[] | undefined): T[] =>
  (values ?? []).filter((v): v is T => v !== undefined);

/** `DescribeVpcs` item → {@link Vpc} (DNS attributes are added later). */
const mapVpc = (vpc: SdkVpc): Vpc =>
  compact({
    vpcId: vpc.VpcId ?? '',
    ownerId: vpc.OwnerId,
    cidrBlock: vpc.CidrBlock,
    cidrBlockAssociationSet: (vpc.CidrBlockAssociationSet ?? [])
      .filter((a) => a.CidrBlock)
      .map((a) =>
        compact({
          cidrBlock: a.CidrBlock ?? '',
          state: a.CidrBlockState?.State,
        }),
      ),
    ipv6CidrBlockAssociationSet: (vpc.Ipv6CidrBlockAssociationSet ?? [])
      .filter((a) => a.Ipv6CidrBlock)
      .map((a) =>
        compact({
          ipv6CidrBlock: a.Ipv6CidrBlock ?? '',
          state: a.Ipv6CidrBlockState?.State,
        }),
      ),
    dhcpOptionsId: vpc.DhcpOptionsId,
    isDefault: vpc.IsDefault,
    tags: flattenTags(vpc.Tags),
  });

/** `DescribeDhcpOptions` item → {@link DhcpOptions}. */
const mapDhcpOptions = (options: SdkDhcpOptions): DhcpOptions => {
  const configurations: Record<string, string[]> = {};
  for (const entry of options.DhcpConfigurations ?? []) {
    if (!entry.Key) continue;
    configurations[entry.Key] = defined(entry.Values?.map((v) => v.Value));
  }
  return { dhcpOptionsId: options.DhcpOptionsId ?? '', configurations };
};

/** `DescribeSubnets` item → {@link Subnet}. */
const mapSubnet = (subnet: SdkSubnet): Subnet =>
  compact({
    subnetId: subnet.SubnetId ?? '',
    vpcId: subnet.VpcId ?? '',
    ownerId: subnet.OwnerId,
    cidrBlock: subnet.CidrBlock,
    availableIpAddressCount: subnet.AvailableIpAddressCount ?? 0,
    availabilityZone: subnet.AvailabilityZone ?? '',
    availabilityZoneId: subnet.AvailabilityZoneId,
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    assignIpv6AddressOnCreation: subnet.AssignIpv6AddressOnCreation ?? false,
    ipv6CidrBlocks: defined(
      subnet.Ipv6CidrBlockAssociationSet?.map((a) => a.Ipv6CidrBlock),
    ),
    ipv6Native: subnet.Ipv6Native ?? false,
    enableDns64: subnet.EnableDns64 ?? false,
    outpostArn: subnet.OutpostArn,
    tags: flattenTags(subnet.Tags),
  });

/** `DescribeRouteTables` item → {@link RouteTable}. */
const mapRouteTable = (table: SdkRouteTable): RouteTable =>
  compact({
    routeTableId: table.RouteTableId ?? '',
    vpcId: table.VpcId ?? '',
    associations: (table.Associations ?? []).map((a) =>
      compact({
        subnetId: a.SubnetId,
        gatewayId: a.GatewayId,
        main: a.Main ?? false,
        state: a.AssociationState?.State,
      }),
    ),
    routes: (table.Routes ?? []).map((r) =>
      compact({
        destinationCidrBlock: r.DestinationCidrBlock,
        destinationIpv6CidrBlock: r.DestinationIpv6CidrBlock,
        destinationPrefixListId: r.DestinationPrefixListId,
        gatewayId: r.GatewayId,
        natGatewayId: r.NatGatewayId,
        transitGatewayId: r.TransitGatewayId,
        egressOnlyInternetGatewayId: r.EgressOnlyInternetGatewayId,
        networkInterfaceId: r.NetworkInterfaceId,
        instanceId: r.InstanceId,
        vpcPeeringConnectionId: r.VpcPeeringConnectionId,
        coreNetworkArn: r.CoreNetworkArn,
        state: r.State,
        origin: r.Origin,
      }),
    ),
    tags: flattenTags(table.Tags),
  });

/** `DescribeNatGateways` item → {@link NatGateway}. */
const mapNatGateway = (nat: SdkNatGateway): NatGateway =>
  compact({
    natGatewayId: nat.NatGatewayId ?? '',
    vpcId: nat.VpcId ?? '',
    subnetId: nat.SubnetId ?? '',
    state: nat.State,
    connectivityType: nat.ConnectivityType,
    addresses: (nat.NatGatewayAddresses ?? []).map((a) =>
      compact({ publicIp: a.PublicIp, privateIp: a.PrivateIp }),
    ),
    tags: flattenTags(nat.Tags),
  });

/** `DescribeVpcEndpoints` item → {@link VpcEndpoint}. */
const mapVpcEndpoint = (endpoint: SdkVpcEndpoint): VpcEndpoint =>
  compact({
    vpcEndpointId: endpoint.VpcEndpointId ?? '',
    vpcId: endpoint.VpcId ?? '',
    serviceName: endpoint.ServiceName ?? '',
    vpcEndpointType: endpoint.VpcEndpointType ?? '',
    // The model spells the enum capitalised, real responses use lower case.
    state: (endpoint.State ?? '').toLowerCase(),
    subnetIds: endpoint.SubnetIds ?? [],
    routeTableIds: endpoint.RouteTableIds ?? [],
    groupIds: defined(endpoint.Groups?.map((g) => g.GroupId)),
    privateDnsEnabled: endpoint.PrivateDnsEnabled ?? false,
    ipAddressType: endpoint.IpAddressType,
    tags: flattenTags(endpoint.Tags),
  });

const mapIpPermission = (permission: SdkIpPermission): IpPermission =>
  compact({
    ipProtocol: permission.IpProtocol ?? '-1',
    fromPort: permission.FromPort,
    toPort: permission.ToPort,
    ipRanges: defined(permission.IpRanges?.map((r) => r.CidrIp)),
    ipv6Ranges: defined(permission.Ipv6Ranges?.map((r) => r.CidrIpv6)),
    prefixListIds: defined(
      permission.PrefixListIds?.map((p) => p.PrefixListId),
    ),
    userIdGroupPairs: (permission.UserIdGroupPairs ?? []).map((pair) =>
      compact({
        groupId: pair.GroupId,
        userId: pair.UserId,
        vpcPeeringConnectionId: pair.VpcPeeringConnectionId,
      }),
    ),
  });

/** `DescribeSecurityGroups` item → {@link SecurityGroup}. */
const mapSecurityGroup = (group: SdkSecurityGroup): SecurityGroup =>
  compact({
    groupId: group.GroupId ?? '',
    groupName: group.GroupName ?? '',
    vpcId: group.VpcId ?? '',
    ownerId: group.OwnerId,
    description: group.Description,
    ipPermissions: (group.IpPermissions ?? []).map(mapIpPermission),
    ipPermissionsEgress: (group.IpPermissionsEgress ?? []).map(mapIpPermission),
    tags: flattenTags(group.Tags),
  });

/** `DescribeNetworkInterfaces` item → {@link NetworkInterface}. */
const mapNetworkInterface = (eni: SdkNetworkInterface): NetworkInterface => {
  const attachment = eni.Attachment;
  return compact({
    networkInterfaceId: eni.NetworkInterfaceId ?? '',
    status: eni.Status ?? '',
    // EC2 always sends the type; `interface` is its value for a plain ENI.
    interfaceType: eni.InterfaceType ?? 'interface',
    description: eni.Description ?? '',
    subnetId: eni.SubnetId ?? '',
    vpcId: eni.VpcId ?? '',
    availabilityZone: eni.AvailabilityZone ?? '',
    ownerId: eni.OwnerId,
    requesterId: eni.RequesterId,
    requesterManaged: eni.RequesterManaged ?? false,
    groupIds: defined(eni.Groups?.map((g) => g.GroupId)),
    privateIpAddress: eni.PrivateIpAddress,
    privateIpAddresses: (eni.PrivateIpAddresses ?? [])
      .filter((a) => a.PrivateIpAddress)
      .map((a) => ({
        privateIpAddress: a.PrivateIpAddress ?? '',
        primary: a.Primary ?? false,
      })),
    ipv4Prefixes: defined(eni.Ipv4Prefixes?.map((p) => p.Ipv4Prefix)),
    ipv6Prefixes: defined(eni.Ipv6Prefixes?.map((p) => p.Ipv6Prefix)),
    ipv6Addresses: defined(eni.Ipv6Addresses?.map((a) => a.Ipv6Address)),
    association: eni.Association?.PublicIp
      ? { publicIp: eni.Association.PublicIp }
      : undefined,
    attachment: attachment
      ? compact({
          instanceId: attachment.InstanceId,
          instanceOwnerId: attachment.InstanceOwnerId,
          deviceIndex: attachment.DeviceIndex,
          networkCardIndex: attachment.NetworkCardIndex,
          deleteOnTermination: attachment.DeleteOnTermination,
          status: attachment.Status,
        })
      : undefined,
    tags: flattenTags(eni.TagSet),
  });
};

/** `DescribeInstances` instance → {@link Instance}. */
const mapInstance = (instance: SdkInstance): Instance =>
  compact({
    instanceId: instance.InstanceId ?? '',
    instanceType: instance.InstanceType ?? '',
    state: instance.State?.Name ?? '',
    subnetId: instance.SubnetId,
    vpcId: instance.VpcId,
    availabilityZone: instance.Placement?.AvailabilityZone,
    privateIpAddress: instance.PrivateIpAddress,
    publicIpAddress: instance.PublicIpAddress,
    // Documented as `windows`, modelled as `Windows`: normalise.
    platform: instance.Platform ? instance.Platform.toLowerCase() : undefined,
    platformDetails: instance.PlatformDetails,
    hypervisor: instance.Hypervisor,
    securityGroupIds: defined(instance.SecurityGroups?.map((g) => g.GroupId)),
    networkInterfaces: (instance.NetworkInterfaces ?? []).map((eni) =>
      compact({
        networkInterfaceId: eni.NetworkInterfaceId ?? '',
        deviceIndex: eni.Attachment?.DeviceIndex,
        networkCardIndex: eni.Attachment?.NetworkCardIndex,
        deleteOnTermination: eni.Attachment?.DeleteOnTermination,
      }),
    ),
    tags: flattenTags(instance.Tags),
  });

/** `DescribeFlowLogs` item → {@link FlowLog}. */
const mapFlowLog = (log: SdkFlowLog): FlowLog =>
  compact({
    flowLogId: log.FlowLogId ?? '',
    resourceId: log.ResourceId ?? '',
    trafficType: log.TrafficType,
    flowLogStatus: log.FlowLogStatus,
    deliverLogsStatus: log.DeliverLogsStatus,
    logDestinationType: log.LogDestinationType,
  });

/** `GetSubnetCidrReservations` item → {@link SubnetCidrReservation}. */
const mapSubnetCidrReservation = (
  reservation: SdkSubnetCidrReservation,
): SubnetCidrReservation => ({
  subnetId: reservation.SubnetId ?? '',
  cidr: reservation.Cidr ?? '',
  reservationType: reservation.ReservationType ?? '',
});

/**
 * `DescribeInstanceTypes` item → {@link ApiInstanceType}. For types with
 * several network cards the ENI limit is the default card's, as the VPC CNI
 * computes it; single-card types use `MaximumNetworkInterfaces`.
 */
const mapApiInstanceType = (info: SdkInstanceTypeInfo): ApiInstanceType => {
  const net = info.NetworkInfo;
  const cards = net?.NetworkCards ?? [];
  const defaultIndex = net?.DefaultNetworkCardIndex ?? 0;
  const defaultCard = cards.find((c) => c.NetworkCardIndex === defaultIndex);
  const multiCard = (net?.MaximumNetworkCards ?? cards.length) > 1;
  return compact({
    instanceType: info.InstanceType ?? '',
    hypervisor: info.Hypervisor,
    bareMetal: info.BareMetal,
    defaultVCpus: info.VCpuInfo?.DefaultVCpus,
    maximumNetworkInterfaces:
      multiCard && defaultCard?.MaximumNetworkInterfaces !== undefined
        ? defaultCard.MaximumNetworkInterfaces
        : net?.MaximumNetworkInterfaces,
    maximumNetworkCards: net?.MaximumNetworkCards,
    ipv4AddressesPerInterface: net?.Ipv4AddressesPerInterface,
    ipv6AddressesPerInterface: net?.Ipv6AddressesPerInterface,
    ipv6Supported: net?.Ipv6Supported,
  });
};

export {
  flattenTags,
  mapApiInstanceType,
  mapDhcpOptions,
  mapFlowLog,
  mapInstance,
  mapNatGateway,
  mapNetworkInterface,
  mapRouteTable,
  mapSecurityGroup,
  mapSubnet,
  mapSubnetCidrReservation,
  mapVpc,
  mapVpcEndpoint,
};
