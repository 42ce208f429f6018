/**
 * Builds the raw snapshot data of one demo cluster and its VPC: the shape a
 * real `collectSnapshot` returns for a well-run cluster (public and private
 * endpoint, two AZs, NAT per AZ, S3 gateway endpoint, flow logs, VPC CNI
 * add-on). Scenario tweaks then change it in place to show one behaviour each.
 *
 * Every id is namespaced by the cluster's key, so several clusters can share
 * one account and region without colliding.
 *
 * @module
 */
import type {
  Cluster,
  ClusterVersion,
  DhcpOptions,
  FlowLog,
  Instance,
  InstanceTypeInfo,
  IpPermission,
  Listener,
  LoadBalancer,
  NatGateway,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Subnet,
  SubnetCidrReservation,
  TargetGroup,
  Vpc,
  VpcEndpoint,
} from '../snapshot/types.js';

/** A deeply writable copy of a snapshot type, for building and tweaking. */
type Draft<T> = T extends readonly (infer U)[]
  ? Draft<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Draft<T[K]> }
    : T;

/** The resource collections of a snapshot, all present, writable. */
interface Parts {
  clusters: Draft<Cluster>[];
  clusterVersions: Draft<ClusterVersion>[];
  vpcs: Draft<Vpc>[];
  dhcpOptions: Draft<DhcpOptions>[];
  subnets: Draft<Subnet>[];
  routeTables: Draft<RouteTable>[];
  natGateways: Draft<NatGateway>[];
  vpcEndpoints: Draft<VpcEndpoint>[];
  securityGroups: Draft<SecurityGroup>[];
  networkInterfaces: Draft<NetworkInterface>[];
  instances: Draft<Instance>[];
  instanceTypes: Draft<InstanceTypeInfo>[];
  flowLogs: Draft<FlowLog>[];
  subnetCidrReservations: Draft<SubnetCidrReservation>[];
  loadBalancers: Draft<LoadBalancer>[];
  listeners: Draft<Listener>[];
  targetGroups: Draft<TargetGroup>[];
}

/** Where a cluster lives and how it is named. */
interface ClusterPlace {
  readonly accountId: string;
  readonly region: string;
  /** Cluster name. */
  readonly name: string;
  /** Short id namespace (`subnet-<key>-node-a`). */
  readonly key: string;
  /** Second octet of the VPC's 10.x.0.0/16. */
  readonly net: number;
  /** When the snapshot was taken: ENI ages count from it. */
  readonly collectedAt: Date;
}

/** The context a scenario tweak changes. */
interface TweakContext {
  readonly place: ClusterPlace;
  readonly parts: Parts;
  readonly cluster: Draft<Cluster>;
  /** The namespaced id of a short name: `id('subnet', 'node-a')`. */
  readonly id: (prefix: string, short: string) => string;
  /** `<region><letter>`. */
  readonly az: (letter: string) => string;
  /** `<region id>-az<n>`. */
  readonly azId: (letter: string) => string;
  /** A resource of the cluster by namespaced id; throws when absent. */
  readonly subnet: (short: string) => Draft<Subnet>;
  readonly sg: (short: string) => Draft<SecurityGroup>;
  readonly routeTable: (short: string) => Draft<RouteTable>;
  readonly eni: (short: string) => Draft<NetworkInterface>;
  readonly instance: (short: string) => Draft<Instance>;
  readonly vpc: () => Draft<Vpc>;
  /** A load balancer of the cluster by short name (`alb`, `nlb`). */
  readonly loadBalancer: (short: string) => Draft<LoadBalancer>;
  /** The target group of the cluster by short name (`alb`, `nlb`). */
  readonly targetGroup: (short: string) => Draft<TargetGroup>;
  /** ELB ARN prefix: `arn:aws:elasticloadbalancing:<region>:<account>`. */
  readonly elbArn: string;
  /** ISO time `hours` before the snapshot. */
  readonly ago: (hours: number) => string;
}

/** A scenario change applied to a freshly built cluster. */
type Tweak = (ctx: TweakContext) => void;

const REGION_IDS: Readonly<Record<string, string>> = {
  'us-east-1': 'use1',
  'us-west-2': 'usw2',
  'eu-west-1': 'euw1',
  'eu-central-1': 'euc1',
  'ap-southeast-2': 'apse2',
};

/** Instance types the demo's nodes use, as DescribeInstanceTypes plus the bundled table report them. */
const INSTANCE_TYPES: Readonly<Record<string, Draft<InstanceTypeInfo>>> = {
  'm5.large': {
    instanceType: 'm5.large',
    source: 'api+bundled',
    hypervisor: 'nitro',
    bareMetal: false,
    defaultVCpus: 2,
    maximumNetworkInterfaces: 3,
    maximumNetworkCards: 1,
    ipv4AddressesPerInterface: 10,
    ipv6AddressesPerInterface: 10,
    ipv6Supported: true,
    trunkingCompatible: true,
    branchInterfaces: 9,
    maxPodsDefault: 29,
  },
  'm5.xlarge': {
    instanceType: 'm5.xlarge',
    source: 'api+bundled',
    hypervisor: 'nitro',
    bareMetal: false,
    defaultVCpus: 4,
    maximumNetworkInterfaces: 4,
    maximumNetworkCards: 1,
    ipv4AddressesPerInterface: 15,
    ipv6AddressesPerInterface: 15,
    ipv6Supported: true,
    trunkingCompatible: true,
    branchInterfaces: 18,
    maxPodsDefault: 58,
  },
  'c6i.2xlarge': {
    instanceType: 'c6i.2xlarge',
    source: 'api+bundled',
    hypervisor: 'nitro',
    bareMetal: false,
    defaultVCpus: 8,
    maximumNetworkInterfaces: 4,
    maximumNetworkCards: 1,
    ipv4AddressesPerInterface: 15,
    ipv6AddressesPerInterface: 15,
    ipv6Supported: true,
    trunkingCompatible: true,
    branchInterfaces: 38,
    maxPodsDefault: 58,
  },
  'm4.large': {
    instanceType: 'm4.large',
    source: 'api+bundled',
    hypervisor: 'xen',
    bareMetal: false,
    defaultVCpus: 2,
    maximumNetworkInterfaces: 2,
    maximumNetworkCards: 1,
    ipv4AddressesPerInterface: 10,
    ipv6AddressesPerInterface: 10,
    ipv6Supported: true,
    trunkingCompatible: false,
    maxPodsDefault: 20,
  },
  't3.medium': {
    instanceType: 't3.medium',
    source: 'api+bundled',
    hypervisor: 'nitro',
    bareMetal: false,
    defaultVCpus: 2,
    maximumNetworkInterfaces: 3,
    maximumNetworkCards: 1,
    ipv4AddressesPerInterface: 6,
    ipv6AddressesPerInterface: 6,
    ipv6Supported: true,
    trunkingCompatible: false,
    maxPodsDefault: 17,
  },
};

const rule = (
  protocol: string,
  from: number | undefined,
  to: number | undefined,
  peer: { cidrs?: string[]; v6?: string[]; groups?: string[] },
  accountId: string,
): Draft<IpPermission> => ({
  ipProtocol: protocol,
  ipRanges: peer.cidrs ?? [],
  ipv6Ranges: peer.v6 ?? [],
  prefixListIds: [],
  userIdGroupPairs: (peer.groups ?? []).map((groupId) => ({
    groupId,
    userId: accountId,
  })),
  ...(from === undefined ? {} : { fromPort: from, toPort: to ?? from }),
});

/** An ENI address list: the primary then `count - 1` secondaries. */
const addresses = (
  base: string,
  first: number,
  count: number,
): { privateIpAddress: string; primary: boolean }[] =>
  Array.from({ length: count }, (_, i) => ({
    privateIpAddress: `${base}.${first + i}`,
    primary: i === 0,
  }));

/**
 * Builds one cluster's resources into `parts` and returns the tweak context
 * for it.
 *
 * @param place - account, region, names and time
 * @param parts - the snapshot collections to add to
 * @returns the context scenario tweaks receive
 * @example
 * const ctx = buildCluster(place, parts); ctx.cluster.version = '1.32';
 */
const buildCluster = (place: ClusterPlace, parts: Parts): TweakContext => {
  const { accountId: acct, region, name, key, net } = place;
  const id = (prefix: string, short: string): string =>
    `${prefix}-${key}-${short}`;
  const az = (letter: string): string => `${region}${letter}`;
  const regionId = REGION_IDS[region] ?? region.replaceAll('-', '');
  const azId = (letter: string): string =>
    `${regionId}-az${letter.charCodeAt(0) - 96}`;
  const ago = (hours: number): string =>
    new Date(place.collectedAt.getTime() - hours * 3_600_000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  const vpcId = id('vpc', 'main');
  const ip = (third: number): string => `10.${net}.${third}`;
  const arnBase = `arn:aws:eks:${region}:${acct}`;
  const clusterSg = id('sg', 'cluster');
  const cpSg = id('sg', 'cp');
  const nodeSg = id('sg', 'node');
  const endpointSg = id('sg', 'vpce');

  parts.vpcs.push({
    vpcId,
    ownerId: acct,
    cidrBlock: `10.${net}.0.0/16`,
    cidrBlockAssociationSet: [
      { cidrBlock: `10.${net}.0.0/16`, state: 'associated' },
    ],
    ipv6CidrBlockAssociationSet: [],
    dhcpOptionsId: id('dopt', 'main'),
    isDefault: false,
    enableDnsSupport: true,
    enableDnsHostnames: true,
    tags: { Name: `${name}-vpc` },
  });
  parts.dhcpOptions.push({
    dhcpOptionsId: id('dopt', 'main'),
    configurations: {
      'domain-name': [
        region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`,
      ],
      'domain-name-servers': ['AmazonProvidedDNS'],
    },
  });
  const subnet = (
    short: string,
    cidr: string,
    available: number,
    letter: string,
    isPublic: boolean,
    tags: Record<string, string>,
  ): Draft<Subnet> => ({
    subnetId: id('subnet', short),
    vpcId,
    ownerId: acct,
    cidrBlock: cidr,
    availableIpAddressCount: available,
    availabilityZone: az(letter),
    availabilityZoneId: azId(letter),
    mapPublicIpOnLaunch: isPublic,
    assignIpv6AddressOnCreation: false,
    ipv6CidrBlocks: [],
    ipv6Native: false,
    enableDns64: false,
    tags: { Name: `${name}-${short}`, ...tags },
  });
  const clusterTag = `kubernetes.io/cluster/${name}`;
  parts.subnets.push(
    subnet('cp-a', `${ip(0)}.0/27`, 26, 'a', false, {}),
    subnet('cp-b', `${ip(0)}.32/27`, 26, 'b', false, {}),
    subnet('node-a', `${ip(16)}.0/20`, 3980, 'a', false, {
      'kubernetes.io/role/internal-elb': '1',
      [clusterTag]: 'shared',
    }),
    subnet('node-b', `${ip(32)}.0/20`, 3990, 'b', false, {
      'kubernetes.io/role/internal-elb': '1',
      [clusterTag]: 'shared',
    }),
    subnet('pub-a', `${ip(64)}.0/24`, 240, 'a', true, {
      'kubernetes.io/role/elb': '1',
      [clusterTag]: 'shared',
    }),
    subnet('pub-b', `${ip(65)}.0/24`, 244, 'b', true, {
      'kubernetes.io/role/elb': '1',
      [clusterTag]: 'shared',
    }),
  );
  const local = {
    destinationCidrBlock: `10.${net}.0.0/16`,
    gatewayId: 'local',
    state: 'active',
    origin: 'CreateRouteTable',
  };
  const s3Route = {
    destinationPrefixListId: 'pl-63a5400a',
    gatewayId: id('vpce', 's3'),
    state: 'active',
    origin: 'CreateRoute',
  };
  parts.routeTables.push(
    {
      routeTableId: id('rtb', 'public'),
      vpcId,
      associations: [
        { main: true, state: 'associated' },
        { subnetId: id('subnet', 'pub-a'), main: false, state: 'associated' },
        { subnetId: id('subnet', 'pub-b'), main: false, state: 'associated' },
      ],
      routes: [
        local,
        {
          destinationCidrBlock: '0.0.0.0/0',
          gatewayId: id('igw', 'main'),
          state: 'active',
          origin: 'CreateRoute',
        },
      ],
      tags: { Name: `${name}-public` },
    },
    ...(['a', 'b'] as const).map((letter) => ({
      routeTableId: id('rtb', `private-${letter}`),
      vpcId,
      associations: [
        {
          subnetId: id('subnet', `cp-${letter}`),
          main: false,
          state: 'associated',
        },
        {
          subnetId: id('subnet', `node-${letter}`),
          main: false,
          state: 'associated',
        },
      ],
      routes: [
        { ...local },
        {
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: id('nat', letter),
          state: 'active',
          origin: 'CreateRoute',
        },
        {
          destinationCidrBlock: '172.16.0.0/12',
          transitGatewayId: 'tgw-0corpnet',
          state: 'active',
          origin: 'CreateRoute',
        },
        { ...s3Route },
      ],
      tags: { Name: `${name}-private-${letter}` },
    })),
  );
  const natIp = (letter: string): string =>
    `198.51.100.${(net % 60) * 4 + (letter === 'a' ? 1 : 2)}`;
  for (const letter of ['a', 'b']) {
    const third = letter === 'a' ? 64 : 65;
    parts.natGateways.push({
      natGatewayId: id('nat', letter),
      vpcId,
      subnetId: id('subnet', `pub-${letter}`),
      state: 'available',
      connectivityType: 'public',
      addresses: [{ publicIp: natIp(letter), privateIp: `${ip(third)}.10` }],
      tags: { Name: `${name}-nat-${letter}` },
    });
  }
  parts.vpcEndpoints.push(
    {
      vpcEndpointId: id('vpce', 's3'),
      vpcId,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: 'Gateway',
      state: 'available',
      subnetIds: [],
      routeTableIds: [id('rtb', 'private-a'), id('rtb', 'private-b')],
      groupIds: [],
      privateDnsEnabled: false,
      tags: {},
    },
    {
      vpcEndpointId: id('vpce', 'ecr-api'),
      vpcId,
      serviceName: `com.amazonaws.${region}.ecr.api`,
      vpcEndpointType: 'Interface',
      state: 'available',
      subnetIds: [id('subnet', 'node-a'), id('subnet', 'node-b')],
      routeTableIds: [],
      groupIds: [endpointSg],
      privateDnsEnabled: true,
      ipAddressType: 'ipv4',
      tags: { Name: `${name}-ecr-api` },
    },
  );
  const allOut = rule(
    '-1',
    undefined,
    undefined,
    { cidrs: ['0.0.0.0/0'] },
    acct,
  );
  parts.securityGroups.push(
    {
      groupId: clusterSg,
      groupName: `eks-cluster-sg-${name}-1234567890`,
      vpcId,
      ownerId: acct,
      description:
        'EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.',
      ipPermissions: [
        rule('-1', undefined, undefined, { groups: [clusterSg] }, acct),
      ],
      ipPermissionsEgress: [allOut],
      tags: {
        Name: `eks-cluster-sg-${name}-1234567890`,
        [clusterTag]: 'owned',
        'aws:eks:cluster-name': name,
      },
    },
    {
      groupId: cpSg,
      groupName: `${name}-control-plane`,
      vpcId,
      ownerId: acct,
      description: 'Additional control-plane security group',
      ipPermissions: [rule('tcp', 443, 443, { groups: [nodeSg] }, acct)],
      ipPermissionsEgress: [
        rule('tcp', 10250, 10250, { groups: [nodeSg] }, acct),
        rule('tcp', 443, 443, { groups: [nodeSg] }, acct),
      ],
      tags: { Name: `${name}-control-plane` },
    },
    {
      groupId: nodeSg,
      groupName: `${name}-node`,
      vpcId,
      ownerId: acct,
      description: 'Worker nodes',
      ipPermissions: [
        rule('tcp', 10250, 10250, { groups: [cpSg] }, acct),
        rule('tcp', 443, 443, { groups: [cpSg] }, acct),
        rule('-1', undefined, undefined, { groups: [nodeSg] }, acct),
      ],
      ipPermissionsEgress: [allOut],
      tags: { Name: `${name}-node` },
    },
    {
      groupId: endpointSg,
      groupName: `${name}-vpce-https`,
      vpcId,
      ownerId: acct,
      description: 'Interface endpoints',
      ipPermissions: [
        rule('tcp', 443, 443, { cidrs: [`10.${net}.0.0/16`] }, acct),
      ],
      ipPermissionsEgress: [allOut],
      tags: {},
    },
  );
  const eni = (
    short: string,
    type: string,
    subnetLetter: string,
    subnetKind: string,
    third: number,
    first: number,
    count: number,
    extra: Partial<Draft<NetworkInterface>>,
  ): Draft<NetworkInterface> => ({
    networkInterfaceId: id('eni', short),
    status: 'in-use',
    interfaceType: type,
    description: '',
    subnetId: id('subnet', `${subnetKind}-${subnetLetter}`),
    vpcId,
    availabilityZone: az(subnetLetter),
    ownerId: acct,
    requesterManaged: false,
    groupIds: [],
    privateIpAddress: `${ip(third)}.${first}`,
    privateIpAddresses: addresses(ip(third), first, count),
    ipv4Prefixes: [],
    ipv6Prefixes: [],
    ipv6Addresses: [],
    tags: {},
    ...extra,
  });
  const attach = (instanceId: string, deviceIndex: number) => ({
    instanceId,
    instanceOwnerId: acct,
    deviceIndex,
    networkCardIndex: 0,
    deleteOnTermination: true,
    status: 'attached',
  });
  const cniTags = (instanceId: string, hours: number) => ({
    'node.k8s.amazonaws.com/instance_id': instanceId,
    'node.k8s.amazonaws.com/createdAt': ago(hours),
    'cluster.k8s.amazonaws.com/name': name,
    'eks:eni:owner': 'amazon-vpc-cni',
  });
  const node1 = id('i', 'node1');
  const node2 = id('i', 'node2');
  parts.networkInterfaces.push(
    eni('cp-a', 'interface', 'a', 'cp', 0, 5, 1, {
      description: `Amazon EKS ${name}`,
      requesterManaged: true,
      groupIds: [clusterSg, cpSg],
    }),
    eni('cp-b', 'interface', 'b', 'cp', 0, 40, 1, {
      description: `Amazon EKS ${name}`,
      requesterManaged: true,
      groupIds: [clusterSg, cpSg],
    }),
    eni('node1-0', 'interface', 'a', 'node', 16, 10, 10, {
      groupIds: [clusterSg, nodeSg],
      attachment: attach(node1, 0),
    }),
    eni('node1-1', 'interface', 'a', 'node', 16, 40, 10, {
      description: `aws-K8S-${node1}`,
      groupIds: [clusterSg, nodeSg],
      tags: cniTags(node1, 72),
      attachment: attach(node1, 1),
    }),
    eni('node2-0', 'interface', 'b', 'node', 32, 10, 10, {
      groupIds: [clusterSg, nodeSg],
      attachment: attach(node2, 0),
    }),
    eni('nat-a', 'nat_gateway', 'a', 'pub', 64, 10, 1, {
      description: `Interface for NAT Gateway ${id('nat', 'a')}`,
      requesterManaged: true,
    }),
    eni('nat-b', 'nat_gateway', 'b', 'pub', 65, 10, 1, {
      description: `Interface for NAT Gateway ${id('nat', 'b')}`,
      requesterManaged: true,
    }),
    eni('vpce-a', 'vpc_endpoint', 'a', 'node', 16, 200, 1, {
      description: `VPC Endpoint Interface ${id('vpce', 'ecr-api')}`,
      requesterManaged: true,
      groupIds: [endpointSg],
    }),
    eni('vpce-b', 'vpc_endpoint', 'b', 'node', 32, 200, 1, {
      description: `VPC Endpoint Interface ${id('vpce', 'ecr-api')}`,
      requesterManaged: true,
      groupIds: [endpointSg],
    }),
  );
  const nodeTags = {
    'aws:eks:cluster-name': name,
    'eks:cluster-name': name,
    'eks:nodegroup-name': 'general',
    'aws:autoscaling:groupName': `eks-general-${key}`,
    [clusterTag]: 'owned',
  };
  for (const [short, letter, third, enis] of [
    ['node1', 'a', 16, ['node1-0', 'node1-1']],
    ['node2', 'b', 32, ['node2-0']],
  ] as const) {
    parts.instances.push({
      instanceId: id('i', short),
      instanceType: 'm5.large',
      state: 'running',
      subnetId: id('subnet', `node-${letter}`),
      vpcId,
      availabilityZone: az(letter),
      privateIpAddress: `${ip(third)}.10`,
      platformDetails: 'Linux/UNIX',
      hypervisor: 'nitro',
      securityGroupIds: [clusterSg, nodeSg],
      networkInterfaces: enis.map((e, deviceIndex) => ({
        networkInterfaceId: id('eni', e),
        deviceIndex,
        networkCardIndex: 0,
        deleteOnTermination: true,
      })),
      tags: { ...nodeTags },
    });
  }
  // The AWS Load Balancer Controller's view of a well-run cluster: an
  // internal ALB for the web Ingress and an internal NLB for a gRPC Service,
  // both with IP targets and frontend groups that admit only their listener.
  const elbArn = `arn:aws:elasticloadbalancing:${region}:${acct}`;
  const albSg = id('sg', 'lb-alb');
  const nlbSg = id('sg', 'lb-nlb');
  const lbcTags = { 'elbv2.k8s.aws/cluster': name };
  parts.securityGroups.push(
    {
      groupId: albSg,
      groupName: `k8s-web-frontend-${key}`,
      vpcId,
      ownerId: acct,
      description: '[k8s] Managed SecurityGroup for LoadBalancer',
      ipPermissions: [
        rule('tcp', 443, 443, { cidrs: [`10.${net}.0.0/16`] }, acct),
      ],
      ipPermissionsEgress: [allOut],
      tags: { ...lbcTags, 'ingress.k8s.aws/stack': 'web/frontend' },
    },
    {
      groupId: nlbSg,
      groupName: `k8s-api-grpc-${key}`,
      vpcId,
      ownerId: acct,
      description: '[k8s] Managed SecurityGroup for LoadBalancer',
      ipPermissions: [
        rule('tcp', 443, 443, { cidrs: [`10.${net}.0.0/16`] }, acct),
      ],
      ipPermissionsEgress: [allOut],
      tags: { ...lbcTags, 'service.k8s.aws/stack': 'api/grpc' },
    },
  );
  const nodeGroup = parts.securityGroups.find((g) => g.groupId === nodeSg);
  nodeGroup?.ipPermissions.push(
    rule('tcp', 8443, 8443, { groups: [albSg, nlbSg] }, acct),
  );
  const albArn = `${elbArn}:loadbalancer/app/k8s-web-frontend/${key}0a1b2c3d`;
  const nlbArn = `${elbArn}:loadbalancer/net/k8s-api-grpc/${key}4e5f6a7b`;
  const albTg = `${elbArn}:targetgroup/k8s-web-frontend/${key}1a2b3c4d`;
  const nlbTg = `${elbArn}:targetgroup/k8s-api-grpc/${key}5e6f7a8b`;
  const lbBase = {
    scheme: 'internal',
    vpcId,
    createdTime: '2025-06-03T10:00:00Z',
    ipAddressType: 'ipv4',
    state: 'active',
    subnetIds: [id('subnet', 'node-a'), id('subnet', 'node-b')],
    availabilityZones: [az('a'), az('b')],
  };
  parts.loadBalancers.push(
    {
      ...lbBase,
      loadBalancerArn: albArn,
      loadBalancerName: `k8s-web-frontend-${key}`,
      type: 'application',
      dnsName: `internal-k8s-web-frontend-${key}.${region}.elb.amazonaws.com`,
      securityGroups: [albSg],
      tags: {
        ...lbcTags,
        'ingress.k8s.aws/stack': 'web/frontend',
        'ingress.k8s.aws/resource': 'LoadBalancer',
      },
      attributes: {
        'access_logs.s3.enabled': 'true',
        'access_logs.s3.bucket': `${acct}-elb-logs`,
        'routing.http.drop_invalid_header_fields.enabled': 'true',
        'routing.http.xff_header_processing.mode': 'append',
        'deletion_protection.enabled': 'true',
        'idle_timeout.timeout_seconds': '60',
      },
    },
    {
      ...lbBase,
      loadBalancerArn: nlbArn,
      loadBalancerName: `k8s-api-grpc-${key}`,
      type: 'network',
      dnsName: `k8s-api-grpc-${key}.elb.${region}.amazonaws.com`,
      securityGroups: [nlbSg],
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'on',
      tags: {
        ...lbcTags,
        'service.k8s.aws/stack': 'api/grpc',
        'service.k8s.aws/resource': 'LoadBalancer',
      },
      attributes: {
        'access_logs.s3.enabled': 'false',
        'load_balancing.cross_zone.enabled': 'true',
        'deletion_protection.enabled': 'true',
      },
    },
  );
  parts.listeners.push(
    {
      listenerArn: `${elbArn}:listener/app/k8s-web-frontend/${key}0a1b2c3d/443`,
      loadBalancerArn: albArn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificateArns: [`arn:aws:acm:${region}:${acct}:certificate/${key}-web`],
      alpnPolicy: [],
      defaultActions: [{ type: 'forward', targetGroupArns: [albTg] }],
    },
    {
      listenerArn: `${elbArn}:listener/net/k8s-api-grpc/${key}4e5f6a7b/443`,
      loadBalancerArn: nlbArn,
      port: 443,
      protocol: 'TCP',
      certificateArns: [],
      alpnPolicy: [],
      defaultActions: [{ type: 'forward', targetGroupArns: [nlbTg] }],
    },
  );
  parts.targetGroups.push(
    {
      targetGroupArn: albTg,
      targetGroupName: `k8s-web-frontend-${key}`,
      vpcId,
      protocol: 'HTTP',
      port: 8443,
      targetType: 'ip',
      ipAddressType: 'ipv4',
      healthCheckProtocol: 'HTTP',
      healthCheckPort: 'traffic-port',
      healthCheckPath: '/healthz',
      healthCheckEnabled: true,
      loadBalancerArns: [albArn],
      tags: { ...lbcTags, 'ingress.k8s.aws/resource': 'web/frontend-web:443' },
    },
    {
      targetGroupArn: nlbTg,
      targetGroupName: `k8s-api-grpc-${key}`,
      vpcId,
      protocol: 'TCP',
      port: 8443,
      targetType: 'ip',
      ipAddressType: 'ipv4',
      healthCheckProtocol: 'TCP',
      healthCheckPort: 'traffic-port',
      healthCheckEnabled: true,
      loadBalancerArns: [nlbArn],
      tags: { ...lbcTags, 'service.k8s.aws/resource': 'api/grpc:443' },
      attributes: {
        'preserve_client_ip.enabled': 'true',
        'proxy_protocol_v2.enabled': 'false',
        'deregistration_delay.timeout_seconds': '300',
      },
    },
  );
  parts.flowLogs.push({
    flowLogId: id('fl', 'main'),
    resourceId: vpcId,
    trafficType: 'ALL',
    flowLogStatus: 'ACTIVE',
    deliverLogsStatus: 'SUCCESS',
    logDestinationType: 's3',
  });
  const cluster: Draft<Cluster> = {
    name,
    arn: `${arnBase}:cluster/${name}`,
    createdAt: '2025-06-02T09:00:00Z',
    version: '1.34',
    platformVersion: 'eks.12',
    status: 'ACTIVE',
    endpoint: `https://${key.toUpperCase()}0F1E2D3C4B5A69788.gr7.${region}.eks.amazonaws.com`,
    resourcesVpcConfig: {
      subnetIds: [id('subnet', 'cp-a'), id('subnet', 'cp-b')],
      securityGroupIds: [cpSg],
      clusterSecurityGroupId: clusterSg,
      vpcId,
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: ['203.0.113.0/24'],
    },
    kubernetesNetworkConfig: {
      serviceIpv4Cidr: '10.100.0.0/16',
      ipFamily: 'ipv4',
      elasticLoadBalancingEnabled: false,
    },
    logging: [
      { types: ['api', 'audit', 'authenticator'], enabled: true },
      { types: ['controllerManager', 'scheduler'], enabled: false },
    ],
    accessConfig: { authenticationMode: 'API' },
    upgradePolicy: { supportType: 'STANDARD' },
    health: { issues: [] },
    tags: { team: 'platform', env: name },
    nodegroups: [
      {
        nodegroupName: 'general',
        nodegroupArn: `${arnBase}:nodegroup/${name}/general/${key}01`,
        clusterName: name,
        status: 'ACTIVE',
        version: '1.34',
        releaseVersion: '1.34.2-20261101',
        capacityType: 'ON_DEMAND',
        amiType: 'AL2023_x86_64_STANDARD',
        scalingConfig: { minSize: 2, maxSize: 6, desiredSize: 2 },
        instanceTypes: ['m5.large'],
        subnets: [id('subnet', 'node-a'), id('subnet', 'node-b')],
        resources: { autoScalingGroups: [`eks-general-${key}`] },
        labels: {},
        tags: {},
        health: { issues: [] },
      },
    ],
    fargateProfiles: [],
    vpcCniAddon: {
      addonName: 'vpc-cni',
      addonVersion: 'v1.20.4-eksbuild.1',
      status: 'ACTIVE',
      configurationValues: JSON.stringify({
        env: { WARM_ENI_TARGET: '1' },
        enableNetworkPolicy: 'true',
      }),
      health: { issues: [] },
    },
  };
  parts.clusters.push(cluster);
  useInstanceType(parts, 'm5.large');

  const find = <T>(list: T[], get: (item: T) => string, wanted: string): T => {
    const item = list.find((entry) => get(entry) === wanted);
    if (item === undefined) {
      throw new RangeError(`demo cluster ${name} has no ${wanted}`);
    }
    return item;
  };
  return {
    place,
    parts,
    cluster,
    id,
    az,
    azId,
    ago,
    subnet: (short) =>
      find(parts.subnets, (s) => s.subnetId, id('subnet', short)),
    sg: (short) =>
      find(parts.securityGroups, (s) => s.groupId, id('sg', short)),
    routeTable: (short) =>
      find(parts.routeTables, (r) => r.routeTableId, id('rtb', short)),
    eni: (short) =>
      find(
        parts.networkInterfaces,
        (e) => e.networkInterfaceId,
        id('eni', short),
      ),
    instance: (short) =>
      find(parts.instances, (i) => i.instanceId, id('i', short)),
    vpc: () => find(parts.vpcs, (v) => v.vpcId, vpcId),
    loadBalancer: (short) =>
      find(
        parts.loadBalancers,
        (l) => l.loadBalancerArn,
        short === 'alb' ? albArn : short === 'nlb' ? nlbArn : short,
      ),
    targetGroup: (short) =>
      find(
        parts.targetGroups,
        (t) => t.targetGroupArn,
        short === 'alb' ? albTg : short === 'nlb' ? nlbTg : short,
      ),
    elbArn,
  };
};

/**
 * Adds an instance type's description to the snapshot once.
 *
 * @param parts - the snapshot collections
 * @param type - a type of {@link INSTANCE_TYPES}
 */
const useInstanceType = (parts: Parts, type: string): void => {
  if (parts.instanceTypes.some((t) => t.instanceType === type)) return;
  const info = INSTANCE_TYPES[type];
  if (info === undefined) throw new RangeError(`unknown demo type ${type}`);
  parts.instanceTypes.push(structuredClone(info));
};

/** Empty collections for one snapshot. */
const emptyParts = (): Parts => ({
  clusters: [],
  clusterVersions: [],
  vpcs: [],
  dhcpOptions: [],
  subnets: [],
  routeTables: [],
  natGateways: [],
  vpcEndpoints: [],
  securityGroups: [],
  networkInterfaces: [],
  instances: [],
  instanceTypes: [],
  flowLogs: [],
  subnetCidrReservations: [],
  loadBalancers: [],
  listeners: [],
  targetGroups: [],
});

export type { ClusterPlace, Draft, Parts, Tweak, TweakContext };
export { addresses, buildCluster, emptyParts, rule, useInstanceType };
