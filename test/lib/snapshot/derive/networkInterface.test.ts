import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import {
  buildNetworkInterfaces,
  networkInterfaceFacts,
} from '../../../../lib/snapshot/derive/networkInterface.js';
import type { Snapshot } from '../../../../lib/snapshot/types.js';

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
const BASE = JSON.parse(
  readFileSync(
    new URL('../../../fixtures/snapshots/cni-base.json', import.meta.url),
    'utf8',
  ),
) as Mutable<Snapshot>;

/** A fresh copy of the base fixture to change one thing in. */
const base = (): Mutable<Snapshot> => structuredClone(BASE);

const eniOf = (snapshot: Mutable<Snapshot>, id: string) => {
  const eni = (snapshot.networkInterfaces ?? []).find(
    (e) => e.networkInterfaceId === id,
  );
  if (!eni) throw new Error(`fixture has no ${id}`);
  return eni;
};

const factsOf = (snapshot: Mutable<Snapshot>, id: string) =>
  networkInterfaceFacts(
    buildContext(snapshot as Snapshot),
    eniOf(snapshot, id),
  );

describe('networkInterfaceFacts', () => {
  it('describes a leaked CNI ENI with its age and subnet share', () => {
    // Prepare
    const snapshot = base();

    // Act
    const actual = factsOf(snapshot, 'eni-leak');

    // Assess
    expect(actual).toStrictEqual({
      kind: 'networkInterface',
      id: 'eni-leak',
      name: 'eni-leak',
      arn: 'arn:aws:ec2:us-east-1:111122223333:network-interface/eni-leak',
      clusterName: 'prod',
      vpcId: 'vpc-1',
      eniKind: 'cni-secondary',
      status: 'available',
      interfaceType: 'interface',
      description: 'aws-K8S-i-gone',
      subnetId: 'subnet-node-b',
      availabilityZone: 'us-east-1b',
      instanceId: 'i-gone',
      ipCount: 10,
      leakCandidate: true,
      ageSeconds: 7200,
      subnetSharePercent: (10 / 251) * 100,
      subnetLeakedSharePercent: (10 / 251) * 100,
      inPublicSubnet: false,
      groupIds: ['sg-cluster'],
      tags: {
        'node.k8s.amazonaws.com/instance_id': 'i-gone',
        'node.k8s.amazonaws.com/createdAt': '2026-11-26T08:00:00Z',
        'cluster.k8s.amazonaws.com/name': 'prod',
        'eks:eni:owner': 'amazon-vpc-cni',
      },
    });
  });

  it('leaves cluster, instance and age absent for a load balancer ENI', () => {
    // Prepare
    const snapshot = base();

    // Act
    const actual = factsOf(snapshot, 'eni-lb');

    // Assess
    expect(actual.eniKind).toBe('load-balancer');
    expect(actual.leakCandidate).toBe(false);
    expect(actual).not.toHaveProperty('clusterName');
    expect(actual).not.toHaveProperty('instanceId');
    expect(actual).not.toHaveProperty('ageSeconds');
  });

  it.each([
    ['an unparseable createdAt tag gives no age', 'yesterday', undefined],
    ['a createdAt after collection gives age 0', '2026-11-26T11:00:00Z', 0],
  ])('%s', (_name, createdAt, expected) => {
    // Prepare
    const snapshot = base();
    eniOf(snapshot, 'eni-leak').tags['node.k8s.amazonaws.com/createdAt'] =
      createdAt;

    // Act
    const actual = factsOf(snapshot, 'eni-leak');

    // Assess
    expect(actual.ageSeconds).toBe(expected);
  });

  it('marks ENIs in a subnet routed to an internet gateway as public, with their prefixes counted', () => {
    // Prepare
    const snapshot = base();
    snapshot.routeTables?.[0]?.routes.push({
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: 'igw-1',
      state: 'active',
    });
    eniOf(snapshot, 'eni-branch-1').ipv4Prefixes = ['10.0.16.208/28'];

    // Act
    const actual = factsOf(snapshot, 'eni-branch-1');

    // Assess
    expect(actual).toMatchObject({
      eniKind: 'branch',
      inPublicSubnet: true,
      ipCount: 17,
      clusterName: 'prod',
      instanceId: 'i-node1',
    });
  });

  it('sorts and de-duplicates security groups and uses the owner account in the ARN', () => {
    // Prepare
    const snapshot = base();
    const eni = eniOf(snapshot, 'eni-node1-1');
    eni.groupIds = ['sg-b', 'sg-a', 'sg-b', 'sg-a', 'sg-c'];
    eni.ownerId = '444455556666';

    // Act
    const actual = factsOf(snapshot, 'eni-node1-1');

    // Assess
    expect(actual.groupIds).toStrictEqual(['sg-a', 'sg-b', 'sg-c']);
    expect(actual.arn).toBe(
      'arn:aws:ec2:us-east-1:444455556666:network-interface/eni-node1-1',
    );
  });

  it('sums the addresses of every leak candidate of the subnet into the leaked share', () => {
    // Prepare: a second detached CNI ENI with 4 addresses, without the
    // createdAt tag, joins eni-leak in subnet-node-b
    const snapshot = base();
    const second = structuredClone(eniOf(snapshot, 'eni-leak'));
    second.networkInterfaceId = 'eni-leak-2';
    delete second.tags['node.k8s.amazonaws.com/createdAt'];
    second.privateIpAddresses = second.privateIpAddresses.slice(0, 4);
    second.ipv4Prefixes = [];
    snapshot.networkInterfaces?.push(second);

    // Act
    const leak = factsOf(snapshot, 'eni-leak');
    const other = factsOf(snapshot, 'eni-leak-2');

    // Assess
    expect(other.ipCount).toBe(4);
    expect(leak.subnetSharePercent).toBe((10 / 251) * 100);
    expect(leak.subnetLeakedSharePercent).toBe((14 / 251) * 100);
    expect(other.subnetLeakedSharePercent).toBe((14 / 251) * 100);
  });

  it('gives every ENI the leaked share of its subnet, zero without candidates or subnet', () => {
    // Prepare
    const snapshot = base();
    eniOf(snapshot, 'eni-lb').subnetId = 'subnet-elsewhere';
    const cases: [string, number][] = [
      ['eni-node2-0', (10 / 251) * 100],
      ['eni-node1-1', 0],
      ['eni-lb', 0],
    ];

    for (const [id, expected] of cases) {
      // Act
      const actual = factsOf(snapshot, id);

      // Assess
      expect(actual.subnetLeakedSharePercent, id).toBe(expected);
    }
  });

  it('gives a zero subnet share when the subnet is unknown', () => {
    // Prepare
    const snapshot = base();
    eniOf(snapshot, 'eni-lb').subnetId = 'subnet-elsewhere';

    // Act
    const actual = factsOf(snapshot, 'eni-lb');

    // Assess
    expect(actual.subnetSharePercent).toBe(0);
  });
});

describe('buildNetworkInterfaces', () => {
  it.each([
    ['one entry per collected ENI', true, 9],
    ['none when ENIs were not collected', false, 0],
  ])('builds %s', (_name, collected, expected) => {
    // Prepare
    const snapshot = base();
    if (!collected) delete snapshot.networkInterfaces;

    // Act
    const actual = buildNetworkInterfaces(buildContext(snapshot as Snapshot));

    // Assess
    expect(actual).toHaveLength(expected);
  });
});
