/**
 * The scenario tweaks of the demo organization: each one changes a freshly
 * built cluster (see `buildCluster`) the way a real team's setup drifts, so
 * that the bundled catalog rules have something to pass and to fail on.
 *
 * @module
 */
import {
  addresses,
  rule,
  type Tweak,
  type TweakContext,
  useInstanceType,
} from './buildCluster.js';

const cniEnv = (ctx: TweakContext, env: Record<string, string>): void => {
  const addon = ctx.cluster.vpcCniAddon;
  if (!addon) return;
  const values = JSON.parse(addon.configurationValues ?? '{}') as {
    env?: Record<string, string>;
  };
  values.env = { ...values.env, ...env };
  addon.configurationValues = JSON.stringify(values);
};

const cniValues = (ctx: TweakContext, patch: Record<string, unknown>): void => {
  const addon = ctx.cluster.vpcCniAddon;
  if (!addon) return;
  const values = JSON.parse(addon.configurationValues ?? '{}') as Record<
    string,
    unknown
  >;
  addon.configurationValues = JSON.stringify({ ...values, ...patch });
};

const acct = (ctx: TweakContext): string => ctx.place.accountId;

const firstGroup = (ctx: TweakContext) => {
  const group = ctx.cluster.nodegroups?.[0];
  if (group === undefined) {
    throw new RangeError(`demo cluster ${ctx.place.name} has no node group`);
  }
  return group;
};

/** Public endpoint open to the whole internet, no private endpoint. */
const publicOpen: Tweak = (ctx) => {
  const vpc = ctx.cluster.resourcesVpcConfig;
  vpc.endpointPublicAccess = true;
  vpc.endpointPrivateAccess = false;
  vpc.publicAccessCidrs = ['0.0.0.0/0'];
};

/** Public endpoint only, restricted to CIDRs (the NATs' addresses unless `missNat`). */
const publicRestricted =
  (cidrs: string[], includeNatIps: boolean): Tweak =>
  (ctx) => {
    const vpc = ctx.cluster.resourcesVpcConfig;
    vpc.endpointPublicAccess = true;
    vpc.endpointPrivateAccess = false;
    const nats = includeNatIps
      ? ctx.parts.natGateways
          .filter((n) => n.vpcId === ctx.vpc().vpcId)
          .flatMap((n) => n.addresses.map((a) => `${a.publicIp}/32`))
      : [];
    vpc.publicAccessCidrs = [...cidrs, ...nats];
  };

/** Private endpoint only: no NAT, the AWS APIs through interface endpoints. */
const privateWithEndpoints: Tweak = (ctx) => {
  const vpc = ctx.cluster.resourcesVpcConfig;
  vpc.endpointPublicAccess = false;
  vpc.endpointPrivateAccess = true;
  vpc.publicAccessCidrs = [];
  const natIds = new Set([ctx.id('nat', 'a'), ctx.id('nat', 'b')]);
  ctx.parts.natGateways = ctx.parts.natGateways.filter(
    (n) => !natIds.has(n.natGatewayId),
  );
  ctx.parts.networkInterfaces = ctx.parts.networkInterfaces.filter(
    (e) =>
      e.networkInterfaceId !== ctx.id('eni', 'nat-a') &&
      e.networkInterfaceId !== ctx.id('eni', 'nat-b'),
  );
  for (const letter of ['a', 'b']) {
    const table = ctx.routeTable(`private-${letter}`);
    table.routes = table.routes.filter((r) => r.natGatewayId === undefined);
  }
  for (const service of ['ec2', 'ecr.dkr', 'sts', 'logs']) {
    ctx.parts.vpcEndpoints.push({
      vpcEndpointId: ctx.id('vpce', service.replace('.', '-')),
      vpcId: ctx.vpc().vpcId,
      serviceName: `com.amazonaws.${ctx.place.region}.${service}`,
      vpcEndpointType: 'Interface',
      state: 'available',
      subnetIds: [ctx.id('subnet', 'node-a'), ctx.id('subnet', 'node-b')],
      routeTableIds: [],
      groupIds: [ctx.id('sg', 'vpce')],
      privateDnsEnabled: true,
      ipAddressType: 'ipv4',
      tags: { Name: `${ctx.place.name}-${service}` },
    });
  }
};

/** Prefix delegation on every node, with a prefix reservation for the CNI. */
const prefixDelegation: Tweak = (ctx) => {
  cniEnv(ctx, { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' });
  const net = ctx.place.net;
  ctx.eni('node1-1').ipv4Prefixes = [`10.${net}.20.0/28`, `10.${net}.20.16/28`];
  ctx.eni('node1-1').privateIpAddresses = addresses(`10.${net}.16`, 40, 1);
  ctx.eni('node2-0').ipv4Prefixes = [`10.${net}.36.0/28`];
  for (const letter of ['a', 'b']) {
    const third = letter === 'a' ? 20 : 36;
    ctx.parts.subnetCidrReservations.push({
      subnetId: ctx.id('subnet', `node-${letter}`),
      cidr: `10.${net}.${third}.0/22`,
      reservationType: 'prefix',
    });
  }
};

/** Security groups for Pods: trunk ENIs on both nodes, `used` branch ENIs on node1. */
const podSecurityGroups =
  (used: number, podSgAllowsDns: boolean, branchSubnet = 'node'): Tweak =>
  (ctx) => {
    cniEnv(ctx, { ENABLE_POD_ENI: 'true' });
    const podSg = ctx.id('sg', 'pods');
    ctx.parts.securityGroups.push({
      groupId: podSg,
      groupName: `${ctx.place.name}-payments-pods`,
      vpcId: ctx.vpc().vpcId,
      ownerId: acct(ctx),
      description: 'SecurityGroupPolicy for payment Pods',
      ipPermissions: [
        rule(
          'tcp',
          8443,
          8443,
          { groups: [ctx.id('sg', 'cluster')] },
          acct(ctx),
        ),
      ],
      ipPermissionsEgress: podSgAllowsDns
        ? [
            rule(
              '-1',
              undefined,
              undefined,
              { cidrs: ['0.0.0.0/0'] },
              acct(ctx),
            ),
          ]
        : [rule('tcp', 443, 443, { cidrs: ['0.0.0.0/0'] }, acct(ctx))],
      tags: {},
    });
    if (podSgAllowsDns) {
      for (const protocol of ['tcp', 'udp']) {
        ctx
          .sg('cluster')
          .ipPermissions.push(
            rule(protocol, 53, 53, { groups: [podSg] }, acct(ctx)),
          );
      }
    }
    const net = ctx.place.net;
    for (const [node, letter, third] of [
      ['node1', 'a', 16],
      ['node2', 'b', 32],
    ] as const) {
      const instanceId = ctx.id('i', node);
      ctx.parts.networkInterfaces.push({
        networkInterfaceId: ctx.id('eni', `${node}-trunk`),
        status: 'in-use',
        interfaceType: 'trunk',
        description: 'aws-k8s-trunk-eni',
        subnetId: ctx.id('subnet', `node-${letter}`),
        vpcId: ctx.vpc().vpcId,
        availabilityZone: ctx.az(letter),
        ownerId: acct(ctx),
        requesterManaged: false,
        groupIds: [ctx.id('sg', 'cluster'), ctx.id('sg', 'node')],
        privateIpAddress: `10.${net}.${third}.60`,
        privateIpAddresses: addresses(`10.${net}.${third}`, 60, 1),
        ipv4Prefixes: [],
        ipv6Prefixes: [],
        ipv6Addresses: [],
        tags: {
          'node.k8s.amazonaws.com/instance_id': instanceId,
          'eks:eni:owner': 'eks-vpc-resource-controller',
          [`kubernetes.io/cluster/${ctx.place.name}`]: 'owned',
        },
        attachment: {
          instanceId,
          instanceOwnerId: acct(ctx),
          deviceIndex: 2,
          networkCardIndex: 0,
          deleteOnTermination: true,
          status: 'attached',
        },
      });
    }
    const branchThird = branchSubnet === 'pub' ? 64 : 16;
    for (let vlan = 1; vlan <= used; vlan++) {
      ctx.parts.networkInterfaces.push({
        networkInterfaceId: ctx.id('eni', `branch-${vlan}`),
        status: 'in-use',
        interfaceType: 'branch',
        description: 'aws-k8s-branch-eni',
        subnetId: ctx.id('subnet', `${branchSubnet}-a`),
        vpcId: ctx.vpc().vpcId,
        availabilityZone: ctx.az('a'),
        ownerId: acct(ctx),
        requesterManaged: false,
        groupIds: [podSg],
        privateIpAddress: `10.${net}.${branchThird}.${100 + vlan}`,
        privateIpAddresses: addresses(
          `10.${net}.${branchThird}`,
          100 + vlan,
          1,
        ),
        ipv4Prefixes: [],
        ipv6Prefixes: [],
        ipv6Addresses: [],
        tags: {
          'node.k8s.amazonaws.com/instance_id': ctx.id('i', 'node1'),
          'vpcresources.k8s.aws/trunk-eni-id': ctx.id('eni', 'node1-trunk'),
          'vpcresources.k8s.aws/vlan-id': String(vlan),
          'eks:eni:owner': 'eks-vpc-resource-controller',
          [`kubernetes.io/cluster/${ctx.place.name}`]: 'owned',
        },
      });
    }
  };

/** Custom networking: Pods in 100.64.0.0/16 (CG-NAT) subnets, one per AZ. */
const customNetworking =
  (podNet: 'cgnat' | 'routable', coverBothAzs: boolean): Tweak =>
  (ctx) => {
    const vpc = ctx.vpc();
    const base = podNet === 'cgnat' ? '100.64' : `10.${ctx.place.net}`;
    if (podNet === 'cgnat') {
      vpc.cidrBlockAssociationSet.push({
        cidrBlock: '100.64.0.0/16',
        state: 'associated',
      });
    }
    const podThird = podNet === 'cgnat' ? [0, 128] : [96, 112];
    ['a', 'b'].forEach((letter, i) => {
      ctx.parts.subnets.push({
        subnetId: ctx.id('subnet', `pod-${letter}`),
        vpcId: vpc.vpcId,
        ownerId: acct(ctx),
        cidrBlock: `${base}.${podThird[i]}.0/${podNet === 'cgnat' ? 17 : 20}`,
        availableIpAddressCount: podNet === 'cgnat' ? 32_600 : 4000,
        availabilityZone: ctx.az(letter),
        availabilityZoneId: ctx.azId(letter),
        mapPublicIpOnLaunch: false,
        assignIpv6AddressOnCreation: false,
        ipv6CidrBlocks: [],
        ipv6Native: false,
        enableDns64: false,
        tags: { Name: `${ctx.place.name}-pods-${letter}` },
      });
      ctx.routeTable(`private-${letter}`).associations.push({
        subnetId: ctx.id('subnet', `pod-${letter}`),
        main: false,
        state: 'associated',
      });
    });
    const subnets: Record<string, { id: string; securityGroups: string[] }> =
      {};
    for (const letter of coverBothAzs ? ['a', 'b'] : ['a']) {
      subnets[ctx.az(letter)] = {
        id: ctx.id('subnet', `pod-${letter}`),
        securityGroups: [ctx.id('sg', 'cluster')],
      };
    }
    cniEnv(ctx, { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' });
    if (coverBothAzs)
      cniValues(ctx, {
        eniConfig: { create: true, region: ctx.place.region, subnets },
      });
    const podEni = ctx.eni('node1-1');
    podEni.subnetId = ctx.id('subnet', 'pod-a');
    podEni.privateIpAddress = `${base}.${podThird[0]}.20`;
    podEni.privateIpAddresses = addresses(`${base}.${podThird[0]}`, 20, 10);
    if (!coverBothAzs) {
      // node2 in the other AZ still draws Pod addresses from its node subnet.
      const net = ctx.place.net;
      const instanceId = ctx.id('i', 'node2');
      ctx.parts.networkInterfaces.push({
        ...structuredClone(ctx.eni('node2-0')),
        networkInterfaceId: ctx.id('eni', 'node2-1'),
        description: `aws-K8S-${instanceId}`,
        privateIpAddress: `10.${net}.32.40`,
        privateIpAddresses: addresses(`10.${net}.32`, 40, 10),
        tags: {
          'node.k8s.amazonaws.com/instance_id': instanceId,
          'node.k8s.amazonaws.com/createdAt': ctx.ago(30),
          'eks:eni:owner': 'amazon-vpc-cni',
        },
        attachment: {
          instanceId,
          instanceOwnerId: acct(ctx),
          deviceIndex: 1,
          networkCardIndex: 0,
          deleteOnTermination: true,
          status: 'attached',
        },
      });
      ctx.instance('node2').networkInterfaces.push({
        networkInterfaceId: ctx.id('eni', 'node2-1'),
        deviceIndex: 1,
        networkCardIndex: 0,
        deleteOnTermination: true,
      });
    }
  };

/** IPv6 cluster; `broken` leaves out what IPv6 Pods need. */
const ipv6 =
  (broken: boolean): Tweak =>
  (ctx) => {
    const n = ctx.place.net.toString(16).padStart(2, '0');
    const v6 = `2600:1f18:40${n}:`;
    const vpc = ctx.vpc();
    vpc.ipv6CidrBlockAssociationSet.push({
      ipv6CidrBlock: `${v6}b400::/56`,
      ipv6CidrBlockState: { state: 'associated' },
    } as never);
    ctx.cluster.kubernetesNetworkConfig = {
      serviceIpv6Cidr: `fd${n}:c0de:1234::/108`,
      ipFamily: 'ipv6',
      elasticLoadBalancingEnabled: false,
    };
    const shorts = ['cp-a', 'cp-b', 'node-a', 'node-b', 'pub-a', 'pub-b'];
    shorts.forEach((short, i) => {
      if (broken && short === 'cp-b') return;
      const subnet = ctx.subnet(short);
      subnet.ipv6CidrBlocks = [`${v6}b4${i}${i}::/64`];
      subnet.assignIpv6AddressOnCreation = !(broken && short === 'node-b');
      subnet.enableDns64 = broken && short.startsWith('node');
    });
    for (const letter of ['a', 'b']) {
      const table = ctx.routeTable(`private-${letter}`);
      if (!broken || letter === 'a') {
        table.routes.push({
          destinationIpv6CidrBlock: '::/0',
          egressOnlyInternetGatewayId: ctx.id('eigw', 'main'),
          state: 'active',
          origin: 'CreateRoute',
        });
      }
    }
    ctx.routeTable('public').routes.push({
      destinationIpv6CidrBlock: '::/0',
      gatewayId: ctx.id('igw', 'main'),
      state: 'active',
      origin: 'CreateRoute',
    });
    if (!broken) {
      for (const short of ['node', 'cluster']) {
        ctx
          .sg(short)
          .ipPermissionsEgress.push(
            rule('-1', undefined, undefined, { v6: ['::/0'] }, acct(ctx)),
          );
      }
    }
    const pods = ctx.eni('node1-1');
    pods.ipv6Prefixes = [`${v6}b422:8f00::/80`];
    ctx.eni('node2-0').ipv6Prefixes = [`${v6}b433:1a00::/80`];
  };

/** A Windows managed node group next to the Linux one. */
const windowsNodes: Tweak = (ctx) => {
  ctx.cluster.nodegroups?.push({
    ...structuredClone(firstGroup(ctx)),
    nodegroupName: 'windows',
    nodegroupArn: `${ctx.cluster.arn.replace(':cluster/', ':nodegroup/')}/windows/w1`,
    amiType: 'WINDOWS_CORE_2022_x86_64',
    releaseVersion: '1.33.5-20261101',
    scalingConfig: { minSize: 0, maxSize: 3, desiredSize: 0 },
    resources: { autoScalingGroups: [`eks-windows-${ctx.place.key}`] },
  });
};

/** The VPC CNI as a self-managed DaemonSet: no `vpc-cni` add-on. */
const selfManagedCni: Tweak = (ctx) => {
  ctx.cluster.vpcCniAddon = null;
};

/** An old, degraded add-on without network policy, PD on Xen nodes. */
const legacyCni: Tweak = (ctx) => {
  const addon = ctx.cluster.vpcCniAddon;
  if (!addon) return;
  addon.addonVersion = 'v1.8.0-eksbuild.1';
  addon.status = 'DEGRADED';
  addon.health = {
    issues: [
      {
        code: 'InsufficientNumberOfReplicas',
        message: 'The add-on is unhealthy because it has too few replicas.',
        resourceIds: ['aws-node'],
      },
    ],
  } as never;
  addon.configurationValues = JSON.stringify({
    env: {
      ENABLE_PREFIX_DELEGATION: 'true',
      WARM_PREFIX_TARGET: '0',
      ENABLE_POD_ENI: 'true',
    },
  });
  useInstanceType(ctx.parts, 'm4.large');
  firstGroup(ctx).instanceTypes = ['m4.large'];
  ctx.instance('node1').instanceType = 'm4.large';
  ctx.instance('node1').hypervisor = 'xen';
};

/** WARM_IP_TARGET without MINIMUM_IP_TARGET (or the reverse). */
const warmIpOnly: Tweak = (ctx) => cniEnv(ctx, { WARM_IP_TARGET: '5' });
const minimumIpOnly: Tweak = (ctx) => cniEnv(ctx, { MINIMUM_IP_TARGET: '20' });
const warmAndMinimumIp: Tweak = (ctx) =>
  cniEnv(ctx, { WARM_IP_TARGET: '2', MINIMUM_IP_TARGET: '10' });

/** A node group mixing instance types with different max Pods. */
const mixedInstanceTypes: Tweak = (ctx) => {
  useInstanceType(ctx.parts, 'm5.xlarge');
  firstGroup(ctx).instanceTypes = ['m5.large', 'm5.xlarge'];
  ctx.instance('node2').instanceType = 'm5.xlarge';
};

/** Control-plane and cluster logs off, VPC flow logs missing. */
const noObservability: Tweak = (ctx) => {
  ctx.cluster.logging = [
    {
      types: [
        'api',
        'audit',
        'authenticator',
        'controllerManager',
        'scheduler',
      ],
      enabled: false,
    },
  ];
  const vpcId = ctx.vpc().vpcId;
  ctx.parts.flowLogs = ctx.parts.flowLogs.filter((f) => f.resourceId !== vpcId);
};

/** Flow log whose delivery fails (the bucket policy changed). */
const flowLogDeliveryFailing: Tweak = (ctx) => {
  const vpcId = ctx.vpc().vpcId;
  for (const log of ctx.parts.flowLogs) {
    if (log.resourceId === vpcId) {
      log.deliverLogsStatus = 'FAILED';
    }
  }
};

/** Running a Kubernetes version in extended support. */
const extendedSupport =
  (version: string): Tweak =>
  (ctx) => {
    ctx.cluster.version = version;
    ctx.cluster.upgradePolicy = { supportType: 'EXTENDED' };
    for (const group of ctx.cluster.nodegroups ?? []) group.version = version;
  };

/** The additional control-plane SG admits HTTPS from anywhere. */
const controlPlaneSgOpen: Tweak = (ctx) => {
  ctx
    .sg('cp')
    .ipPermissions.push(
      rule('tcp', 443, 443, { cidrs: ['0.0.0.0/0'] }, acct(ctx)),
    );
};

/** SSH to nodes from anywhere, through the node SG and a key without source SGs. */
const sshFromAnywhere: Tweak = (ctx) => {
  ctx
    .sg('node')
    .ipPermissions.push(
      rule('tcp', 22, 22, { cidrs: ['0.0.0.0/0'] }, acct(ctx)),
    );
  firstGroup(ctx).remoteAccess = {
    ec2SshKey: 'ops-2024',
    sourceSecurityGroups: [],
  };
};

/** SSH restricted to the bastion's SG. */
const sshFromBastion: Tweak = (ctx) => {
  firstGroup(ctx).remoteAccess = {
    ec2SshKey: 'ops-2024',
    sourceSecurityGroups: [ctx.id('sg', 'node')],
  };
};

/** A second SG on the nodes also carries the cluster's ownership tag. */
const duplicateClusterTag: Tweak = (ctx) => {
  ctx.sg('node').tags[`kubernetes.io/cluster/${ctx.place.name}`] = 'owned';
};

/** The node group uses a launch template; `withClusterSg` keeps the cluster SG on the nodes. */
const launchTemplate =
  (withClusterSg: boolean): Tweak =>
  (ctx) => {
    firstGroup(ctx).launchTemplate = {
      id: ctx.id('lt', 'general'),
      name: `${ctx.place.name}-general`,
      version: '7',
    };
    if (!withClusterSg) {
      for (const short of ['node1', 'node2']) {
        ctx.instance(short).securityGroupIds = [ctx.id('sg', 'node')];
      }
      for (const e of ['node1-0', 'node1-1', 'node2-0']) {
        ctx.eni(e).groupIds = [ctx.id('sg', 'node')];
      }
    }
  };

/** The control plane lost its kubelet rule to the node SG. */
const kubeletBlocked: Tweak = (ctx) => {
  const node = ctx.sg('node');
  node.ipPermissions = node.ipPermissions.filter((p) => p.fromPort !== 10250);
  const cp = ctx.sg('cp');
  cp.ipPermissionsEgress = cp.ipPermissionsEgress.filter(
    (p) => p.fromPort !== 10250,
  );
};

/** The cluster SG lost its self-referencing rule. */
const clusterSgNoSelf: Tweak = (ctx) => {
  ctx.sg('cluster').ipPermissions = [];
};

/** The cluster SG lost its outbound rules. */
const clusterSgNoEgress: Tweak = (ctx) => {
  ctx.sg('cluster').ipPermissionsEgress = [];
};

/** The cluster SG was deleted by hand. */
const clusterSgDeleted: Tweak = (ctx) => {
  ctx.cluster.resourcesVpcConfig.clusterSecurityGroupId = ctx.id(
    'sg',
    'deleted',
  );
};

/** A node in the control-plane subnet, another with a public address in a public subnet. */
const nodesInWrongSubnets: Tweak = (ctx) => {
  const node1 = ctx.instance('node1');
  node1.subnetId = ctx.id('subnet', 'cp-a');
  const node2 = ctx.instance('node2');
  node2.subnetId = ctx.id('subnet', 'pub-b');
  node2.publicIpAddress = '54.210.17.33';
  ctx.subnet('pub-b').mapPublicIpOnLaunch = false;
  firstGroup(ctx).subnets = [
    ctx.id('subnet', 'node-a'),
    ctx.id('subnet', 'pub-b'),
  ];
};

/** NAT in another AZ, and no S3 gateway on the private route tables. */
const crossAzNat: Tweak = (ctx) => {
  const table = ctx.routeTable('private-b');
  table.routes = table.routes
    .filter((r) => r.destinationPrefixListId === undefined)
    .map((r) =>
      r.natGatewayId === undefined
        ? r
        : { ...r, natGatewayId: ctx.id('nat', 'a') },
    );
};

/** The default route of AZ b points at a deleted NAT gateway. */
const blackholeRoute: Tweak = (ctx) => {
  const table = ctx.routeTable('private-b');
  table.routes = table.routes.map((r) =>
    r.natGatewayId === undefined
      ? r
      : { ...r, natGatewayId: ctx.id('nat', 'deleted'), state: 'blackhole' },
  );
};

/** No default route in AZ b and the private endpoint off. */
const isolatedSubnet: Tweak = (ctx) => {
  const table = ctx.routeTable('private-b');
  table.routes = table.routes.filter(
    (r) => r.destinationCidrBlock !== '0.0.0.0/0',
  );
};

/** An STS interface endpoint without private DNS. */
const endpointWithoutPrivateDns: Tweak = (ctx) => {
  ctx.parts.vpcEndpoints.push({
    vpcEndpointId: ctx.id('vpce', 'sts'),
    vpcId: ctx.vpc().vpcId,
    serviceName: `com.amazonaws.${ctx.place.region}.sts`,
    vpcEndpointType: 'Interface',
    state: 'available',
    subnetIds: [ctx.id('subnet', 'node-a')],
    routeTableIds: [],
    groupIds: [ctx.id('sg', 'vpce')],
    privateDnsEnabled: false,
    ipAddressType: 'ipv4',
    tags: { Name: `${ctx.place.name}-sts` },
  });
};

/** DNS hostnames off in the VPC. */
const dnsHostnamesOff: Tweak = (ctx) => {
  ctx.vpc().enableDnsHostnames = false;
};

/** Corporate DNS servers only: the private endpoint name cannot resolve. */
const corporateDns: Tweak = (ctx) => {
  const options = ctx.parts.dhcpOptions.find(
    (d) => d.dhcpOptionsId === ctx.vpc().dhcpOptionsId,
  );
  if (options)
    options.configurations['domain-name-servers'] = [
      '10.255.0.2',
      '10.255.1.2',
    ];
};

/** The Kubernetes service range overlaps the VPC. */
const serviceCidr =
  (cidr: string): Tweak =>
  (ctx) => {
    if (ctx.cluster.kubernetesNetworkConfig) {
      ctx.cluster.kubernetesNetworkConfig.serviceIpv4Cidr = cidr;
    }
  };

/** Cluster subnets: one deleted, one in an unsupported AZ, both in one AZ. */
const brokenClusterSubnets: Tweak = (ctx) => {
  ctx.cluster.resourcesVpcConfig.subnetIds.push(ctx.id('subnet', 'deleted'));
  const cpB = ctx.subnet('cp-b');
  cpB.availabilityZone = ctx.az('a');
  cpB.availabilityZoneId = ctx.azId('a');
  ctx.cluster.health = {
    issues: [
      {
        code: 'Ec2SubnetNotFound',
        message: `One or more subnets (${ctx.id('subnet', 'deleted')}) were not found.`,
        resourceIds: [ctx.id('subnet', 'deleted')],
      },
    ],
  } as never;
};

/** A control-plane subnet in an AZ EKS does not support. */
const unsupportedAz: Tweak = (ctx) => {
  const cpB = ctx.subnet('cp-b');
  cpB.availabilityZone = ctx.az('c');
  cpB.availabilityZoneId = ctx.azId('c');
};

/** A node group pinned to one subnet. */
const singleAzNodegroup: Tweak = (ctx) => {
  firstGroup(ctx).subnets = [ctx.id('subnet', 'node-a')];
};

/** A Fargate profile that selects a public subnet. */
const fargateInPublicSubnet: Tweak = (ctx) => {
  ctx.cluster.fargateProfiles = [
    {
      fargateProfileName: 'batch',
      fargateProfileArn: `${ctx.cluster.arn.replace(':cluster/', ':fargateprofile/')}/batch/f1`,
      clusterName: ctx.place.name,
      status: 'ACTIVE',
      subnets: [ctx.id('subnet', 'node-a'), ctx.id('subnet', 'pub-b')],
      selectors: [{ namespace: 'batch' }],
      podExecutionRoleArn: `arn:aws:iam::${acct(ctx)}:role/fargate-pod`,
      health: { issues: [] },
    } as never,
  ];
};

/** A Fargate profile in the private node subnets. */
const fargatePrivate: Tweak = (ctx) => {
  ctx.cluster.fargateProfiles = [
    {
      fargateProfileName: 'system',
      fargateProfileArn: `${ctx.cluster.arn.replace(':cluster/', ':fargateprofile/')}/system/f2`,
      clusterName: ctx.place.name,
      status: 'ACTIVE',
      subnets: [ctx.id('subnet', 'node-a'), ctx.id('subnet', 'node-b')],
      selectors: [{ namespace: 'kube-system' }],
      podExecutionRoleArn: `arn:aws:iam::${acct(ctx)}:role/fargate-pod`,
      health: { issues: [] },
    } as never,
  ];
};

/** Subnet tags for load balancers that are wrong in three ways. */
const badLbTags: Tweak = (ctx) => {
  ctx.subnet('node-a').tags['kubernetes.io/role/elb'] = '1';
  delete ctx.subnet('pub-b').tags['kubernetes.io/role/elb'];
  const pubA = ctx.subnet('pub-a');
  delete pubA.tags[`kubernetes.io/cluster/${ctx.place.name}`];
  pubA.tags['kubernetes.io/cluster/old-dev'] = 'shared';
};

/** No load-balancer role tags at all. */
const noLbTags: Tweak = (ctx) => {
  for (const subnet of ctx.parts.subnets) {
    if (subnet.vpcId !== ctx.vpc().vpcId) continue;
    delete subnet.tags['kubernetes.io/role/elb'];
    delete subnet.tags['kubernetes.io/role/internal-elb'];
  }
};

/** The second node's primary ENI outlives the instance. */
const primaryEniKept: Tweak = (ctx) => {
  const eni = ctx.eni('node2-0');
  if (eni.attachment) eni.attachment.deleteOnTermination = false;
  for (const link of ctx.instance('node2').networkInterfaces) {
    if (link.deviceIndex === 0) link.deleteOnTermination = false;
  }
};

/** ENIs the CNI left behind; `hours` old. */
const leakedEnis =
  (count: number, hours: number): Tweak =>
  (ctx) => {
    const net = ctx.place.net;
    for (let i = 1; i <= count; i++) {
      const gone = ctx.id('i', `gone${i}`);
      ctx.parts.networkInterfaces.push({
        networkInterfaceId: ctx.id('eni', `leaked${i}`),
        status: 'available',
        interfaceType: 'interface',
        description: `aws-K8S-${gone}`,
        subnetId: ctx.id('subnet', 'node-b'),
        vpcId: ctx.vpc().vpcId,
        availabilityZone: ctx.az('b'),
        ownerId: acct(ctx),
        requesterManaged: false,
        groupIds: [ctx.id('sg', 'cluster')],
        privateIpAddress: `10.${net}.33.${i * 10}`,
        privateIpAddresses: addresses(`10.${net}.33`, i * 10, 10),
        ipv4Prefixes: [],
        ipv6Prefixes: [],
        ipv6Addresses: [],
        tags: {
          'node.k8s.amazonaws.com/instance_id': gone,
          'node.k8s.amazonaws.com/createdAt': ctx.ago(hours),
          'cluster.k8s.amazonaws.com/name': ctx.place.name,
          'eks:eni:owner': 'amazon-vpc-cni',
        },
      });
    }
  };

/** Control-plane subnets of the minimum /28 size, almost used up. */
const smallClusterSubnets: Tweak = (ctx) => {
  const net = ctx.place.net;
  Object.assign(ctx.subnet('cp-a'), {
    cidrBlock: `10.${net}.0.0/28`,
    availableIpAddressCount: 9,
  });
  Object.assign(ctx.subnet('cp-b'), {
    cidrBlock: `10.${net}.0.32/28`,
    availableIpAddressCount: 5,
  });
};

/** The node group may grow to `max` nodes. */
const nodegroupMax =
  (max: number): Tweak =>
  (ctx) => {
    firstGroup(ctx).scalingConfig.maxSize = max;
  };

/** A node subnet that is almost full (`free` addresses left). */
const nearlyFullSubnet =
  (short: string, free: number): Tweak =>
  (ctx) => {
    ctx.subnet(short).availableIpAddressCount = free;
  };

/** The cluster reports it ran out of addresses. */
const insufficientAddresses: Tweak = (ctx) => {
  ctx.cluster.health = {
    issues: [
      {
        code: 'InsufficientFreeAddresses',
        message:
          'One or more of the subnets does not have enough available IP addresses.',
        resourceIds: [ctx.id('subnet', 'cp-a')],
      },
    ],
  } as never;
};

/** A small prefix-mode subnet with hardly a free /28 and a Lambda ENI in it. */
const fragmentedPrefixSubnet: Tweak = (ctx) => {
  const net = ctx.place.net;
  const vpcId = ctx.vpc().vpcId;
  ctx.parts.subnets.push({
    subnetId: ctx.id('subnet', 'node-c'),
    vpcId,
    ownerId: acct(ctx),
    cidrBlock: `10.${net}.48.0/26`,
    availableIpAddressCount: 21,
    availabilityZone: ctx.az('a'),
    availabilityZoneId: ctx.azId('a'),
    mapPublicIpOnLaunch: false,
    assignIpv6AddressOnCreation: false,
    ipv6CidrBlocks: [],
    ipv6Native: false,
    enableDns64: false,
    tags: { Name: `${ctx.place.name}-node-c` },
  });
  ctx.routeTable('private-a').associations.push({
    subnetId: ctx.id('subnet', 'node-c'),
    main: false,
    state: 'associated',
  });
  const instanceId = ctx.id('i', 'node3');
  ctx.parts.networkInterfaces.push(
    {
      networkInterfaceId: ctx.id('eni', 'node3-0'),
      status: 'in-use',
      interfaceType: 'interface',
      description: '',
      subnetId: ctx.id('subnet', 'node-c'),
      vpcId,
      availabilityZone: ctx.az('a'),
      ownerId: acct(ctx),
      requesterManaged: false,
      groupIds: [ctx.id('sg', 'cluster'), ctx.id('sg', 'node')],
      privateIpAddress: `10.${net}.48.5`,
      privateIpAddresses: addresses(`10.${net}.48`, 5, 1),
      ipv4Prefixes: [`10.${net}.48.16/28`],
      ipv6Prefixes: [],
      ipv6Addresses: [],
      tags: {},
      attachment: {
        instanceId,
        instanceOwnerId: acct(ctx),
        deviceIndex: 0,
        networkCardIndex: 0,
        deleteOnTermination: true,
        status: 'attached',
      },
    },
    {
      networkInterfaceId: ctx.id('eni', 'lambda'),
      status: 'in-use',
      interfaceType: 'lambda',
      description: 'AWS Lambda VPC ENI-billing-export',
      subnetId: ctx.id('subnet', 'node-c'),
      vpcId,
      availabilityZone: ctx.az('a'),
      ownerId: acct(ctx),
      requesterManaged: true,
      groupIds: [ctx.id('sg', 'node')],
      privateIpAddress: `10.${net}.48.52`,
      privateIpAddresses: addresses(`10.${net}.48`, 52, 1),
      ipv4Prefixes: [],
      ipv6Prefixes: [],
      ipv6Addresses: [],
      tags: {},
    },
  );
  ctx.parts.instances.push({
    ...structuredClone(ctx.instance('node2')),
    instanceId,
    subnetId: ctx.id('subnet', 'node-c'),
    availabilityZone: ctx.az('a'),
    privateIpAddress: `10.${net}.48.5`,
    instanceType: 'm5.large',
    hypervisor: 'nitro',
    networkInterfaces: [
      {
        networkInterfaceId: ctx.id('eni', 'node3-0'),
        deviceIndex: 0,
        networkCardIndex: 0,
        deleteOnTermination: true,
      },
    ],
  });
};

/** The cluster's load-balancer SG, subnets and tags an extra LB shares. */
const lbTagsOf = (ctx: TweakContext, stack: Record<string, string>) => ({
  'elbv2.k8s.aws/cluster': ctx.place.name,
  ...stack,
  'service.k8s.aws/resource': 'LoadBalancer',
});

/**
 * An internet-facing ALB for the storefront Ingress: plain HTTP:80 forwarded
 * without a redirect, no access logs, and a leftover debug port open to all.
 */
const internetFacingAlb: Tweak = (ctx) => {
  const { accountId } = ctx.place;
  const sgId = ctx.id('sg', 'lb-shop');
  const arn = `${ctx.elbArn}:loadbalancer/app/k8s-shop-storefront/${ctx.place.key}9c8d7e6f`;
  const tg = `${ctx.elbArn}:targetgroup/k8s-shop-storefront/${ctx.place.key}9a8b7c6d`;
  const stack = { 'ingress.k8s.aws/stack': 'shop/storefront' };
  ctx.parts.securityGroups.push({
    groupId: sgId,
    groupName: `k8s-shop-storefront-${ctx.place.key}`,
    vpcId: ctx.vpc().vpcId,
    ownerId: accountId,
    description: '[k8s] Managed SecurityGroup for LoadBalancer',
    ipPermissions: [
      rule('tcp', 80, 80, { cidrs: ['0.0.0.0/0'] }, accountId),
      rule('tcp', 443, 443, { cidrs: ['0.0.0.0/0'] }, accountId),
      rule('tcp', 8080, 8080, { cidrs: ['0.0.0.0/0'] }, accountId),
    ],
    ipPermissionsEgress: [
      rule('-1', undefined, undefined, { cidrs: ['0.0.0.0/0'] }, accountId),
    ],
    tags: { 'elbv2.k8s.aws/cluster': ctx.place.name, ...stack },
  });
  ctx.parts.loadBalancers.push({
    loadBalancerArn: arn,
    loadBalancerName: `k8s-shop-storefront-${ctx.place.key}`,
    type: 'application',
    scheme: 'internet-facing',
    vpcId: ctx.vpc().vpcId,
    dnsName: `k8s-shop-storefront-${ctx.place.key}.${ctx.place.region}.elb.amazonaws.com`,
    createdTime: '2025-09-14T08:30:00Z',
    ipAddressType: 'ipv4',
    state: 'active',
    subnetIds: [ctx.id('subnet', 'pub-a'), ctx.id('subnet', 'pub-b')],
    availabilityZones: [ctx.az('a'), ctx.az('b')],
    securityGroups: [sgId],
    tags: {
      'elbv2.k8s.aws/cluster': ctx.place.name,
      ...stack,
      'ingress.k8s.aws/resource': 'LoadBalancer',
    },
    attributes: {
      'access_logs.s3.enabled': 'false',
      'routing.http.drop_invalid_header_fields.enabled': 'false',
      'routing.http.xff_header_processing.mode': 'append',
      'deletion_protection.enabled': 'false',
    },
  });
  ctx.parts.listeners.push(
    {
      listenerArn: `${arn.replace(':loadbalancer/', ':listener/')}/80`,
      loadBalancerArn: arn,
      port: 80,
      protocol: 'HTTP',
      certificateArns: [],
      alpnPolicy: [],
      defaultActions: [{ type: 'forward', targetGroupArns: [tg] }],
    },
    {
      listenerArn: `${arn.replace(':loadbalancer/', ':listener/')}/443`,
      loadBalancerArn: arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: 'ELBSecurityPolicy-2016-08',
      certificateArns: [
        `arn:aws:acm:${ctx.place.region}:${accountId}:certificate/${ctx.place.key}-shop`,
      ],
      alpnPolicy: [],
      defaultActions: [{ type: 'forward', targetGroupArns: [tg] }],
    },
  );
  ctx.parts.targetGroups.push({
    targetGroupArn: tg,
    targetGroupName: `k8s-shop-storefront-${ctx.place.key}`,
    vpcId: ctx.vpc().vpcId,
    protocol: 'HTTP',
    port: 8080,
    targetType: 'ip',
    ipAddressType: 'ipv4',
    healthCheckProtocol: 'HTTP',
    healthCheckPort: 'traffic-port',
    healthCheckPath: '/',
    healthCheckEnabled: true,
    loadBalancerArns: [arn],
    tags: {
      'elbv2.k8s.aws/cluster': ctx.place.name,
      'ingress.k8s.aws/resource': 'shop/storefront-web:80',
    },
  });
};

/**
 * A Service of `type: LoadBalancer` left to the in-tree controller: a Classic
 * ELB with NodePort instance listeners, no access logs.
 */
const legacyClassicElb: Tweak = (ctx) => {
  const name =
    `a${ctx.place.key.padEnd(4, '0')}3f9c1e2d4b5a69788c7d6e5f401`.slice(0, 32);
  ctx.parts.loadBalancers.push({
    loadBalancerArn: `${ctx.elbArn}:loadbalancer/${name}`,
    loadBalancerName: name,
    type: 'classic',
    scheme: 'internet-facing',
    vpcId: ctx.vpc().vpcId,
    dnsName: `${name}-1234567890.${ctx.place.region}.elb.amazonaws.com`,
    createdTime: '2024-02-11T15:20:00Z',
    subnetIds: [ctx.id('subnet', 'pub-a'), ctx.id('subnet', 'pub-b')],
    availabilityZones: [ctx.az('a'), ctx.az('b')],
    securityGroups: [],
    tags: {
      'kubernetes.io/service-name': 'default/legacy-web',
      [`kubernetes.io/cluster/${ctx.place.name}`]: 'owned',
    },
    attributes: {
      'access_logs.s3.enabled': 'false',
      'load_balancing.cross_zone.enabled': 'false',
      'connection_draining.enabled': 'false',
      'idle_timeout.timeout_seconds': '60',
    },
    classicListeners: [
      {
        protocol: 'TCP',
        loadBalancerPort: 80,
        instanceProtocol: 'TCP',
        instancePort: 31380,
        policyNames: [],
      },
    ],
    instanceIds: [ctx.id('i', 'node1'), ctx.id('i', 'node2')],
    healthCheckTarget: 'TCP:31380',
    sourceSecurityGroupName: `k8s-elb-${name}`,
  });
};

/** The whole NodePort range opened on the node group to the internet. */
const nodePortsOpen: Tweak = (ctx) => {
  ctx
    .sg('node')
    .ipPermissions.push(
      rule('tcp', 30000, 32767, { cidrs: ['0.0.0.0/0'] }, acct(ctx)),
    );
};

/** The gRPC NLB's IP targets lose the client address (attribute left at its default). */
const clientIpLost: Tweak = (ctx) => {
  const tg = ctx.targetGroup('nlb');
  tg.attributes = { 'deregistration_delay.timeout_seconds': '300' };
};

/** The load balancers follow an IPv6 cluster: dual-stack with IPv6 IP targets. */
const dualStackLbs: Tweak = (ctx) => {
  for (const short of ['alb', 'nlb']) {
    ctx.loadBalancer(short).ipAddressType = 'dualstack';
    ctx.targetGroup(short).ipAddressType = 'ipv6';
  }
};

/** `count` more Service NLBs, one per team Service: NLB sprawl. */
const nlbSprawl =
  (count: number): Tweak =>
  (ctx) => {
    const { key } = ctx.place;
    for (let i = 1; i <= count; i++) {
      const n = String(i).padStart(2, '0');
      const arn = `${ctx.elbArn}:loadbalancer/net/k8s-svc${n}-api/${key}7f${n}0000`;
      const tg = `${ctx.elbArn}:targetgroup/k8s-svc${n}-api/${key}6e${n}0000`;
      ctx.parts.loadBalancers.push({
        loadBalancerArn: arn,
        loadBalancerName: `k8s-svc${n}-api-${key}`,
        type: 'network',
        scheme: 'internal',
        vpcId: ctx.vpc().vpcId,
        createdTime: '2026-03-01T12:00:00Z',
        ipAddressType: 'ipv4',
        state: 'active',
        subnetIds: [ctx.id('subnet', 'node-a'), ctx.id('subnet', 'node-b')],
        availabilityZones: [ctx.az('a'), ctx.az('b')],
        securityGroups: [],
        tags: lbTagsOf(ctx, { 'service.k8s.aws/stack': `svc${n}/api` }),
        attributes: {
          'access_logs.s3.enabled': 'false',
          'load_balancing.cross_zone.enabled': 'true',
          'deletion_protection.enabled': 'false',
        },
      });
      ctx.parts.listeners.push({
        listenerArn: `${arn.replace(':loadbalancer/', ':listener/')}/80`,
        loadBalancerArn: arn,
        port: 80,
        protocol: 'TCP',
        certificateArns: [],
        alpnPolicy: [],
        defaultActions: [{ type: 'forward', targetGroupArns: [tg] }],
      });
      ctx.parts.targetGroups.push({
        targetGroupArn: tg,
        targetGroupName: `k8s-svc${n}-api-${key}`,
        vpcId: ctx.vpc().vpcId,
        protocol: 'TCP',
        port: 8080,
        targetType: 'ip',
        ipAddressType: 'ipv4',
        healthCheckProtocol: 'TCP',
        healthCheckPort: 'traffic-port',
        healthCheckEnabled: true,
        loadBalancerArns: [arn],
        tags: {
          'elbv2.k8s.aws/cluster': ctx.place.name,
          'service.k8s.aws/resource': `svc${n}/api:80`,
        },
        attributes: { 'preserve_client_ip.enabled': 'true' },
      });
    }
  };

/**
 * The `api` namespace moved to Fargate while its NLB still registers
 * instance targets, which Fargate Pods cannot be.
 */
const fargateInstanceTargets: Tweak = (ctx) => {
  ctx.cluster.fargateProfiles = [
    ...(ctx.cluster.fargateProfiles ?? []),
    {
      fargateProfileName: 'api',
      fargateProfileArn: `${ctx.cluster.arn.replace(':cluster/', ':fargateprofile/')}/api/f3`,
      clusterName: ctx.place.name,
      status: 'ACTIVE',
      subnets: [ctx.id('subnet', 'node-a'), ctx.id('subnet', 'node-b')],
      selectors: [{ namespace: 'api' }],
      podExecutionRoleArn: `arn:aws:iam::${acct(ctx)}:role/fargate-pod`,
      health: { issues: [] },
    } as never,
  ];
  ctx.targetGroup('nlb').targetType = 'instance';
  ctx.targetGroup('nlb').port = 31443;
};

/** `AWS_VPC_K8S_CNI_EXTERNALSNAT` set to `value`. */
const externalSnat =
  (value: 'true' | 'false'): Tweak =>
  (ctx) =>
    cniEnv(ctx, { AWS_VPC_K8S_CNI_EXTERNALSNAT: value });

/**
 * A Multus ENI on the first node (device index 2), tagged `no_manage` with
 * `tagValue`; `open` gives it a group admitting everything from anywhere.
 */
const multusEni =
  (tagValue: string, open: boolean): Tweak =>
  (ctx) => {
    const { accountId } = ctx.place;
    const sgId = ctx.id('sg', 'multus');
    ctx.parts.securityGroups.push({
      groupId: sgId,
      groupName: `${ctx.place.name}-multus`,
      vpcId: ctx.vpc().vpcId,
      ownerId: accountId,
      description: 'Multus secondary network',
      ipPermissions: [
        open
          ? rule(
              '-1',
              undefined,
              undefined,
              { cidrs: ['0.0.0.0/0'] },
              accountId,
            )
          : rule(
              'udp',
              5060,
              5060,
              { cidrs: [`10.${ctx.place.net}.0.0/16`] },
              accountId,
            ),
      ],
      ipPermissionsEgress: [
        rule('-1', undefined, undefined, { cidrs: ['0.0.0.0/0'] }, accountId),
      ],
      tags: {},
    });
    const node = ctx.instance('node1');
    const base = ctx.eni('node1-0');
    const eniId = ctx.id('eni', 'node1-multus');
    ctx.parts.networkInterfaces.push({
      ...structuredClone(base),
      networkInterfaceId: eniId,
      description: 'Multus net1',
      groupIds: [sgId],
      privateIpAddress: `10.${ctx.place.net}.16.90`,
      privateIpAddresses: addresses(`10.${ctx.place.net}.16`, 90, 1),
      tags: { 'node.k8s.amazonaws.com/no_manage': tagValue },
      attachment: {
        instanceId: node.instanceId,
        instanceOwnerId: accountId,
        deviceIndex: 2,
        networkCardIndex: 0,
        deleteOnTermination: true,
        status: 'attached',
      },
    });
    node.networkInterfaces.push({
      networkInterfaceId: eniId,
      deviceIndex: 2,
      networkCardIndex: 0,
      deleteOnTermination: true,
    });
  };

/** EKS Auto Mode: no node groups or add-on, nodes managed by EKS. */
const autoMode: Tweak = (ctx) => {
  ctx.cluster.computeConfig = {
    enabled: true,
    nodePools: ['general-purpose', 'system'],
    nodeRoleArn: `arn:aws:iam::${acct(ctx)}:role/eks-auto-node`,
  };
  ctx.cluster.nodegroups = [];
  ctx.cluster.vpcCniAddon = null;
  for (const short of ['node1', 'node2']) {
    const node = ctx.instance(short);
    delete node.tags['eks:nodegroup-name'];
    delete node.tags['aws:autoscaling:groupName'];
    node.tags['eks:eks-cluster-name'] = ctx.place.name;
    node.tags['karpenter.sh/nodepool'] = 'general-purpose';
  }
  // Auto Mode's built-in load balancing tags with the EKS key, not the LBC's.
  for (const lb of ctx.parts.loadBalancers) {
    const tags = lb.tags;
    if (tags?.['elbv2.k8s.aws/cluster'] !== ctx.place.name) continue;
    delete tags['elbv2.k8s.aws/cluster'];
    tags['eks:eks-cluster-name'] = ctx.place.name;
  }
};

export {
  autoMode,
  badLbTags,
  blackholeRoute,
  brokenClusterSubnets,
  clientIpLost,
  clusterSgDeleted,
  clusterSgNoEgress,
  clusterSgNoSelf,
  controlPlaneSgOpen,
  corporateDns,
  crossAzNat,
  customNetworking,
  dnsHostnamesOff,
  dualStackLbs,
  duplicateClusterTag,
  endpointWithoutPrivateDns,
  extendedSupport,
  externalSnat,
  fargateInPublicSubnet,
  fargateInstanceTargets,
  fargatePrivate,
  flowLogDeliveryFailing,
  fragmentedPrefixSubnet,
  insufficientAddresses,
  internetFacingAlb,
  ipv6,
  isolatedSubnet,
  kubeletBlocked,
  launchTemplate,
  leakedEnis,
  legacyClassicElb,
  legacyCni,
  minimumIpOnly,
  mixedInstanceTypes,
  multusEni,
  nearlyFullSubnet,
  nlbSprawl,
  nodegroupMax,
  nodePortsOpen,
  nodesInWrongSubnets,
  noLbTags,
  noObservability,
  podSecurityGroups,
  prefixDelegation,
  primaryEniKept,
  privateWithEndpoints,
  publicOpen,
  publicRestricted,
  selfManagedCni,
  serviceCidr,
  singleAzNodegroup,
  smallClusterSubnets,
  sshFromAnywhere,
  sshFromBastion,
  unsupportedAz,
  warmAndMinimumIp,
  warmIpOnly,
  windowsNodes,
};
