import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import { subnetNetFacts } from '../../../../lib/snapshot/derive/subnet.js';
import {
  clusterOf,
  item,
  loadSnapshot,
  type MutableSnapshot,
} from '../loadSnapshot.js';

const factsOf = (snapshot: MutableSnapshot, subnetId: string) =>
  subnetNetFacts(
    buildContext(snapshot),
    item(snapshot, 'subnets', 'subnetId', subnetId),
  );

describe('subnetNetFacts', () => {
  it('describes a private node subnet of the base fixture', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const facts = factsOf(snapshot, 'subnet-node-a');

    // Assess
    expect(facts).toEqual({
      kind: 'subnet',
      id: 'subnet-node-a',
      name: 'prod-private-a',
      arn: 'arn:aws:ec2:us-east-1:111122223333:subnet/subnet-node-a',
      clusterName: 'prod',
      vpcId: 'vpc-0prod',
      clusterNames: ['prod'],
      vpcClusterNames: ['prod'],
      cidrBlock: '10.0.16.0/20',
      availabilityZone: 'us-east-1a',
      availabilityZoneId: 'use1-az1',
      availableIpAddressCount: 4000,
      isClusterSubnet: false,
      isNodeSubnet: true,
      clusterIpFamilies: ['ipv4'],
      autoModeOnly: false,
      isFargateSubnet: true,
      isPublic: false,
      routeTableId: 'rtb-private-a',
      defaultEgress: 'nat',
      defaultRouteState: 'active',
      natGatewayId: 'nat-a',
      natGatewayState: 'available',
      natGatewayAz: 'us-east-1a',
      ipv6DefaultEgress: 'none',
      ipv6DefaultRouteState: '',
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
      ipv6CidrBlocks: [],
      enableDns64: false,
      isOutpost: false,
      elbRoleTag: 'internal-elb',
      clusterTagNames: ['prod'],
      availableEndpointServices: ['ecr.api', 's3'],
      s3GatewayOnRouteTable: true,
      inPrivateCluster: false,
      tags: {
        Name: 'prod-private-a',
        'kubernetes.io/role/internal-elb': '1',
        'kubernetes.io/cluster/prod': 'shared',
      },
    });
  });

  it('leaves optional fields out when the snapshot cannot tell', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const subnet = item(snapshot, 'subnets', 'subnetId', 'subnet-pub-a');
    delete subnet.cidrBlock;
    delete subnet.availabilityZoneId;
    subnet.tags = {};
    subnet.vpcId = 'vpc-other';

    // Act
    const facts = factsOf(snapshot, 'subnet-pub-a');

    // Assess
    for (const key of [
      'cidrBlock',
      'availabilityZoneId',
      'routeTableId',
      'natGatewayId',
      'natGatewayState',
      'natGatewayAz',
      'clusterName',
    ]) {
      expect(facts, key).not.toHaveProperty(key);
    }
    expect(facts.name).toBe('subnet-pub-a');
    expect(facts.defaultEgress).toBe('none');
    expect(facts.clusterNames).toEqual([]);
  });

  it('reads the NAT state and AZ of the gateway the default route uses', () => {
    // Prepare
    const snapshot = loadSnapshot();
    item(snapshot, 'natGateways', 'natGatewayId', 'nat-a').state = 'failed';
    item(snapshot, 'natGateways', 'natGatewayId', 'nat-a').subnetId =
      'subnet-pub-b';

    // Act
    const facts = factsOf(snapshot, 'subnet-node-a');

    // Assess
    expect(facts.natGatewayState).toBe('failed');
    expect(facts.natGatewayAz).toBe('us-east-1b');
  });

  it('keeps the NAT id but no state when the NAT gateway is not in the snapshot', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete snapshot.natGateways;

    // Act
    const facts = factsOf(snapshot, 'subnet-node-a');

    // Assess
    expect(facts.natGatewayId).toBe('nat-a');
    expect(facts).not.toHaveProperty('natGatewayState');
    expect(facts).not.toHaveProperty('natGatewayAz');
  });

  it('reads load-balancer role tags with value 1 or empty, elb winning over internal-elb', () => {
    // Prepare
    const cases: [Record<string, string>, string][] = [
      [{ 'kubernetes.io/role/elb': '1' }, 'elb'],
      [{ 'kubernetes.io/role/elb': '' }, 'elb'],
      [{ 'kubernetes.io/role/elb': '0' }, ''],
      [{ 'kubernetes.io/role/internal-elb': '1' }, 'internal-elb'],
      [
        {
          'kubernetes.io/role/internal-elb': '1',
          'kubernetes.io/role/elb': '1',
        },
        'elb',
      ],
      [{}, ''],
    ];

    for (const [tags, expected] of cases) {
      const snapshot = loadSnapshot();
      item(snapshot, 'subnets', 'subnetId', 'subnet-pub-a').tags = tags;

      // Act
      const facts = factsOf(snapshot, 'subnet-pub-a');

      // Assess
      expect(facts.elbRoleTag, JSON.stringify(tags)).toBe(expected);
    }
  });

  it('names every cluster that uses or shares the subnet, joined in clusterName', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const other = structuredClone(clusterOf(snapshot));
    other.name = 'analytics';
    other.arn = 'arn:aws:eks:us-east-1:111122223333:cluster/analytics';
    other.resourcesVpcConfig.vpcId = 'vpc-elsewhere';
    other.resourcesVpcConfig.subnetIds = ['subnet-node-a'];
    other.nodegroups = [];
    other.fargateProfiles = [];
    snapshot.clusters?.push(other);
    item(snapshot, 'subnets', 'subnetId', 'subnet-node-a').tags[
      'kubernetes.io/cluster/zeta'
    ] = 'shared';

    // Act
    const facts = factsOf(snapshot, 'subnet-node-a');

    // Assess
    expect(facts.clusterNames).toEqual(['analytics', 'prod']);
    expect(facts.vpcClusterNames).toEqual(['prod']);
    expect(facts.clusterName).toBe('analytics,prod');
    expect(facts.isClusterSubnet).toBe(true);
    expect(facts.clusterTagNames).toEqual(['prod', 'zeta']);
  });

  it('marks node subnets of a private-endpoint cluster as in a private cluster', () => {
    // Prepare
    const snapshot = loadSnapshot();
    clusterOf(snapshot).resourcesVpcConfig.endpointPublicAccess = false;

    // Act
    const node = factsOf(snapshot, 'subnet-node-b');
    const publicSubnet = factsOf(snapshot, 'subnet-pub-a');

    // Assess
    expect(node.inPrivateCluster).toBe(true);
    expect(publicSubnet.inPrivateCluster).toBe(false);
  });

  it('marks every node subnet of a cluster whose node subnet has no egress as in a private cluster', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const table = item(
      snapshot,
      'routeTables',
      'routeTableId',
      'rtb-private-a',
    );
    table.routes = table.routes.filter(
      (r) => r.destinationCidrBlock !== '0.0.0.0/0',
    );

    // Act
    const withoutEgress = factsOf(snapshot, 'subnet-node-a');
    const sibling = factsOf(snapshot, 'subnet-node-b');

    // Assess
    expect(withoutEgress.defaultEgress).toBe('none');
    expect(withoutEgress.inPrivateCluster).toBe(true);
    expect(sibling.inPrivateCluster).toBe(true);
  });

  it('counts an egress-only IPv6 route as egress only for IPv6 clusters', () => {
    // Prepare
    const build = (ipFamily: 'ipv4' | 'ipv6') => {
      const snapshot = loadSnapshot();
      const cluster = clusterOf(snapshot);
      cluster.kubernetesNetworkConfig = { ipFamily };
      const table = item(
        snapshot,
        'routeTables',
        'routeTableId',
        'rtb-private-a',
      );
      table.routes = [
        ...table.routes.filter((r) => r.destinationCidrBlock !== '0.0.0.0/0'),
        {
          destinationIpv6CidrBlock: '::/0',
          egressOnlyInternetGatewayId: 'eigw-1',
        },
      ];
      return factsOf(snapshot, 'subnet-node-a');
    };

    // Act
    const v4 = build('ipv4');
    const v6 = build('ipv6');

    // Assess
    expect(v4.inPrivateCluster).toBe(true);
    expect(v6.inPrivateCluster).toBe(false);
    expect(v4.clusterIpFamilies).toEqual(['ipv4']);
    expect(v6.clusterIpFamilies).toEqual(['ipv6']);
  });

  it('reports the state of the IPv6 default route, active when EC2 leaves it out', () => {
    // Prepare
    const cases: {
      name: string;
      state: string | undefined;
      expected: string;
    }[] = [
      { name: 'no state', state: undefined, expected: 'active' },
      { name: 'blackhole', state: 'blackhole', expected: 'blackhole' },
      { name: 'active', state: 'active', expected: 'active' },
    ];

    for (const { name, state, expected } of cases) {
      const snapshot = loadSnapshot();
      const table = item(
        snapshot,
        'routeTables',
        'routeTableId',
        'rtb-private-a',
      );
      table.routes = [
        ...table.routes,
        {
          destinationIpv6CidrBlock: '::/0',
          egressOnlyInternetGatewayId: 'eigw-1',
          ...(state !== undefined && { state }),
        },
      ];

      // Act
      const facts = factsOf(snapshot, 'subnet-node-a');

      // Assess
      expect(facts.ipv6DefaultEgress, name).toBe('eigw');
      expect(facts.ipv6DefaultRouteState, name).toBe(expected);
      expect(facts.defaultRouteState, name).toBe('active');
    }
  });

  it('lists no cluster IP family on a subnet no cluster uses for nodes', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const facts = factsOf(snapshot, 'subnet-pub-a');

    // Assess
    expect(facts.isNodeSubnet).toBe(false);
    expect(facts.clusterIpFamilies).toEqual([]);
  });

  it('marks a subnet Auto Mode only when every cluster using it is an Auto Mode cluster', () => {
    // Prepare
    const build = (autoMode: boolean, subnetId: string) => {
      const snapshot = loadSnapshot();
      clusterOf(snapshot).computeConfig = { enabled: autoMode };
      return factsOf(snapshot, subnetId);
    };

    // Act
    const auto = build(true, 'subnet-node-a');
    const manual = build(false, 'subnet-node-a');
    const unused = build(true, 'subnet-pub-a');

    // Assess
    expect(auto.autoModeOnly).toBe(true);
    expect(manual.autoModeOnly).toBe(false);
    expect(unused.isNodeSubnet).toBe(false);
    expect(unused.autoModeOnly).toBe(false);
  });

  it('finds the S3 gateway endpoint only on the route tables it is associated with, and only when available', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const s3 = item(snapshot, 'vpcEndpoints', 'vpcEndpointId', 'vpce-s3');
    s3.routeTableIds = ['rtb-private-a'];

    // Act
    const onTable = factsOf(snapshot, 'subnet-node-a');
    const offTable = factsOf(snapshot, 'subnet-node-b');
    s3.state = 'Pending';
    const pending = factsOf(snapshot, 'subnet-node-a');

    // Assess
    expect(onTable.s3GatewayOnRouteTable).toBe(true);
    expect(offTable.s3GatewayOnRouteTable).toBe(false);
    expect(pending.s3GatewayOnRouteTable).toBe(false);
    expect(pending.availableEndpointServices).toEqual(['ecr.api']);
  });

  it('compares endpoint states case-insensitively and strips the regional prefix', () => {
    // Prepare
    const snapshot = loadSnapshot();
    item(snapshot, 'vpcEndpoints', 'vpcEndpointId', 'vpce-ecr-api').state =
      'Available';
    snapshot.vpcEndpoints?.push({
      vpcEndpointId: 'vpce-other',
      vpcId: 'vpc-0prod',
      serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0abc',
      vpcEndpointType: 'Interface',
      state: 'available',
      subnetIds: [],
      routeTableIds: [],
      groupIds: [],
      privateDnsEnabled: false,
      tags: {},
    });

    // Act
    const facts = factsOf(snapshot, 'subnet-node-a');

    // Assess
    expect(facts.availableEndpointServices).toEqual([
      'com.amazonaws.vpce.us-east-1.vpce-svc-0abc',
      'ecr.api',
      's3',
    ]);
  });

  it('reports Outposts subnets and IPv6 settings as collected', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const subnet = item(snapshot, 'subnets', 'subnetId', 'subnet-node-b');
    subnet.outpostArn = 'arn:aws:outposts:us-east-1:111122223333:outpost/op-1';
    subnet.ipv6CidrBlocks = ['2600:1f18:1:200::/64', '2600:1f18:1:100::/64'];
    subnet.assignIpv6AddressOnCreation = true;
    subnet.enableDns64 = true;

    // Act
    const facts = factsOf(snapshot, 'subnet-node-b');

    // Assess
    expect(facts.isOutpost).toBe(true);
    expect(facts.ipv6CidrBlocks).toEqual([
      '2600:1f18:1:100::/64',
      '2600:1f18:1:200::/64',
    ]);
    expect(facts.assignIpv6AddressOnCreation).toBe(true);
    expect(facts.enableDns64).toBe(true);
  });
});
