import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import { vpcEndpointFacts } from '../../../../lib/snapshot/derive/vpcEndpoint.js';
import type { IpPermission } from '../../../../lib/snapshot/types.js';
import {
  clusterOf,
  defined,
  item,
  loadSnapshot,
  type MutableSnapshot,
} from '../loadSnapshot.js';

const factsOf = (snapshot: MutableSnapshot, id: string) =>
  defined(
    vpcEndpointFacts(buildContext(snapshot)).find((e) => e.id === id),
    id,
  );

const https = (extra: Partial<IpPermission>): IpPermission => ({
  ipProtocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  ipRanges: [],
  ipv6Ranges: [],
  prefixListIds: [],
  userIdGroupPairs: [],
  ...extra,
});

describe('vpcEndpointFacts', () => {
  it('describes an interface endpoint usable from every node subnet', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const facts = factsOf(snapshot, 'vpce-ecr-api');

    // Assess
    expect(facts).toEqual({
      kind: 'vpcEndpoint',
      id: 'vpce-ecr-api',
      name: 'ecr-api',
      arn: 'arn:aws:ec2:us-east-1:111122223333:vpc-endpoint/vpce-ecr-api',
      clusterName: 'prod',
      vpcId: 'vpc-0prod',
      clusterNames: ['prod'],
      serviceName: 'com.amazonaws.us-east-1.ecr.api',
      serviceShortName: 'ecr.api',
      vpcEndpointType: 'Interface',
      state: 'available',
      privateDnsEnabled: true,
      subnetIds: ['subnet-node-a', 'subnet-node-b'],
      nodeAzsWithoutEndpointSubnet: [],
      allowsHttpsFromNodes: true,
      allowsHttpsFromNodesUnknown: false,
    });
  });

  it('lower-cases the state and names node AZs without an endpoint subnet', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const endpoint = item(
      snapshot,
      'vpcEndpoints',
      'vpcEndpointId',
      'vpce-ecr-api',
    );
    endpoint.state = 'PendingAcceptance';
    endpoint.subnetIds = ['subnet-node-a'];

    // Act
    const facts = factsOf(snapshot, 'vpce-ecr-api');

    // Assess
    expect(facts.state).toBe('pendingacceptance');
    expect(facts.nodeAzsWithoutEndpointSubnet).toEqual(['us-east-1b']);
  });

  it('computes no AZ gaps for gateway endpoints', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const facts = factsOf(snapshot, 'vpce-s3');

    // Assess
    expect(facts.serviceShortName).toBe('s3');
    expect(facts.nodeAzsWithoutEndpointSubnet).toEqual([]);
  });

  it('decides whether the endpoint SGs admit HTTPS from every node subnet', () => {
    // Prepare
    const cases: { name: string; rules: IpPermission[]; expected: boolean }[] =
      [
        {
          name: 'VPC CIDR',
          rules: [https({ ipRanges: ['10.0.0.0/16'] })],
          expected: true,
        },
        {
          name: 'one node subnet only',
          rules: [https({ ipRanges: ['10.0.16.0/20'] })],
          expected: false,
        },
        {
          name: 'node SG reference',
          rules: [https({ userIdGroupPairs: [{ groupId: 'sg-node' }] })],
          expected: true,
        },
        {
          name: 'wrong port',
          rules: [
            {
              ...https({ ipRanges: ['10.0.0.0/16'] }),
              fromPort: 80,
              toPort: 80,
            },
          ],
          expected: false,
        },
        {
          name: 'prefix list only',
          rules: [https({ prefixListIds: ['pl-corp'] })],
          expected: false,
        },
      ];

    for (const { name, rules, expected } of cases) {
      const snapshot = loadSnapshot();
      item(snapshot, 'securityGroups', 'groupId', 'sg-endpoint').ipPermissions =
        rules;

      // Act
      const facts = factsOf(snapshot, 'vpce-ecr-api');

      // Assess
      expect(facts.allowsHttpsFromNodes, name).toBe(expected);
    }
  });

  it('marks HTTPS from the nodes unknown only when prefix-list rules are all that could admit them', () => {
    // Prepare
    const cases: {
      name: string;
      rules: IpPermission[];
      expected: { allows: boolean; unknown: boolean };
    }[] = [
      {
        name: 'prefix list only',
        rules: [https({ prefixListIds: ['pl-corp'] })],
        expected: { allows: false, unknown: true },
      },
      {
        name: 'prefix list plus the node SG',
        rules: [
          https({ prefixListIds: ['pl-corp'] }),
          https({ userIdGroupPairs: [{ groupId: 'sg-node' }] }),
        ],
        expected: { allows: true, unknown: false },
      },
      {
        name: 'prefix list on another port',
        rules: [
          {
            ...https({ prefixListIds: ['pl-corp'] }),
            fromPort: 80,
            toPort: 80,
          },
        ],
        expected: { allows: false, unknown: false },
      },
      {
        name: 'no rule',
        rules: [],
        expected: { allows: false, unknown: false },
      },
    ];

    for (const { name, rules, expected } of cases) {
      const snapshot = loadSnapshot();
      item(snapshot, 'securityGroups', 'groupId', 'sg-endpoint').ipPermissions =
        rules;

      // Act
      const facts = factsOf(snapshot, 'vpce-ecr-api');

      // Assess
      expect(
        {
          allows: facts.allowsHttpsFromNodes,
          unknown: facts.allowsHttpsFromNodesUnknown,
        },
        name,
      ).toStrictEqual(expected);
    }
  });

  it('calls HTTPS unknown when only a prefix-list rule could admit a node subnet without nodes', () => {
    // Prepare: the node SG is admitted, but the node group also uses a
    // subnet without nodes whose CIDR only the prefix-list rule might cover
    const snapshot = loadSnapshot();
    item(snapshot, 'securityGroups', 'groupId', 'sg-endpoint').ipPermissions = [
      https({ userIdGroupPairs: [{ groupId: 'sg-node' }] }),
      https({ prefixListIds: ['pl-corp'] }),
    ];
    const group = defined(clusterOf(snapshot).nodegroups?.[0], 'node group');
    group.subnets = [...group.subnets, 'subnet-pub-a'];

    // Act
    const facts = factsOf(snapshot, 'vpce-ecr-api');

    // Assess
    expect(facts.allowsHttpsFromNodes).toBe(false);
    expect(facts.allowsHttpsFromNodesUnknown).toBe(true);
  });

  it('requires the CIDR of node subnets without running nodes', () => {
    // Prepare
    const snapshot = loadSnapshot();
    item(snapshot, 'securityGroups', 'groupId', 'sg-endpoint').ipPermissions = [
      https({ userIdGroupPairs: [{ groupId: 'sg-node' }] }),
    ];
    const group = defined(clusterOf(snapshot).nodegroups?.[0], 'node group');
    group.subnets = [...group.subnets, 'subnet-pub-a'];

    // Act
    const facts = factsOf(snapshot, 'vpce-ecr-api');

    // Assess
    expect(facts.allowsHttpsFromNodes).toBe(false);
  });

  it('skips node subnets with no IPv4 CIDR and no nodes, and nodes without a subnet', () => {
    // Prepare
    const snapshot = loadSnapshot();
    item(snapshot, 'securityGroups', 'groupId', 'sg-endpoint').ipPermissions = [
      https({ userIdGroupPairs: [{ groupId: 'sg-node' }] }),
      https({ ipRanges: ['10.0.32.0/20'] }),
    ];
    const group = defined(clusterOf(snapshot).nodegroups?.[0], 'node group');
    group.subnets = [...group.subnets, 'subnet-pub-a'];
    delete item(snapshot, 'subnets', 'subnetId', 'subnet-pub-a').cidrBlock;
    delete item(snapshot, 'instances', 'instanceId', 'i-node2').subnetId;

    // Act
    const facts = factsOf(snapshot, 'vpce-ecr-api');

    // Assess
    expect(facts.allowsHttpsFromNodes).toBe(true);
  });

  it('ignores nodes whose AZ and subnet are both unknown', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const node = item(snapshot, 'instances', 'instanceId', 'i-node2');
    delete node.availabilityZone;
    delete node.subnetId;
    item(snapshot, 'vpcEndpoints', 'vpcEndpointId', 'vpce-ecr-api').subnetIds =
      [];

    // Act
    const facts = factsOf(snapshot, 'vpce-ecr-api');

    // Assess
    expect(facts.nodeAzsWithoutEndpointSubnet).toEqual(['us-east-1a']);
  });

  it('finds node AZs through the node subnet when the instance lacks one', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete item(snapshot, 'instances', 'instanceId', 'i-node2')
      .availabilityZone;
    item(snapshot, 'vpcEndpoints', 'vpcEndpointId', 'vpce-ecr-api').subnetIds =
      [];

    // Act
    const facts = factsOf(snapshot, 'vpce-ecr-api');

    // Assess
    expect(facts.nodeAzsWithoutEndpointSubnet).toEqual([
      'us-east-1a',
      'us-east-1b',
    ]);
  });
});
