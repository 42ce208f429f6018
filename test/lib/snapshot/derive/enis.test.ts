import { describe, expect, it } from 'vitest';
import { classifyEni } from '../../../../lib/snapshot/derive/enis.js';
import type { NetworkInterface } from '../../../../lib/snapshot/types.js';

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
