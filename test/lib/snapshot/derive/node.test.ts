import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import { buildNodes, nodeFacts } from '../../../../lib/snapshot/derive/node.js';
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

const find = <T>(items: T[] | undefined, pick: (item: T) => boolean): T => {
  const found = (items ?? []).find(pick);
  if (found === undefined) throw new Error('fixture lacks the item');
  return found;
};
const eniOf = (snapshot: Mutable<Snapshot>, id: string) =>
  find(snapshot.networkInterfaces, (e) => e.networkInterfaceId === id);
const instanceOf = (snapshot: Mutable<Snapshot>, id: string) =>
  find(snapshot.instances, (i) => i.instanceId === id);
const clusterOf = (snapshot: Mutable<Snapshot>) =>
  find(snapshot.clusters, () => true);

const factsOf = (snapshot: Mutable<Snapshot>, instanceId: string) => {
  const ctx = buildContext(snapshot as Snapshot);
  const instance = ctx.instanceById.get(instanceId);
  const cluster = ctx.clusterByName.get('prod');
  if (!instance || !cluster) throw new Error('fixture lacks node or cluster');
  return nodeFacts(ctx, cluster, instance);
};

const setEnv = (snapshot: Mutable<Snapshot>, env: Record<string, string>) => {
  const addon = clusterOf(snapshot).vpcCniAddon;
  if (!addon) throw new Error('fixture has no add-on');
  addon.configurationValues = JSON.stringify({ env });
};

describe('nodeFacts', () => {
  it('describes a secondary-IP node with a trunk and one branch ENI', () => {
    // Prepare
    const snapshot = base();

    // Act
    const actual = factsOf(snapshot, 'i-node1');

    // Assess
    expect(actual).toStrictEqual({
      kind: 'node',
      id: 'i-node1',
      name: 'i-node1',
      arn: 'arn:aws:ec2:us-east-1:111122223333:instance/i-node1',
      clusterName: 'prod',
      vpcId: 'vpc-1',
      nodegroupName: 'ng-a',
      instanceType: 'm5.large',
      state: 'running',
      subnetId: 'subnet-node-a',
      availabilityZone: 'us-east-1a',
      privateIpAddress: '10.0.16.10',
      inPublicSubnet: false,
      inClusterSubnet: false,
      isWindows: false,
      autoMode: false,
      hypervisor: 'nitro',
      bareMetal: false,
      securityGroupIds: ['sg-cluster'],
      clusterTaggedSecurityGroupCount: 1,
      cniMode: 'secondary-ip',
      enisAttached: 3,
      eniLimit: 3,
      ipv4PerEni: 10,
      secondaryIps: 18,
      ipv4Prefixes: 0,
      maxPods: 29,
      excludedEnis: 0,
      trunkingCompatible: true,
      hasTrunk: true,
      branchEnis: 1,
      branchLimit: 9,
      branchUsePercent: (1 / 9) * 100,
      sgpInUse: true,
      sgpConfigured: true,
      primaryEniDeleteOnTermination: true,
    });
  });

  it('reports a primary ENI kept after termination', () => {
    // Prepare
    const snapshot = base();

    // Act
    const actual = factsOf(snapshot, 'i-node2');

    // Assess
    expect(actual.primaryEniDeleteOnTermination).toBe(false);
    expect(actual.hasTrunk).toBe(false);
  });

  it('takes prefix mode from a prefix on the node and caps max Pods at 110', () => {
    // Prepare
    const snapshot = base();
    eniOf(snapshot, 'eni-node1-1').ipv4Prefixes = ['10.0.16.128/28'];

    // Act
    const actual = factsOf(snapshot, 'i-node1');

    // Assess
    expect(actual).toMatchObject({
      cniMode: 'prefix',
      maxPods: 110,
      ipv4Prefixes: 1,
    });
  });

  const clusterModeCases = [
    {
      name: 'a node without CNI addresses yet gets the configured prefix mode',
      type: 'm5.large',
      expected: { cniMode: 'prefix', maxPods: 110 },
    },
    {
      name: 'a non-Nitro node stays in secondary-IP mode under prefix delegation',
      type: 'm4.large',
      expected: { cniMode: 'secondary-ip', maxPods: 20 },
    },
  ];
  it.each(clusterModeCases)('$name', ({ type, expected }) => {
    // Prepare
    const snapshot = base();
    setEnv(snapshot, { ENABLE_PREFIX_DELEGATION: 'true' });
    eniOf(snapshot, 'eni-node2-0').privateIpAddresses = [
      { privateIpAddress: '10.0.17.10', primary: true },
    ];
    instanceOf(snapshot, 'i-node2').instanceType = type;
    snapshot.instanceTypes?.push({
      instanceType: 'm4.large',
      source: 'bundled',
      hypervisor: 'xen',
      bareMetal: false,
      defaultVCpus: 2,
      maximumNetworkInterfaces: 2,
      ipv4AddressesPerInterface: 10,
    });

    // Act
    const actual = factsOf(snapshot, 'i-node2');

    // Assess
    expect(actual).toMatchObject(expected);
  });

  it('infers custom networking on an IPv6 node as custom networking with prefixes', () => {
    // Prepare
    const snapshot = base();
    clusterOf(snapshot).kubernetesNetworkConfig = { ipFamily: 'ipv6' };
    snapshot.subnets?.push({
      ...structuredClone(
        find(snapshot.subnets, (s) => s.subnetId === 'subnet-node-a'),
      ),
      subnetId: 'subnet-pod-a',
      cidrBlock: '100.64.0.0/19',
    });
    eniOf(snapshot, 'eni-node1-1').subnetId = 'subnet-pod-a';

    // Act
    const actual = factsOf(snapshot, 'i-node1');

    // Assess
    expect(actual.cniMode).toBe('custom-networking+prefix');
  });

  it('infers custom networking on an IPv4 node from a CNI ENI in a pod subnet', () => {
    // Prepare
    const snapshot = base();
    snapshot.subnets?.push({
      ...structuredClone(
        find(snapshot.subnets, (s) => s.subnetId === 'subnet-node-a'),
      ),
      subnetId: 'subnet-pod-a',
      cidrBlock: '100.64.0.0/19',
    });
    eniOf(snapshot, 'eni-node1-1').subnetId = 'subnet-pod-a';

    // Act
    const actual = factsOf(snapshot, 'i-node1');

    // Assess
    expect(actual).toMatchObject({ cniMode: 'custom-networking', maxPods: 20 });
  });

  it('gives a node of an IPv6 cluster without CNI addresses the prefix mode', () => {
    // Prepare
    const snapshot = base();
    clusterOf(snapshot).kubernetesNetworkConfig = { ipFamily: 'ipv6' };
    eniOf(snapshot, 'eni-node2-0').privateIpAddresses = [
      { privateIpAddress: '10.0.17.10', primary: true },
    ];

    // Act
    const actual = factsOf(snapshot, 'i-node2');

    // Assess
    expect(actual).toMatchObject({ cniMode: 'prefix', maxPods: 110 });
  });

  it('leaves limit facts absent for an instance type with unknown limits', () => {
    // Prepare
    const snapshot = base();
    instanceOf(snapshot, 'i-node2').instanceType = 'x9.new';

    // Act
    const actual = factsOf(snapshot, 'i-node2');

    // Assess
    for (const field of [
      'hypervisor',
      'bareMetal',
      'eniLimit',
      'ipv4PerEni',
      'maxPods',
      'trunkingCompatible',
      'branchLimit',
      'branchUsePercent',
    ]) {
      expect(actual, field).not.toHaveProperty(field);
    }
    expect(actual.cniMode).toBe('secondary-ip');
  });

  it('counts one ENI for Pods on a Windows node', () => {
    // Prepare
    const snapshot = base();
    instanceOf(snapshot, 'i-node2').platform = 'windows';

    // Act
    const actual = factsOf(snapshot, 'i-node2');

    // Assess
    expect(actual).toMatchObject({ isWindows: true, maxPods: 9 });
  });

  it('falls back to the instance when ENIs were not collected', () => {
    // Prepare
    const snapshot = base();
    delete snapshot.networkInterfaces;

    // Act
    const actual = factsOf(snapshot, 'i-node1');

    // Assess
    expect(actual).toMatchObject({
      enisAttached: 1,
      securityGroupIds: ['sg-cluster'],
      secondaryIps: 0,
      hasTrunk: false,
      primaryEniDeleteOnTermination: true,
    });
  });

  it('sees a node with a public address in a public cluster subnet', () => {
    // Prepare
    const snapshot = base();
    const instance = instanceOf(snapshot, 'i-node2');
    instance.subnetId = 'subnet-cp-b';
    instance.publicIpAddress = '198.51.100.7';
    delete instance.availabilityZone;
    snapshot.routeTables?.[0]?.routes.push({
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: 'igw-1',
    });

    // Act
    const actual = factsOf(snapshot, 'i-node2');

    // Assess
    expect(actual).toMatchObject({
      subnetId: 'subnet-cp-b',
      availabilityZone: 'us-east-1b',
      publicIpAddress: '198.51.100.7',
      inPublicSubnet: true,
      inClusterSubnet: true,
    });
  });

  it('counts only security groups tagged owned or shared for the cluster', () => {
    // Prepare
    const snapshot = base();
    eniOf(snapshot, 'eni-node2-0').groupIds = [
      'sg-pod',
      'sg-cluster',
      'sg-gone',
    ];
    const podSg = find(snapshot.securityGroups, (g) => g.groupId === 'sg-pod');
    podSg.tags['kubernetes.io/cluster/prod'] = 'other';

    // Act
    const actual = factsOf(snapshot, 'i-node2');

    // Assess
    expect(actual.securityGroupIds).toStrictEqual([
      'sg-cluster',
      'sg-gone',
      'sg-pod',
    ]);
    expect(actual.clusterTaggedSecurityGroupCount).toBe(1);
  });
});

describe('buildNodes', () => {
  it('builds one entry per pending or running instance of a known cluster', () => {
    // Prepare
    const snapshot = base();
    snapshot.instances?.push(
      {
        ...structuredClone(instanceOf(snapshot, 'i-node2')),
        instanceId: 'i-stopped',
        state: 'stopped',
      },
      {
        ...structuredClone(instanceOf(snapshot, 'i-node2')),
        instanceId: 'i-other',
        tags: { 'aws:eks:cluster-name': 'deleted-cluster' },
      },
    );

    // Act
    const actual = buildNodes(buildContext(snapshot as Snapshot));

    // Assess
    expect(actual.map((n) => n.id).sort()).toStrictEqual([
      'i-node1',
      'i-node2',
    ]);
  });
});
