/**
 * Builds a large synthetic snapshot for derive's performance test: by
 * default 50 clusters in 5 VPCs, 2,000 subnets, 500 security groups, 10,000
 * nodes and 100,000 ENIs (one primary and nine CNI ENIs per node).
 */
import type {
  Cluster,
  Instance,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Snapshot,
  Subnet,
} from '../../../lib/snapshot/types.js';

/** Sizes of the synthetic snapshot. */
interface ScaleOptions {
  readonly clusters: number;
  readonly clustersPerVpc: number;
  readonly subnetsPerCluster: number;
  readonly sgsPerCluster: number;
  readonly nodesPerCluster: number;
  readonly enisPerNode: number;
}

const defaults: ScaleOptions = {
  clusters: 50,
  clustersPerVpc: 10,
  subnetsPerCluster: 40,
  sgsPerCluster: 10,
  nodesPerCluster: 200,
  enisPerNode: 10,
};

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** A synthetic snapshot with the given (or default) sizes. */
const scaleSnapshot = (options: Partial<ScaleOptions> = {}): Snapshot => {
  const o = { ...defaults, ...options };
  const clusters: Cluster[] = [];
  const subnets: Subnet[] = [];
  const routeTables: RouteTable[] = [];
  const securityGroups: SecurityGroup[] = [];
  const instances: Instance[] = [];
  const enis: NetworkInterface[] = [];
  const vpcCount = Math.ceil(o.clusters / o.clustersPerVpc);
  const vpcs = Array.from({ length: vpcCount }, (_, v) => ({
    vpcId: `vpc-${v}`,
    cidrBlock: `10.${v * 4}.0.0/14`,
    cidrBlockAssociationSet: [
      { cidrBlock: `10.${v * 4}.0.0/14`, state: 'associated' },
    ],
    ipv6CidrBlockAssociationSet: [],
    enableDnsSupport: true,
    enableDnsHostnames: true,
    tags: {},
  }));
  for (let v = 0; v < vpcCount; v++) {
    routeTables.push({
      routeTableId: `rtb-main-${v}`,
      vpcId: `vpc-${v}`,
      associations: [{ main: true }],
      routes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId: `igw-${v}` }],
      tags: {},
    });
  }
  for (let c = 0; c < o.clusters; c++) {
    const name = `cluster-${c}`;
    const v = Math.floor(c / o.clustersPerVpc);
    const vpcId = `vpc-${v}`;
    const localIndex = c % o.clustersPerVpc;
    const subnetIds: string[] = [];
    for (let s = 0; s < o.subnetsPerCluster; s++) {
      const block = localIndex * o.subnetsPerCluster + s;
      const subnetId = `subnet-${c}-${s}`;
      subnetIds.push(subnetId);
      subnets.push({
        subnetId,
        vpcId,
        cidrBlock: `10.${v * 4 + Math.floor(block / 256)}.${block % 256}.0/24`,
        availableIpAddressCount: 100,
        availabilityZone: AZS[s % 3] as string,
        availabilityZoneId: `use1-az${(s % 3) + 1}`,
        mapPublicIpOnLaunch: false,
        assignIpv6AddressOnCreation: false,
        ipv6CidrBlocks: [],
        ipv6Native: false,
        enableDns64: false,
        tags: { 'kubernetes.io/role/internal-elb': '1' },
      });
      routeTables.push({
        routeTableId: `rtb-${c}-${s}`,
        vpcId,
        associations: [{ subnetId, main: false }],
        routes: [
          { destinationCidrBlock: '0.0.0.0/0', natGatewayId: `nat-${v}` },
          { destinationCidrBlock: '172.16.0.0/12', transitGatewayId: 'tgw-1' },
        ],
        tags: {},
      });
    }
    const sgIds = Array.from(
      { length: o.sgsPerCluster },
      (_, g) => `sg-${c}-${g}`,
    );
    for (const [g, groupId] of sgIds.entries()) {
      securityGroups.push({
        groupId,
        groupName: groupId,
        vpcId,
        ipPermissions: [
          {
            ipProtocol: g === 0 ? '-1' : 'tcp',
            fromPort: g === 0 ? undefined : 443,
            toPort: g === 0 ? undefined : 443,
            ipRanges: g === 2 ? ['10.0.0.0/8'] : [],
            ipv6Ranges: [],
            prefixListIds: [],
            userIdGroupPairs: [{ groupId: sgIds[0] as string }],
          },
        ],
        ipPermissionsEgress: [
          {
            ipProtocol: '-1',
            ipRanges: ['0.0.0.0/0'],
            ipv6Ranges: [],
            prefixListIds: [],
            userIdGroupPairs: [],
          },
        ],
        tags: { [`kubernetes.io/cluster/${name}`]: 'owned' },
      });
    }
    for (let e = 0; e < 2; e++) {
      const subnetId = subnetIds[e] as string;
      enis.push({
        networkInterfaceId: `eni-cp-${c}-${e}`,
        status: 'in-use',
        interfaceType: 'interface',
        description: `Amazon EKS ${name}`,
        subnetId,
        vpcId,
        availabilityZone: AZS[e % 3] as string,
        requesterManaged: true,
        groupIds: [sgIds[0] as string, sgIds[1] as string],
        privateIpAddress: `10.250.${c}.${e + 10}`,
        privateIpAddresses: [
          { privateIpAddress: `10.250.${c}.${e + 10}`, primary: true },
        ],
        ipv4Prefixes: [],
        ipv6Prefixes: [],
        ipv6Addresses: [],
        tags: {},
      });
    }
    const nodegroups = Array.from({ length: 4 }, (_, n) => ({
      nodegroupName: `ng-${n}`,
      clusterName: name,
      scalingConfig: { minSize: 1, maxSize: 100, desiredSize: 50 },
      instanceTypes: ['m5.large'],
      subnets: subnetIds.slice(n * 10, n * 10 + 10),
      resources: { autoScalingGroups: [`asg-${c}-${n}`] },
      labels: {},
      tags: {},
      health: { issues: [] },
    }));
    for (let i = 0; i < o.nodesPerCluster; i++) {
      const instanceId = `i-${c}-${i}`;
      const s = i % o.subnetsPerCluster;
      const subnetId = subnetIds[s] as string;
      const block = localIndex * o.subnetsPerCluster + s;
      const prefix = `10.${v * 4 + Math.floor(block / 256)}.${block % 256}`;
      const slot = Math.floor(i / o.subnetsPerCluster);
      const ip = (k: number) =>
        `${prefix}.${((slot * o.enisPerNode * 3 + k) % 250) + 4}`;
      const nodeEnis: { networkInterfaceId: string; deviceIndex: number }[] =
        [];
      for (let e = 0; e < o.enisPerNode; e++) {
        const networkInterfaceId = `eni-${c}-${i}-${e}`;
        nodeEnis.push({ networkInterfaceId, deviceIndex: e });
        enis.push({
          networkInterfaceId,
          status: 'in-use',
          interfaceType: 'interface',
          description: e === 0 ? '' : `aws-K8S-${instanceId}`,
          subnetId,
          vpcId,
          availabilityZone: AZS[s % 3] as string,
          requesterManaged: false,
          groupIds: [sgIds[0] as string, sgIds[2] as string],
          privateIpAddress: ip(e * 3),
          privateIpAddresses: [0, 1, 2].map((k) => ({
            privateIpAddress: ip(e * 3 + k),
            primary: k === 0,
          })),
          ipv4Prefixes: [],
          ipv6Prefixes: [],
          ipv6Addresses: [],
          attachment: {
            instanceId,
            deviceIndex: e,
            networkCardIndex: 0,
            deleteOnTermination: true,
          },
          tags:
            e === 0
              ? {}
              : {
                  'node.k8s.amazonaws.com/instance_id': instanceId,
                  'node.k8s.amazonaws.com/createdAt': '2026-11-01T00:00:00Z',
                },
        });
      }
      instances.push({
        instanceId,
        instanceType: 'm5.large',
        state: 'running',
        subnetId,
        vpcId,
        availabilityZone: AZS[s % 3] as string,
        privateIpAddress: ip(0),
        securityGroupIds: [sgIds[0] as string, sgIds[2] as string],
        networkInterfaces: nodeEnis,
        tags: {
          'aws:eks:cluster-name': name,
          'aws:autoscaling:groupName': `asg-${c}-${i % 4}`,
        },
      });
    }
    clusters.push({
      name,
      arn: `arn:aws:eks:us-east-1:111122223333:cluster/${name}`,
      version: '1.31',
      status: 'ACTIVE',
      resourcesVpcConfig: {
        subnetIds: subnetIds.slice(0, 2),
        securityGroupIds: [sgIds[1] as string],
        clusterSecurityGroupId: sgIds[0],
        vpcId,
        endpointPublicAccess: true,
        endpointPrivateAccess: true,
        publicAccessCidrs: ['0.0.0.0/0'],
      },
      kubernetesNetworkConfig: {
        serviceIpv4Cidr: '172.20.0.0/16',
        ipFamily: 'ipv4',
      },
      logging: [{ types: ['api', 'audit'], enabled: true }],
      health: { issues: [] },
      tags: {},
      nodegroups,
      fargateProfiles: [],
      vpcCniAddon: {
        addonName: 'vpc-cni',
        addonVersion: 'v1.18.5-eksbuild.1',
        status: 'ACTIVE',
        configurationValues:
          '{"env":{"WARM_IP_TARGET":"5","MINIMUM_IP_TARGET":"10"}}',
        health: { issues: [] },
      },
    });
  }
  return {
    schemaVersion: 1,
    scanId: 'scale',
    target: { accountId: '111122223333', region: 'us-east-1' },
    collectedAt: '2026-11-26T10:00:00Z',
    clusters,
    clusterVersions: [],
    vpcs,
    dhcpOptions: [],
    subnets,
    routeTables,
    natGateways: Array.from({ length: vpcCount }, (_, v) => ({
      natGatewayId: `nat-${v}`,
      vpcId: `vpc-${v}`,
      subnetId: `subnet-${v * o.clustersPerVpc}-0`,
      state: 'available',
      addresses: [{ publicIp: `198.51.100.${v}` }],
      tags: {},
    })),
    vpcEndpoints: [],
    securityGroups,
    networkInterfaces: enis,
    instances,
    instanceTypes: [
      {
        instanceType: 'm5.large',
        source: 'bundled',
        hypervisor: 'nitro',
        maximumNetworkInterfaces: 10,
        ipv4AddressesPerInterface: 30,
        trunkingCompatible: true,
        branchInterfaces: 9,
        defaultVCpus: 2,
      },
    ],
    flowLogs: [],
    subnetCidrReservations: [],
    gaps: [],
    stats: { apiCalls: 0, callsByAction: {}, durationMs: 0 },
  };
};

export type { ScaleOptions };
export { scaleSnapshot };
