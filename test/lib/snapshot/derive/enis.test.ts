import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import {
  classifyEni,
  eniIpCount,
  isLeakCandidate,
  nodeEniLayout,
} from '../../../../lib/snapshot/derive/enis.js';
import type {
  NetworkInterface,
  Snapshot,
} from '../../../../lib/snapshot/types.js';

const BASE: NetworkInterface = {
  networkInterfaceId: 'eni-0000000000000001',
  status: 'in-use',
  interfaceType: 'interface',
  description: '',
  subnetId: 'subnet-a',
  vpcId: 'vpc-1',
  availabilityZone: 'us-east-1a',
  requesterManaged: false,
  groupIds: ['sg-node'],
  privateIpAddress: '10.0.0.10',
  privateIpAddresses: [{ privateIpAddress: '10.0.0.10', primary: true }],
  ipv4Prefixes: [],
  ipv6Prefixes: [],
  ipv6Addresses: [],
  tags: {},
};

const NODES = new Map([
  ['i-node1', 'prod'],
  ['i-node2', 'dev'],
]);
const nodeCluster = (id: string): string | undefined => NODES.get(id);
const CLUSTERS = new Set(['prod', 'dev']);

const eni = (patch: Partial<NetworkInterface>): NetworkInterface => ({
  ...structuredClone(BASE),
  ...patch,
});

describe('classifyEni', () => {
  const cases: {
    name: string;
    eni: NetworkInterface;
    expected: ReturnType<typeof classifyEni>;
  }[] = [
    {
      name: 'device index 0 of a cluster instance is the node primary ENI',
      eni: eni({ attachment: { instanceId: 'i-node1', deviceIndex: 0 } }),
      expected: {
        kind: 'node-primary',
        clusterName: 'prod',
        instanceId: 'i-node1',
      },
    },
    {
      name: 'device index 0 of a non-node instance is other',
      eni: eni({ attachment: { instanceId: 'i-bastion', deviceIndex: 0 } }),
      expected: { kind: 'other', instanceId: 'i-bastion' },
    },
    {
      name: 'an aws-K8S- description marks a CNI secondary ENI',
      eni: eni({
        description: 'aws-K8S-i-node1',
        attachment: { instanceId: 'i-node1', deviceIndex: 1 },
        tags: { 'node.k8s.amazonaws.com/instance_id': 'i-node1' },
      }),
      expected: {
        kind: 'cni-secondary',
        clusterName: 'prod',
        instanceId: 'i-node1',
      },
    },
    {
      name: 'a detached CNI ENI takes its instance from the tag and its cluster from the CNI tag',
      eni: eni({
        status: 'available',
        description: 'aws-K8S-i-gone',
        tags: {
          'node.k8s.amazonaws.com/instance_id': 'i-gone',
          'cluster.k8s.amazonaws.com/name': 'prod',
        },
      }),
      expected: {
        kind: 'cni-secondary',
        clusterName: 'prod',
        instanceId: 'i-gone',
      },
    },
    {
      name: 'a detached untagged CNI ENI takes its instance from the description',
      eni: eni({ status: 'available', description: 'aws-K8S-i-node2' }),
      expected: {
        kind: 'cni-secondary',
        clusterName: 'dev',
        instanceId: 'i-node2',
      },
    },
    {
      name: 'the CNI prefix is case-sensitive',
      eni: eni({ description: 'aws-k8s-i-node1' }),
      expected: { kind: 'other' },
    },
    {
      name: 'interface type trunk marks a trunk ENI',
      eni: eni({
        interfaceType: 'trunk',
        description: 'aws-k8s-trunk-eni',
        attachment: { instanceId: 'i-node2', deviceIndex: 2 },
        tags: { 'node.k8s.amazonaws.com/instance_id': 'i-node2' },
      }),
      expected: { kind: 'trunk', clusterName: 'dev', instanceId: 'i-node2' },
    },
    {
      name: 'the trunk description alone marks a trunk ENI',
      eni: eni({
        description: 'aws-k8s-trunk-eni',
        tags: { 'kubernetes.io/cluster/prod': 'owned' },
      }),
      expected: { kind: 'trunk', clusterName: 'prod' },
    },
    {
      name: 'a branch ENI names its node through the instance tag',
      eni: eni({
        interfaceType: 'branch',
        description: 'aws-k8s-branch-eni',
        tags: {
          'node.k8s.amazonaws.com/instance_id': 'i-node1',
          'vpcresources.k8s.aws/trunk-eni-id': 'eni-trunk',
        },
      }),
      expected: { kind: 'branch', clusterName: 'prod', instanceId: 'i-node1' },
    },
    {
      name: 'a branch ENI of an unknown node takes its cluster from the cluster tag',
      eni: eni({
        description: 'aws-k8s-branch-eni',
        tags: {
          'kubernetes.io/cluster/other': 'owned',
          'kubernetes.io/cluster/dev': 'owned',
        },
      }),
      expected: { kind: 'branch', clusterName: 'dev' },
    },
    {
      name: 'a trunk ENI of an unknown cluster keeps the tagged cluster name',
      eni: eni({
        interfaceType: 'trunk',
        tags: { 'kubernetes.io/cluster/ghost': 'owned' },
      }),
      expected: { kind: 'trunk', clusterName: 'ghost' },
    },
    {
      name: 'an Amazon EKS description marks a control-plane ENI',
      eni: eni({ description: 'Amazon EKS prod', requesterManaged: true }),
      expected: { kind: 'control-plane', clusterName: 'prod' },
    },
    {
      name: 'a bare Amazon EKS description is a control-plane ENI of no known cluster',
      eni: eni({ description: 'Amazon EKS ' }),
      expected: { kind: 'control-plane' },
    },
    {
      name: 'the no_manage tag excludes a secondary ENI',
      eni: eni({
        attachment: { instanceId: 'i-node1', deviceIndex: 1 },
        tags: { 'node.k8s.amazonaws.com/no_manage': 'true' },
      }),
      expected: {
        kind: 'excluded',
        clusterName: 'prod',
        instanceId: 'i-node1',
      },
    },
    {
      name: 'the no_manage tag does not demote a primary ENI',
      eni: eni({
        attachment: { instanceId: 'i-node1', deviceIndex: 0 },
        tags: { 'node.k8s.amazonaws.com/no_manage': 'true' },
      }),
      expected: {
        kind: 'node-primary',
        clusterName: 'prod',
        instanceId: 'i-node1',
      },
    },
    {
      name: 'an unattached excluded ENI of no cluster carries no cluster',
      eni: eni({ tags: { 'node.k8s.amazonaws.com/no_manage': 'true' } }),
      expected: { kind: 'excluded' },
    },
    ...(
      [
        ['load_balancer', 'load-balancer'],
        ['network_load_balancer', 'load-balancer'],
        ['gateway_load_balancer', 'load-balancer'],
        ['nat_gateway', 'nat'],
        ['vpc_endpoint', 'vpc-endpoint'],
        ['gateway_load_balancer_endpoint', 'vpc-endpoint'],
      ] as const
    ).map(([interfaceType, kind]) => ({
      name: `interface type ${interfaceType} is ${kind}`,
      eni: eni({ interfaceType, requesterManaged: true }),
      expected: { kind },
    })),
    {
      name: 'a further ENI on a node without a CNI fingerprint is other, of the node cluster',
      eni: eni({
        interfaceType: 'efa',
        attachment: { instanceId: 'i-node2', deviceIndex: 1 },
      }),
      expected: { kind: 'other', clusterName: 'dev', instanceId: 'i-node2' },
    },
    {
      name: 'an unrecognised ENI is other',
      eni: eni({ interfaceType: 'lambda', description: 'AWS Lambda VPC ENI' }),
      expected: { kind: 'other' },
    },
  ];

  it.each(cases)('classifies: $name', ({ eni: input, expected }) => {
    // Prepare: the case's ENI and two known node instances

    // Act
    const actual = classifyEni(input, nodeCluster, CLUSTERS);

    // Assess
    expect(actual).toStrictEqual(expected);
  });
});

describe('isLeakCandidate', () => {
  const cases: { name: string; eni: NetworkInterface; expected: boolean }[] = [
    {
      name: 'a detached CNI ENI with the instance tag is a candidate',
      eni: eni({
        status: 'available',
        description: 'aws-K8S-i-gone',
        tags: { 'node.k8s.amazonaws.com/instance_id': 'i-gone' },
      }),
      expected: true,
    },
    {
      name: 'a detached CNI ENI without the instance tag is not',
      eni: eni({ status: 'available', description: 'aws-K8S-i-gone' }),
      expected: false,
    },
    {
      name: 'a detached controller-owned ENI is a candidate',
      eni: eni({
        status: 'available',
        description: 'aws-k8s-branch-eni',
        tags: { 'eks:eni:owner': 'eks-vpc-resource-controller' },
      }),
      expected: true,
    },
    {
      name: 'a detached ENI owned by something else is not',
      eni: eni({ status: 'available', tags: { 'eks:eni:owner': 'someone' } }),
      expected: false,
    },
    {
      name: 'an attached CNI ENI is not',
      eni: eni({
        description: 'aws-K8S-i-node1',
        tags: {
          'node.k8s.amazonaws.com/instance_id': 'i-node1',
          'eks:eni:owner': 'amazon-vpc-cni',
        },
      }),
      expected: false,
    },
  ];

  it.each(cases)('$name', ({ eni: input, expected }) => {
    // Prepare: the case's ENI

    // Act
    const actual = isLeakCandidate(input);

    // Assess
    expect(actual).toBe(expected);
  });
});

describe('eniIpCount', () => {
  it.each([
    {
      name: 'counts private addresses and 16 per prefix',
      eni: eni({
        privateIpAddresses: [
          { privateIpAddress: '10.0.0.10', primary: true },
          { privateIpAddress: '10.0.0.11', primary: false },
        ],
        ipv4Prefixes: ['10.0.0.32/28', '10.0.0.48/28'],
      }),
      expected: 34,
    },
    {
      name: 'falls back to the primary address when the list is empty',
      eni: eni({ privateIpAddresses: [] }),
      expected: 1,
    },
    {
      name: 'counts nothing for an ENI without IPv4 addresses',
      eni: (() => {
        const { privateIpAddress: _, ...rest } = eni({
          privateIpAddresses: [],
        });
        return rest;
      })(),
      expected: 0,
    },
  ])('$name', ({ eni: input, expected }) => {
    // Prepare: the case's ENI

    // Act
    const actual = eniIpCount(input);

    // Assess
    expect(actual).toBe(expected);
  });
});

describe('nodeEniLayout', () => {
  const snapshot = JSON.parse(
    readFileSync(
      new URL('../../../fixtures/snapshots/cni-base.json', import.meta.url),
      'utf8',
    ),
  ) as Snapshot;

  it('counts attached ENIs, CNI addresses, trunk and branch ENIs of a node', () => {
    // Prepare
    const ctx = buildContext(snapshot);
    const node = ctx.instanceById.get('i-node1');
    if (!node) throw new Error('fixture lacks i-node1');

    // Act
    const actual = nodeEniLayout(ctx, node);

    // Assess: primary + CNI + trunk attached; the branch ENI is not attached
    expect(actual).toStrictEqual({
      enisAttached: 3,
      excludedEnis: 0,
      cniSecondaryEnis: 1,
      secondaryIps: 18,
      ipv4Prefixes: 0,
      ipv6Prefixes: 0,
      hasTrunk: true,
      branchEnis: 1,
      pdInUse: false,
      customNetInUse: false,
      podSubnetIds: ['subnet-node-a'],
      customPodSubnetIds: [],
    });
    expect(nodeEniLayout(ctx, node)).toBe(actual);
  });

  it.each([
    ['untagged', undefined, true],
    ['tagged for subnet discovery', '1', false],
    ['excluded from subnet discovery', '0', true],
  ])(
    'takes a CNI ENI in another, %s subnet for custom networking: %s → %s',
    (_name, tag, expected) => {
      // Prepare
      const changed = structuredClone(snapshot) as Snapshot & {
        networkInterfaces: NetworkInterface[];
        subnets: { subnetId: string; tags: Record<string, string> }[];
      };
      const cniEni = changed.networkInterfaces.find(
        (e) => e.networkInterfaceId === 'eni-node1-1',
      ) as { subnetId: string };
      cniEni.subnetId = 'subnet-node-b';
      const subnet = changed.subnets.find(
        (s) => s.subnetId === 'subnet-node-b',
      );
      if (subnet && tag !== undefined)
        subnet.tags['kubernetes.io/role/cni'] = tag;
      const ctx = buildContext(changed);
      const node = ctx.instanceById.get('i-node1');
      if (!node) throw new Error('fixture lacks i-node1');

      // Act
      const actual = nodeEniLayout(ctx, node);

      // Assess
      expect(actual.customNetInUse).toBe(expected);
      expect(actual.podSubnetIds).toStrictEqual(['subnet-node-b']);
    },
  );

  it('ignores a detached CNI ENI that still names the node and counts excluded ENIs', () => {
    // Prepare
    const changed = structuredClone(snapshot) as {
      networkInterfaces: NetworkInterface[];
    } & Snapshot;
    changed.networkInterfaces.push(
      eni({
        networkInterfaceId: 'eni-old',
        status: 'available',
        description: 'aws-K8S-i-node2',
        subnetId: 'subnet-node-b',
        tags: { 'node.k8s.amazonaws.com/instance_id': 'i-node2' },
      }),
      eni({
        networkInterfaceId: 'eni-multus',
        subnetId: 'subnet-node-b',
        attachment: { instanceId: 'i-node2', deviceIndex: 1 },
        ipv6Prefixes: ['2600::/80'],
        tags: { 'node.k8s.amazonaws.com/no_manage': 'true' },
      }),
    );
    const ctx = buildContext(changed);
    const node = ctx.instanceById.get('i-node2');
    if (!node) throw new Error('fixture lacks i-node2');

    // Act
    const actual = nodeEniLayout(ctx, node);

    // Assess: the excluded ENI's prefix is not the CNI's
    expect(actual).toMatchObject({
      enisAttached: 2,
      excludedEnis: 1,
      cniSecondaryEnis: 0,
      secondaryIps: 9,
      pdInUse: false,
    });
  });
});
