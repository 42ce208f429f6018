/**
 * Builds one region's EKS network in moto through the real SDK clients: a
 * VPC with a secondary CIDR, public and private subnets in two AZs, an
 * internet gateway, a NAT gateway, gateway and interface endpoints, security
 * groups with rules, tagged nodes, CNI / trunk / branch / control-plane ENIs,
 * a flow log, and an EKS cluster with node groups (and a Fargate profile).
 */
import {
  AllocateAddressCommand,
  AssociateDhcpOptionsCommand,
  AssociateRouteTableCommand,
  AssociateVpcCidrBlockCommand,
  AttachInternetGatewayCommand,
  AttachNetworkInterfaceCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateDhcpOptionsCommand,
  CreateFlowLogsCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeImagesCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  RunInstancesCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateFargateProfileCommand,
  CreateNodegroupCommand,
  EKSClient,
} from '@aws-sdk/client-eks';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest, HttpResponse } from '@smithy/types';
import { testCredentials } from '../../helpers/moto.js';
import { type Canned, eksError, fixture, type TestHandler } from './support.js';

/** Ids of everything {@link buildRegion} created, for field-by-field asserts. */
interface RegionWorld {
  readonly region: string;
  readonly clusterName: string;
  readonly vpcId: string;
  readonly dhcpOptionsId: string;
  readonly imageId: string;
  readonly subnets: {
    publicA: string;
    publicB: string;
    privateA: string;
    privateB: string;
  };
  readonly igwId: string;
  readonly natGatewayId: string;
  readonly publicRouteTableId: string;
  readonly privateRouteTableId: string;
  readonly s3EndpointId: string;
  readonly ecrEndpointId: string;
  readonly clusterSgId: string;
  readonly nodeSgId: string;
  readonly instanceIds: string[];
  readonly enis: {
    cni: string;
    trunk: string;
    branch: string;
    controlPlane: string[];
  };
  readonly flowLogId: string;
  readonly nodegroups: string[];
  readonly fargateProfiles: string[];
}

const tags = (resource: string, entries: Record<string, string>) => [
  {
    ResourceType: resource as never,
    Tags: Object.entries(entries).map(([Key, Value]): Tag => ({ Key, Value })),
  },
];

/** Creates the region's world; `withFargate` adds a Fargate profile. */
const buildRegion = async (input: {
  endpoint: string;
  region: string;
  clusterName: string;
  cidr: string;
  nodegroups: { name: string; instanceType: string; nodes: number }[];
  withFargate: boolean;
}): Promise<RegionWorld> => {
  const { endpoint, region, clusterName } = input;
  const config = { ...testCredentials, region, endpoint };
  const ec2 = new EC2Client(config);
  const eks = new EKSClient(config);
  const prefix = input.cidr.split('.').slice(0, 2).join('.');
  const az = (suffix: string) => `${region}${suffix}`;

  const vpc = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: input.cidr,
      TagSpecifications: tags('vpc', { Name: `${clusterName}-vpc` }),
    }),
  );
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const secondPrefix = `${prefix.split('.')[0]}.${Number(prefix.split('.')[1]) + 100}`;
  await ec2.send(
    new AssociateVpcCidrBlockCommand({
      VpcId: vpcId,
      CidrBlock: `${secondPrefix}.0.0/16`,
    }),
  );
  await ec2.send(
    new ModifyVpcAttributeCommand({
      VpcId: vpcId,
      EnableDnsHostnames: { Value: true },
    }),
  );
  const dhcp = await ec2.send(
    new CreateDhcpOptionsCommand({
      DhcpConfigurations: [
        { Key: 'domain-name', Values: [`${region}.compute.internal`] },
        { Key: 'domain-name-servers', Values: ['AmazonProvidedDNS'] },
      ],
    }),
  );
  const dhcpOptionsId = dhcp.DhcpOptions?.DhcpOptionsId ?? '';
  await ec2.send(
    new AssociateDhcpOptionsCommand({
      DhcpOptionsId: dhcpOptionsId,
      VpcId: vpcId,
    }),
  );

  const subnet = async (
    third: number,
    zone: string,
    subnetTags: Record<string, string>,
  ) => {
    const out = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: `${prefix}.${third}.0/24`,
        AvailabilityZone: az(zone),
        TagSpecifications: tags('subnet', subnetTags),
      }),
    );
    return out.Subnet?.SubnetId ?? '';
  };
  const subnets = {
    publicA: await subnet(0, 'a', { 'kubernetes.io/role/elb': '1' }),
    publicB: await subnet(1, 'b', { 'kubernetes.io/role/elb': '1' }),
    privateA: await subnet(10, 'a', { 'kubernetes.io/role/internal-elb': '1' }),
    privateB: await subnet(11, 'b', { 'kubernetes.io/role/internal-elb': '1' }),
  };

  const igw = await ec2.send(new CreateInternetGatewayCommand({}));
  const igwId = igw.InternetGateway?.InternetGatewayId ?? '';
  await ec2.send(
    new AttachInternetGatewayCommand({
      InternetGatewayId: igwId,
      VpcId: vpcId,
    }),
  );
  const publicRt = await ec2.send(
    new CreateRouteTableCommand({
      VpcId: vpcId,
      TagSpecifications: tags('route-table', { Name: 'public' }),
    }),
  );
  const publicRouteTableId = publicRt.RouteTable?.RouteTableId ?? '';
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: publicRouteTableId,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: igwId,
    }),
  );
  for (const id of [subnets.publicA, subnets.publicB]) {
    await ec2.send(
      new AssociateRouteTableCommand({
        RouteTableId: publicRouteTableId,
        SubnetId: id,
      }),
    );
  }

  const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const nat = await ec2.send(
    new CreateNatGatewayCommand({
      SubnetId: subnets.publicA,
      AllocationId: eip.AllocationId,
      TagSpecifications: tags('natgateway', { Name: 'nat-a' }),
    }),
  );
  const natGatewayId = nat.NatGateway?.NatGatewayId ?? '';
  const privateRt = await ec2.send(
    new CreateRouteTableCommand({
      VpcId: vpcId,
      TagSpecifications: tags('route-table', { Name: 'private' }),
    }),
  );
  const privateRouteTableId = privateRt.RouteTable?.RouteTableId ?? '';
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: privateRouteTableId,
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: natGatewayId,
    }),
  );
  for (const id of [subnets.privateA, subnets.privateB]) {
    await ec2.send(
      new AssociateRouteTableCommand({
        RouteTableId: privateRouteTableId,
        SubnetId: id,
      }),
    );
  }

  const clusterSg = await ec2.send(
    new CreateSecurityGroupCommand({
      VpcId: vpcId,
      GroupName: `eks-cluster-sg-${clusterName}`,
      Description: 'EKS created security group',
      TagSpecifications: tags('security-group', {
        'aws:eks:cluster-name': clusterName,
      }),
    }),
  );
  const clusterSgId = clusterSg.GroupId ?? '';
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: clusterSgId,
      IpPermissions: [
        { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: clusterSgId }] },
      ],
    }),
  );
  const nodeSg = await ec2.send(
    new CreateSecurityGroupCommand({
      VpcId: vpcId,
      GroupName: `${clusterName}-nodes`,
      Description: 'nodes',
    }),
  );
  const nodeSgId = nodeSg.GroupId ?? '';
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: nodeSgId,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          UserIdGroupPairs: [{ GroupId: clusterSgId }],
        },
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        },
      ],
    }),
  );

  const s3 = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpcId,
      ServiceName: `com.amazonaws.${region}.s3`,
      VpcEndpointType: 'Gateway',
      RouteTableIds: [privateRouteTableId],
    }),
  );
  const ecr = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpcId,
      ServiceName: `com.amazonaws.${region}.ecr.api`,
      VpcEndpointType: 'Interface',
      SubnetIds: [subnets.privateA, subnets.privateB],
      SecurityGroupIds: [nodeSgId],
      PrivateDnsEnabled: true,
    }),
  );

  const images = await ec2.send(new DescribeImagesCommand({}));
  const imageId =
    images.Images?.find((i) => !i.Platform && i.Architecture === 'x86_64')
      ?.ImageId ?? '';
  const instanceIds: string[] = [];
  for (const group of input.nodegroups) {
    for (let i = 0; i < group.nodes; i += 1) {
      const run = await ec2.send(
        new RunInstancesCommand({
          ImageId: imageId,
          MinCount: 1,
          MaxCount: 1,
          InstanceType: group.instanceType as never,
          SubnetId: i % 2 === 0 ? subnets.privateA : subnets.privateB,
          SecurityGroupIds: [clusterSgId, nodeSgId],
          TagSpecifications: tags('instance', {
            'aws:eks:cluster-name': clusterName,
            'eks:nodegroup-name': group.name,
          }),
        }),
      );
      instanceIds.push(run.Instances?.[0]?.InstanceId ?? '');
    }
  }
  const firstNode = instanceIds[0] ?? '';

  const eni = async (
    subnetId: string,
    description: string,
    eniTags: Record<string, string>,
    secondaryIps = 0,
  ) => {
    const out = await ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: subnetId,
        Description: description,
        Groups: [clusterSgId],
        ...(secondaryIps > 0
          ? { SecondaryPrivateIpAddressCount: secondaryIps }
          : {}),
        TagSpecifications: tags('network-interface', eniTags),
      }),
    );
    return out.NetworkInterface?.NetworkInterfaceId ?? '';
  };
  const cni = await eni(
    subnets.privateA,
    `aws-K8S-${firstNode}`,
    {
      'node.k8s.amazonaws.com/instance_id': firstNode,
      'cluster.k8s.amazonaws.com/name': clusterName,
    },
    3,
  );
  await ec2.send(
    new AttachNetworkInterfaceCommand({
      NetworkInterfaceId: cni,
      InstanceId: firstNode,
      DeviceIndex: 1,
    }),
  );
  const trunk = await eni(subnets.privateA, 'aws-k8s-trunk-eni', {
    'eks:eni:owner': 'eks-vpc-resource-controller',
    'node.k8s.amazonaws.com/instance_id': firstNode,
  });
  const branch = await eni(subnets.privateA, 'aws-k8s-branch-eni', {
    'eks:eni:owner': 'eks-vpc-resource-controller',
    'vpcresources.k8s.aws/trunk-eni-id': trunk,
    'vpcresources.k8s.aws/vlan-id': '1',
  });
  const controlPlane = [
    await eni(subnets.privateA, `Amazon EKS ${clusterName}`, {}),
    await eni(subnets.privateB, `Amazon EKS ${clusterName}`, {}),
  ];

  const flow = await ec2.send(
    new CreateFlowLogsCommand({
      ResourceIds: [vpcId],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: 'vpc-flow-logs',
      DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/flow-logs',
    }),
  );

  await eks.send(
    new CreateClusterCommand({
      name: clusterName,
      version: '1.31',
      roleArn: 'arn:aws:iam::123456789012:role/eks-cluster',
      resourcesVpcConfig: {
        subnetIds: [subnets.privateA, subnets.privateB],
        securityGroupIds: [nodeSgId],
        endpointPublicAccess: true,
        endpointPrivateAccess: true,
        publicAccessCidrs: ['203.0.113.0/24'],
      },
      kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16' },
      logging: {
        clusterLogging: [{ types: ['api', 'audit'], enabled: true }],
      },
      tags: { team: 'platform' },
    }),
  );
  for (const group of input.nodegroups) {
    await eks.send(
      new CreateNodegroupCommand({
        clusterName,
        nodegroupName: group.name,
        nodeRole: 'arn:aws:iam::123456789012:role/eks-node',
        subnets: [subnets.privateA, subnets.privateB],
        instanceTypes: [group.instanceType],
        scalingConfig: {
          minSize: 1,
          maxSize: 4,
          desiredSize: group.nodes,
        },
        labels: { pool: group.name },
        tags: { owner: 'team-a' },
      }),
    );
  }
  const fargateProfiles: string[] = [];
  if (input.withFargate) {
    await eks.send(
      new CreateFargateProfileCommand({
        clusterName,
        fargateProfileName: 'fp-default',
        podExecutionRoleArn: 'arn:aws:iam::123456789012:role/fargate',
        subnets: [subnets.privateA, subnets.privateB],
        selectors: [{ namespace: 'default', labels: { fargate: 'yes' } }],
      }),
    );
    fargateProfiles.push('fp-default');
  }

  ec2.destroy();
  eks.destroy();
  return {
    region,
    clusterName,
    vpcId,
    dhcpOptionsId,
    imageId,
    subnets,
    igwId,
    natGatewayId,
    publicRouteTableId,
    privateRouteTableId,
    s3EndpointId: s3.VpcEndpoint?.VpcEndpointId ?? '',
    ecrEndpointId: ecr.VpcEndpoint?.VpcEndpointId ?? '',
    clusterSgId,
    nodeSgId,
    instanceIds,
    enis: { cni, trunk, branch, controlPlane },
    flowLogId: flow.FlowLogIds?.[0] ?? '',
    nodegroups: input.nodegroups.map((g) => g.name),
    fargateProfiles,
  };
};

/** moto answers 404 for add-ons and cluster versions: serve those canned. */
const eksExtras = (
  action: string,
  request: HttpRequest,
): Canned | undefined => {
  if (action === 'eks:DescribeClusterVersions') {
    return fixture('eks', 'DescribeClusterVersions', 'all');
  }
  if (action !== 'eks:DescribeAddon') return undefined;
  return request.path.includes('/clusters/alpha/')
    ? fixture('eks', 'DescribeAddon', 'vpc-cni-prefix-mode')
    : eksError(
        'ResourceNotFoundException',
        'No addon: vpc-cni found in cluster: beta',
        404,
      );
};

/**
 * Adds what real EKS returns and moto does not model to moto's own
 * `DescribeCluster` answer: the VPC id and the cluster security group.
 */
const withClusterVpc = (
  inner: NodeHttpHandler,
  worlds: RegionWorld[],
): TestHandler => ({
  async handle(request, options) {
    const out = await inner.handle(request as never, options);
    if (!/^\/clusters\/[^/]+$/.test(request.path) || request.method !== 'GET') {
      return out as { response: HttpResponse };
    }
    let text = '';
    for await (const chunk of out.response.body as AsyncIterable<Buffer>) {
      text += chunk.toString();
    }
    const body = JSON.parse(text) as {
      cluster: { name: string; resourcesVpcConfig: Record<string, unknown> };
    };
    const world = worlds.find((w) => w.clusterName === body.cluster.name);
    Object.assign(body.cluster.resourcesVpcConfig, {
      vpcId: world?.vpcId,
      clusterSecurityGroupId: world?.clusterSgId,
    });
    return {
      response: {
        ...out.response,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(body)),
      } as HttpResponse,
    };
  },
  updateHttpClientConfig: () => {},
  httpHandlerConfigs: () => ({}),
  destroy: () => {},
});

export type { RegionWorld };
export { buildRegion, eksExtras, withClusterVpc };
