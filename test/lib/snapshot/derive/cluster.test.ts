import { describe, expect, it } from 'vitest';
import { clusterNetFacts } from '../../../../lib/snapshot/derive/cluster.js';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import type { IpPermission } from '../../../../lib/snapshot/types.js';
import {
  clusterOf,
  defined,
  item,
  loadSnapshot,
  type MutableSnapshot,
} from '../loadSnapshot.js';

const factsOf = (snapshot: MutableSnapshot) =>
  clusterNetFacts(buildContext(snapshot), clusterOf(snapshot));

const rule = (
  ipProtocol: string,
  extra: Partial<IpPermission> = {},
): IpPermission => ({
  ipProtocol,
  ipRanges: [],
  ipv6Ranges: [],
  prefixListIds: [],
  userIdGroupPairs: [],
  ...extra,
});

/** Nodes carry only `sg-node`, so the cluster SG's self rule no longer helps. */
const withoutClusterSgOnNodes = (snapshot: MutableSnapshot): void => {
  for (const id of ['eni-node1-0', 'eni-node2-0']) {
    item(snapshot, 'networkInterfaces', 'networkInterfaceId', id).groupIds = [
      'sg-node',
    ];
  }
};

describe('clusterNetFacts', () => {
  it('describes the base cluster', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts).toEqual({
      kind: 'cluster',
      id: 'prod',
      name: 'prod',
      arn: 'arn:aws:eks:us-east-1:111122223333:cluster/prod',
      clusterName: 'prod',
      vpcId: 'vpc-0prod',
      status: 'ACTIVE',
      version: '1.31',
      autoMode: false,
      ipFamily: 'ipv4',
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: ['203.0.113.0/24'],
      serviceIpv4Cidr: '10.100.0.0/16',
      subnetIds: ['subnet-cp-a', 'subnet-cp-b'],
      securityGroupIds: ['sg-cp-extra'],
      clusterSecurityGroupId: 'sg-cluster',
      clusterSecurityGroupFound: true,
      missingSubnetIds: [],
      foreignVpcSubnetIds: [],
      missingSecurityGroupIds: [],
      clusterSubnetAzIds: ['use1-az1', 'use1-az2'],
      healthIssueCodes: [],
      nodegroupHealthIssues: [],
      fargateHealthIssues: [],
      loggingEnabledTypes: ['api', 'audit', 'authenticator'],
      dhcpDomainNameServers: ['AmazonProvidedDNS'],
      vpcIpv4Cidrs: ['10.0.0.0/16', '100.64.0.0/16'],
      vpcIpv6Cidrs: [],
      nodeCount: 2,
      nodeSubnetIds: ['subnet-node-a', 'subnet-node-b'],
      nodeAzs: ['us-east-1a', 'us-east-1b'],
      nodeEgressIps: ['198.51.100.10', '198.51.100.11'],
      nodeEgressUnverifiableSubnetIds: [],
      nodeSubnetsWithoutEgress: [],
      availableEndpointServices: ['ecr.api', 's3'],
      controlPlaneSecurityGroupIds: ['sg-cluster', 'sg-cp-extra'],
      controlPlaneNodeFlowsMissing: [],
      subnetsWithoutIpv6: [
        'subnet-cp-a',
        'subnet-cp-b',
        'subnet-node-a',
        'subnet-node-b',
      ],
      nodeSubnetsWithoutIpv6AutoAssign: ['subnet-node-a', 'subnet-node-b'],
      ipv6PrivateSubnetsWithoutAutoAssign: [],
      nodeSubnetsWithoutIpv6DefaultRoute: ['subnet-node-a', 'subnet-node-b'],
      nodeSubnetsWithWrongIpv6DefaultTarget: [],
      nodeSubnetsWithDns64: [],
      ipv4OnlyEgressRules: ['sg-cluster all', 'sg-node all'],
      lbPublicTaggedSubnetIds: ['subnet-pub-a', 'subnet-pub-b'],
      lbPrivateTaggedSubnetIds: ['subnet-node-a', 'subnet-node-b'],
      lbPublicAzsWithRoom: 2,
      lbPrivateAzsWithRoom: 2,
      routedCidrs: ['172.16.0.0/12'],
      remoteNetworkCidrs: [],
      versionStatus: 'STANDARD_SUPPORT',
      endOfStandardSupportDate: '2025-12-26',
      endOfExtendedSupportDate: '2026-12-26',
      supportType: 'STANDARD',
    });
  });

  it('finds subnets and security groups the cluster references that are gone or elsewhere', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const config = clusterOf(snapshot).resourcesVpcConfig;
    config.subnetIds = [...config.subnetIds, 'subnet-deleted'];
    config.securityGroupIds = ['sg-cp-extra', 'sg-deleted'];
    item(snapshot, 'subnets', 'subnetId', 'subnet-cp-b').vpcId = 'vpc-other';

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts.missingSubnetIds).toEqual(['subnet-deleted']);
    expect(facts.foreignVpcSubnetIds).toEqual(['subnet-cp-b']);
    expect(facts.missingSecurityGroupIds).toEqual(['sg-deleted']);
    expect(facts.clusterSubnetAzIds).toEqual(['use1-az1', 'use1-az2']);
  });

  it('reports nothing missing when subnets or security groups were not collected', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete snapshot.subnets;
    delete snapshot.securityGroups;

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts.missingSubnetIds).toEqual([]);
    expect(facts.missingSecurityGroupIds).toEqual([]);
    expect(facts.clusterSecurityGroupFound).toBe(false);
    expect(facts.clusterSubnetAzIds).toEqual([]);
  });

  it('tells a missing cluster security group from an unset one', () => {
    // Prepare
    const deleted = loadSnapshot();
    deleted.securityGroups = deleted.securityGroups?.filter(
      (g) => g.groupId !== 'sg-cluster',
    );
    const unset = loadSnapshot();
    delete clusterOf(unset).resourcesVpcConfig.clusterSecurityGroupId;

    // Act
    const deletedFacts = factsOf(deleted);
    const unsetFacts = factsOf(unset);

    // Assess
    expect(deletedFacts.clusterSecurityGroupFound).toBe(false);
    expect(deletedFacts.missingSecurityGroupIds).toEqual(['sg-cluster']);
    expect(unsetFacts.clusterSecurityGroupFound).toBe(false);
    expect(unsetFacts).not.toHaveProperty('clusterSecurityGroupId');
  });

  it('collects health issues of the cluster, its node groups and Fargate profiles', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const cluster = clusterOf(snapshot);
    cluster.health.issues = [{ code: 'Ec2SubnetNotFound' }];
    defined(cluster.nodegroups?.[0], 'node group').health.issues = [
      { code: 'InsufficientFreeAddresses' },
      { code: 'Ec2SubnetNotFound' },
    ];
    defined(cluster.fargateProfiles?.[0], 'profile').health.issues = [
      { code: 'PodExecutionRoleAlreadyInUse' },
    ];

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts.healthIssueCodes).toEqual(['Ec2SubnetNotFound']);
    expect(facts.nodegroupHealthIssues).toEqual([
      'general:Ec2SubnetNotFound',
      'general:InsufficientFreeAddresses',
    ]);
    expect(facts.fargateHealthIssues).toEqual([
      'system:PodExecutionRoleAlreadyInUse',
    ]);
  });

  it('leaves out what EKS or EC2 did not report', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const cluster = clusterOf(snapshot);
    delete cluster.kubernetesNetworkConfig;
    delete cluster.upgradePolicy;
    delete cluster.status;
    cluster.version = '1.29';
    delete snapshot.dhcpOptions;

    // Act
    const facts = factsOf(snapshot);

    // Assess
    for (const key of [
      'serviceIpv4Cidr',
      'serviceIpv6Cidr',
      'dhcpDomainNameServers',
      'versionStatus',
      'endOfStandardSupportDate',
      'endOfExtendedSupportDate',
      'supportType',
    ]) {
      expect(facts, key).not.toHaveProperty(key);
    }
    expect(facts.ipFamily).toBe('ipv4');
    expect(facts.status).toBe('');
  });

  it('has no version support facts when EKS reported no version', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete clusterOf(snapshot).version;

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts.version).toBe('');
    expect(facts).not.toHaveProperty('versionStatus');
  });

  it('finds node AZs through the node subnet when the instance does not say', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete item(snapshot, 'instances', 'instanceId', 'i-node1')
      .availabilityZone;
    const node2 = item(snapshot, 'instances', 'instanceId', 'i-node2');
    delete node2.availabilityZone;
    delete node2.subnetId;

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts.nodeAzs).toEqual(['us-east-1a']);
  });

  it('finds the VPC through the cluster subnets when EKS did not return it', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete clusterOf(snapshot).resourcesVpcConfig.vpcId;

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts.vpcId).toBe('vpc-0prod');
    expect(facts.foreignVpcSubnetIds).toEqual([]);
    expect(facts.vpcIpv4Cidrs).toEqual(['10.0.0.0/16', '100.64.0.0/16']);
  });

  it('leaves VPC-derived facts empty when the cluster VPC cannot be told', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete clusterOf(snapshot).resourcesVpcConfig.vpcId;
    delete snapshot.subnets;

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts).not.toHaveProperty('vpcId');
    expect(facts).not.toHaveProperty('dhcpDomainNameServers');
    expect(facts.vpcIpv4Cidrs).toEqual([]);
    expect(facts.availableEndpointServices).toEqual([]);
    expect(facts.lbPublicTaggedSubnetIds).toEqual([]);
    expect(facts.lbPublicAzsWithRoom).toBe(0);
  });

  it('reports Auto Mode, the IPv6 family and hybrid-node networks', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const cluster = clusterOf(snapshot);
    cluster.computeConfig = { enabled: true, nodePools: ['general-purpose'] };
    cluster.kubernetesNetworkConfig = {
      ipFamily: 'ipv6',
      serviceIpv6Cidr: 'fd30:1234::/108',
    };
    cluster.remoteNetworkConfig = {
      remoteNodeNetworks: [{ cidrs: ['192.168.100.0/24'] }],
      remotePodNetworks: [{ cidrs: ['192.168.200.0/24', '192.168.100.0/24'] }],
    };

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts.autoMode).toBe(true);
    expect(facts.ipFamily).toBe('ipv6');
    expect(facts.serviceIpv6Cidr).toBe('fd30:1234::/108');
    expect(facts.remoteNetworkCidrs).toEqual([
      '192.168.100.0/24',
      '192.168.200.0/24',
    ]);
  });

  describe('node egress', () => {
    it('uses node public IPs in public subnets and flags routes it cannot follow', () => {
      // Prepare
      const snapshot = loadSnapshot();
      const node1 = item(snapshot, 'instances', 'instanceId', 'i-node1');
      node1.subnetId = 'subnet-pub-a';
      node1.publicIpAddress = '54.1.2.3';
      item(snapshot, 'instances', 'instanceId', 'i-node2').publicIpAddress =
        '54.9.9.9';
      const table = item(
        snapshot,
        'routeTables',
        'routeTableId',
        'rtb-private-b',
      );
      table.routes = table.routes.map((r) =>
        r.destinationCidrBlock === '0.0.0.0/0'
          ? { destinationCidrBlock: '0.0.0.0/0', transitGatewayId: 'tgw-0corp' }
          : r,
      );

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.nodeSubnetIds).toEqual([
        'subnet-node-a',
        'subnet-node-b',
        'subnet-pub-a',
      ]);
      expect(facts.nodeEgressIps).toEqual(['198.51.100.10', '54.1.2.3']);
      expect(facts.nodeEgressUnverifiableSubnetIds).toEqual(['subnet-node-b']);
    });

    it('counts a private NAT gateway as egress it cannot verify', () => {
      // Prepare
      const snapshot = loadSnapshot();
      const nat = item(snapshot, 'natGateways', 'natGatewayId', 'nat-b');
      nat.connectivityType = 'private';
      nat.addresses = [{ privateIp: '10.0.65.10' }];

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.nodeEgressIps).toEqual(['198.51.100.10']);
      expect(facts.nodeEgressUnverifiableSubnetIds).toEqual(['subnet-node-b']);
    });

    it('lists private node subnets with no default route', () => {
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
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.nodeSubnetsWithoutEgress).toEqual(['subnet-node-a']);
      expect(facts.nodeEgressIps).toEqual(['198.51.100.11']);
    });

    it('keeps the CIDRs the node route tables send elsewhere, without local or default routes', () => {
      // Prepare
      const snapshot = loadSnapshot();
      item(
        snapshot,
        'routeTables',
        'routeTableId',
        'rtb-private-b',
      ).routes.push(
        {
          destinationIpv6CidrBlock: '::/0',
          egressOnlyInternetGatewayId: 'eigw-1',
        },
        {
          destinationIpv6CidrBlock: 'fd00:10::/56',
          transitGatewayId: 'tgw-0corp',
        },
        {
          destinationCidrBlock: '10.200.0.0/16',
          vpcPeeringConnectionId: 'pcx-1',
        },
      );

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.routedCidrs).toEqual([
        '10.200.0.0/16',
        '172.16.0.0/12',
        'fd00:10::/56',
      ]);
      expect(facts.nodeSubnetsWithoutIpv6DefaultRoute).toEqual([
        'subnet-node-a',
      ]);
    });
  });

  describe('ipv6PrivateSubnetsWithoutAutoAssign (NET-V6-002)', () => {
    it('lists private node subnets with an IPv6 block that do not auto-assign IPv6', () => {
      // Prepare: node-a gets an IPv6 block without auto-assignment, node-b
      // one with it, and a public subnet without it joins the node group
      const snapshot = loadSnapshot();
      item(snapshot, 'subnets', 'subnetId', 'subnet-node-a').ipv6CidrBlocks = [
        '2600:1f18:1:100::/64',
      ];
      const nodeB = item(snapshot, 'subnets', 'subnetId', 'subnet-node-b');
      nodeB.ipv6CidrBlocks = ['2600:1f18:1:200::/64'];
      nodeB.assignIpv6AddressOnCreation = true;
      item(snapshot, 'subnets', 'subnetId', 'subnet-pub-a').ipv6CidrBlocks = [
        '2600:1f18:1:300::/64',
      ];
      const group = clusterOf(snapshot).nodegroups?.[0];
      if (!group) throw new Error('fixture has no node group');
      group.subnets = [...group.subnets, 'subnet-pub-a'];

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.ipv6PrivateSubnetsWithoutAutoAssign).toEqual([
        'subnet-node-a',
      ]);
    });
  });

  describe('nodeSubnetsWithWrongIpv6DefaultTarget (NET-V6-003)', () => {
    it('lists node subnets whose ::/0 route goes anywhere but an internet or egress-only gateway', () => {
      // Prepare
      const snapshot = loadSnapshot();
      item(
        snapshot,
        'routeTables',
        'routeTableId',
        'rtb-private-a',
      ).routes.push({
        destinationIpv6CidrBlock: '::/0',
        transitGatewayId: 'tgw-0corp',
      });
      item(
        snapshot,
        'routeTables',
        'routeTableId',
        'rtb-private-b',
      ).routes.push({
        destinationIpv6CidrBlock: '::/0',
        egressOnlyInternetGatewayId: 'eigw-1',
      });

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.nodeSubnetsWithWrongIpv6DefaultTarget).toEqual([
        'subnet-node-a',
      ]);
      expect(facts.nodeSubnetsWithoutIpv6DefaultRoute).toEqual([]);
    });
  });

  describe('controlPlaneNodeFlowsMissing (NET-SG-007)', () => {
    it('is empty when the cluster security group sits on both sides', () => {
      // Prepare
      const snapshot = loadSnapshot();

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.controlPlaneNodeFlowsMissing).toEqual([]);
    });

    it('is empty when custom node and control-plane groups carry the minimum rules', () => {
      // Prepare
      const snapshot = loadSnapshot();
      withoutClusterSgOnNodes(snapshot);

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.controlPlaneNodeFlowsMissing).toEqual([]);
    });

    it('names the missing direction once per distinct node SG set', () => {
      // Prepare
      const snapshot = loadSnapshot();
      withoutClusterSgOnNodes(snapshot);
      item(snapshot, 'securityGroups', 'groupId', 'sg-node').ipPermissions = [];
      item(
        snapshot,
        'networkInterfaces',
        'networkInterfaceId',
        'eni-node2-0',
      ).groupIds = ['sg-node', 'sg-other'];

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.controlPlaneNodeFlowsMissing).toEqual([
        'cp->node tcp/10250 ingress (sg-node)',
        'cp->node tcp/10250 ingress (sg-node,sg-other)',
      ]);
    });

    it('checks all four directions', () => {
      // Prepare
      const snapshot = loadSnapshot();
      withoutClusterSgOnNodes(snapshot);
      for (const id of ['sg-node', 'sg-cp-extra', 'sg-cluster']) {
        const group = item(snapshot, 'securityGroups', 'groupId', id);
        group.ipPermissions = [];
        group.ipPermissionsEgress = [];
      }

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.controlPlaneNodeFlowsMissing).toEqual([
        'cp->node tcp/10250 egress (sg-node)',
        'cp->node tcp/10250 ingress (sg-node)',
        'node->cp tcp/443 egress (sg-node)',
        'node->cp tcp/443 ingress (sg-node)',
      ]);
    });

    it('marks a flow only a prefix-list rule could allow', () => {
      // Prepare
      const snapshot = loadSnapshot();
      withoutClusterSgOnNodes(snapshot);
      item(snapshot, 'securityGroups', 'groupId', 'sg-node').ipPermissions = [
        rule('tcp', {
          fromPort: 10250,
          toPort: 10250,
          prefixListIds: ['pl-cp'],
        }),
      ];

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.controlPlaneNodeFlowsMissing).toEqual([
        'cp->node tcp/10250 ingress (sg-node) (prefix list not resolved)',
      ]);
    });

    it('accepts CIDR rules that cover the control-plane ENI addresses', () => {
      // Prepare
      const snapshot = loadSnapshot();
      withoutClusterSgOnNodes(snapshot);
      item(snapshot, 'securityGroups', 'groupId', 'sg-node').ipPermissions = [
        rule('tcp', {
          fromPort: 10250,
          toPort: 10250,
          ipRanges: ['10.0.0.5/32', '10.0.0.20/32'],
        }),
      ];

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.controlPlaneNodeFlowsMissing).toEqual([]);
    });

    it('uses every cluster subnet CIDR as the control plane when no control-plane ENI is visible', () => {
      // Prepare
      const narrow = loadSnapshot();
      const wide = loadSnapshot();
      for (const snapshot of [narrow, wide]) {
        withoutClusterSgOnNodes(snapshot);
        snapshot.networkInterfaces = snapshot.networkInterfaces?.filter(
          (eni) => !eni.description.startsWith('Amazon EKS'),
        );
      }
      // Only the subnet where an ENI sits today: an upgrade may move it.
      item(narrow, 'securityGroups', 'groupId', 'sg-node').ipPermissions = [
        rule('tcp', {
          fromPort: 10250,
          toPort: 10250,
          ipRanges: ['10.0.0.0/28'],
        }),
      ];
      item(wide, 'securityGroups', 'groupId', 'sg-node').ipPermissions = [
        rule('tcp', {
          fromPort: 10250,
          toPort: 10250,
          ipRanges: ['10.0.0.0/27'],
        }),
      ];

      // Act
      const narrowFacts = factsOf(narrow);
      const wideFacts = factsOf(wide);

      // Assess
      expect(narrowFacts.controlPlaneSecurityGroupIds).toEqual([
        'sg-cluster',
        'sg-cp-extra',
      ]);
      expect(narrowFacts.controlPlaneNodeFlowsMissing).toEqual([
        'cp->node tcp/10250 ingress (sg-node)',
      ]);
      expect(wideFacts.controlPlaneNodeFlowsMissing).toEqual([]);
    });

    it('reads control-plane addresses from the ENI primary address when the list is empty', () => {
      // Prepare
      const snapshot = loadSnapshot();
      withoutClusterSgOnNodes(snapshot);
      const cpA = item(
        snapshot,
        'networkInterfaces',
        'networkInterfaceId',
        'eni-cp-a',
      );
      cpA.privateIpAddresses = [];
      const cpB = item(
        snapshot,
        'networkInterfaces',
        'networkInterfaceId',
        'eni-cp-b',
      );
      cpB.privateIpAddresses = [];
      delete cpB.privateIpAddress;
      item(snapshot, 'securityGroups', 'groupId', 'sg-node').ipPermissions = [
        rule('tcp', {
          fromPort: 10250,
          toPort: 10250,
          ipRanges: ['10.0.0.5/32'],
        }),
      ];

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.controlPlaneNodeFlowsMissing).toEqual([]);
    });

    it('relies on SG references alone for nodes whose address is unknown', () => {
      // Prepare
      const snapshot = loadSnapshot();
      withoutClusterSgOnNodes(snapshot);
      for (const id of ['i-node1', 'i-node2']) {
        delete item(snapshot, 'instances', 'instanceId', id).privateIpAddress;
      }
      item(snapshot, 'securityGroups', 'groupId', 'sg-cp-extra').ipPermissions =
        [
          rule('tcp', {
            fromPort: 443,
            toPort: 443,
            ipRanges: ['10.0.0.0/16'],
          }),
        ];

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.controlPlaneNodeFlowsMissing).toEqual([
        'node->cp tcp/443 ingress (sg-node)',
      ]);
    });

    it('is empty for a cluster without nodes', () => {
      // Prepare
      const snapshot = loadSnapshot();
      snapshot.instances = [];
      for (const group of snapshot.securityGroups ?? []) {
        group.ipPermissions = [];
      }

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.nodeCount).toBe(0);
      expect(facts.controlPlaneNodeFlowsMissing).toEqual([]);
    });
  });

  describe('IPv6 prerequisites', () => {
    it('lists cluster and node subnets lacking IPv6 blocks, auto-assign or with DNS64', () => {
      // Prepare
      const snapshot = loadSnapshot();
      for (const id of ['subnet-cp-a', 'subnet-node-a']) {
        const subnet = item(snapshot, 'subnets', 'subnetId', id);
        subnet.ipv6CidrBlocks = ['2600:1f18:1::/64'];
        subnet.assignIpv6AddressOnCreation = true;
      }
      item(snapshot, 'subnets', 'subnetId', 'subnet-node-b').enableDns64 = true;

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.subnetsWithoutIpv6).toEqual([
        'subnet-cp-b',
        'subnet-node-b',
      ]);
      expect(facts.nodeSubnetsWithoutIpv6AutoAssign).toEqual(['subnet-node-b']);
      expect(facts.nodeSubnetsWithDns64).toEqual(['subnet-node-b']);
    });

    it('lists IPv4-only egress rules of the cluster and node groups without a ::/0 counterpart', () => {
      // Prepare
      const snapshot = loadSnapshot();
      item(
        snapshot,
        'securityGroups',
        'groupId',
        'sg-cluster',
      ).ipPermissionsEgress = [
        rule('-1', { ipRanges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'] }),
      ];
      item(
        snapshot,
        'securityGroups',
        'groupId',
        'sg-node',
      ).ipPermissionsEgress = [
        rule('tcp', { fromPort: 443, toPort: 443, ipRanges: ['0.0.0.0/0'] }),
        rule('tcp', { fromPort: 443, toPort: 443, ipv6Ranges: ['::/0'] }),
        rule('udp', { fromPort: 53, toPort: 53, ipRanges: ['0.0.0.0/0'] }),
        rule('tcp', { fromPort: 22, toPort: 22, ipRanges: ['10.0.0.0/8'] }),
      ];

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.ipv4OnlyEgressRules).toEqual(['sg-node udp/53']);
    });
  });

  describe('load-balancer subnets', () => {
    it('counts AZs among role-tagged subnets with at least 8 free addresses', () => {
      // Prepare
      const snapshot = loadSnapshot();
      item(
        snapshot,
        'subnets',
        'subnetId',
        'subnet-pub-b',
      ).availableIpAddressCount = 7;
      item(snapshot, 'subnets', 'subnetId', 'subnet-node-b').tags = {};

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.lbPublicTaggedSubnetIds).toEqual([
        'subnet-pub-a',
        'subnet-pub-b',
      ]);
      expect(facts.lbPublicAzsWithRoom).toBe(1);
      expect(facts.lbPrivateTaggedSubnetIds).toEqual(['subnet-node-a']);
      expect(facts.lbPrivateAzsWithRoom).toBe(1);
    });
  });
});
