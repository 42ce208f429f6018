import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import {
  buildNodegroups,
  nodegroupFacts,
} from '../../../../lib/snapshot/derive/nodegroup.js';
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
const clusterOf = (snapshot: Mutable<Snapshot>) =>
  find(snapshot.clusters, () => true);
const groupOf = (snapshot: Mutable<Snapshot>) =>
  find(clusterOf(snapshot).nodegroups, () => true);
const subnetOf = (snapshot: Mutable<Snapshot>, id: string) =>
  find(snapshot.subnets, (s) => s.subnetId === id);

const factsOf = (snapshot: Mutable<Snapshot>, controlPlaneFlowsOk = true) => {
  const ctx = buildContext(snapshot as Snapshot);
  const cluster = ctx.clusterByName.get('prod');
  const group = cluster?.nodegroups?.[0];
  if (!cluster || !group) throw new Error('fixture lacks the node group');
  return nodegroupFacts(ctx, cluster, group, { controlPlaneFlowsOk });
};

const setValues = (snapshot: Mutable<Snapshot>, values: unknown) => {
  const addon = clusterOf(snapshot).vpcCniAddon;
  if (!addon) throw new Error('fixture has no add-on');
  addon.configurationValues = JSON.stringify(values);
};

const M5_4XLARGE = {
  instanceType: 'm5.4xlarge',
  source: 'api+bundled' as const,
  hypervisor: 'nitro',
  bareMetal: false,
  defaultVCpus: 16,
  maximumNetworkInterfaces: 8,
  ipv4AddressesPerInterface: 30,
  trunkingCompatible: true,
  branchInterfaces: 54,
};

describe('nodegroupFacts', () => {
  it('measures the scale-out headroom of a two-AZ secondary-IP group', () => {
    // Prepare
    const snapshot = base();

    // Act
    const actual = factsOf(snapshot);

    // Assess: 8 more nodes × 30 addresses; each AZ must take 4 × 30 = 120
    expect(actual).toStrictEqual({
      kind: 'nodegroup',
      id: 'prod/ng-a',
      name: 'ng-a',
      clusterName: 'prod',
      vpcId: 'vpc-1',
      status: 'ACTIVE',
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      isWindows: false,
      autoMode: false,
      instanceTypes: ['m5.large'],
      distinctMaxPods: [29],
      maxPodsByType: ['m5.large=29'],
      subnetIds: ['subnet-node-a', 'subnet-node-b'],
      subnetAzIds: ['use1-az1', 'use1-az2'],
      remoteAccessSourceSecurityGroups: [],
      usesLaunchTemplate: false,
      nodesWithoutClusterSg: [],
      controlPlaneFlowsOk: true,
      minSize: 1,
      maxSize: 10,
      desiredSize: 2,
      currentNodes: 2,
      footprintPerNode: 30,
      freeIpsInSubnets: 240,
      ipsNeededAtMax: 240,
      ipsNeededAtDesired: 0,
      subnetShortfalls: ['subnet-node-b needs 120, has 40'],
      publicSubnetsWithoutAutoAssign: [],
      healthIssueCodes: [],
    });
  });

  it('sizes prefix-mode nodes by whole /28 prefixes', () => {
    // Prepare
    const snapshot = base();
    setValues(snapshot, { env: { ENABLE_PREFIX_DELEGATION: 'true' } });
    const group = groupOf(snapshot);
    group.scalingConfig.desiredSize = 4;

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual).toMatchObject({
      distinctMaxPods: [110],
      footprintPerNode: 129,
      ipsNeededAtMax: 8 * 129,
      ipsNeededAtDesired: 2 * 129,
    });
  });

  it('lists distinct max-Pods values of mixed types and sizes by the largest footprint', () => {
    // Prepare
    const snapshot = base();
    groupOf(snapshot).instanceTypes = ['m5.large', 'm5.4xlarge'];
    snapshot.instanceTypes?.push(structuredClone(M5_4XLARGE));

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual).toMatchObject({
      instanceTypes: ['m5.4xlarge', 'm5.large'],
      distinctMaxPods: [29, 110],
      maxPodsByType: ['m5.4xlarge=110', 'm5.large=29'],
      footprintPerNode: 240,
    });
  });

  it('leaves the footprint absent when a type has unknown limits', () => {
    // Prepare
    const snapshot = base();
    groupOf(snapshot).instanceTypes = ['m5.large', 'x9.new'];

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual).not.toHaveProperty('footprintPerNode');
    expect(actual).toMatchObject({
      maxPodsByType: ['m5.large=29'],
      ipsNeededAtMax: 0,
      subnetShortfalls: [],
    });
  });

  it('takes instance types from running instances when the group names none', () => {
    // Prepare
    const snapshot = base();
    groupOf(snapshot).instanceTypes = null;

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.instanceTypes).toStrictEqual(['m5.large']);
  });

  it('has no footprint for a group with no types at all', () => {
    // Prepare
    const snapshot = base();
    groupOf(snapshot).instanceTypes = null;
    delete snapshot.instances;

    // Act
    const actual = factsOf(snapshot);

    // Assess: no instance is visible, so current nodes fall back to desired
    expect(actual.instanceTypes).toStrictEqual([]);
    expect(actual).not.toHaveProperty('footprintPerNode');
    expect(actual.currentNodes).toBe(2);
  });

  it('charges custom-networking Pods to the ENIConfig subnets of the group AZs', () => {
    // Prepare
    const snapshot = base();
    const podA = {
      ...structuredClone(subnetOf(snapshot, 'subnet-node-a')),
      subnetId: 'subnet-pod-a',
      cidrBlock: '100.64.0.0/19',
      availableIpAddressCount: 8000,
    };
    const podB = {
      ...structuredClone(subnetOf(snapshot, 'subnet-node-b')),
      subnetId: 'subnet-pod-b',
      cidrBlock: '100.64.32.0/19',
      availableIpAddressCount: 10,
    };
    const podC = {
      ...structuredClone(podA),
      subnetId: 'subnet-pod-c',
      availabilityZone: 'us-east-1c',
      availabilityZoneId: 'use1-az3',
    };
    snapshot.subnets?.push(podA, podB, podC);
    setValues(snapshot, {
      env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' },
      eniConfig: {
        subnets: {
          'us-east-1a': { id: 'subnet-pod-a' },
          'us-east-1b': { id: 'subnet-pod-b' },
          'us-east-1c': { id: 'subnet-pod-c' },
        },
      },
    });

    // Act
    const actual = factsOf(snapshot);

    // Assess: (3 − 1) × 10 = 20 per node; each AZ takes 4 × 20 = 80 Pod
    // addresses and 4 node addresses
    expect(actual).toMatchObject({
      footprintPerNode: 20,
      freeIpsInSubnets: 8010,
      ipsNeededAtMax: 160,
      subnetShortfalls: ['subnet-pod-b needs 80, has 10'],
    });
  });

  it('finds custom-networking pod subnets through the ENI layout', () => {
    // Prepare: node1's CNI ENI sits in a pod subnet; node-b's share of one
    // node address per node no longer fits
    const snapshot = base();
    snapshot.subnets?.push({
      ...structuredClone(subnetOf(snapshot, 'subnet-node-a')),
      subnetId: 'subnet-pod-a',
      cidrBlock: '100.64.0.0/19',
      availableIpAddressCount: 8000,
    });
    find(
      snapshot.networkInterfaces,
      (e) => e.networkInterfaceId === 'eni-node1-1',
    ).subnetId = 'subnet-pod-a';
    subnetOf(snapshot, 'subnet-node-b').availableIpAddressCount = 3;

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual).toMatchObject({
      freeIpsInSubnets: 8000,
      subnetShortfalls: ['subnet-node-b needs 4, has 3'],
    });
  });

  it('falls back to the group subnets when no pod subnet is visible', () => {
    // Prepare
    const snapshot = base();
    setValues(snapshot, {
      env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' },
    });

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual).toMatchObject({
      footprintPerNode: 20,
      freeIpsInSubnets: 240,
      subnetShortfalls: ['subnet-node-b needs 80, has 40'],
    });
  });

  it('lists nodes whose primary ENI lacks the cluster security group', () => {
    // Prepare
    const snapshot = base();
    find(
      snapshot.networkInterfaces,
      (e) => e.networkInterfaceId === 'eni-node2-0',
    ).groupIds = ['sg-pod'];

    // Act
    const actual = factsOf(snapshot, false);

    // Assess
    expect(actual.nodesWithoutClusterSg).toStrictEqual(['i-node2']);
    expect(actual.controlPlaneFlowsOk).toBe(false);
  });

  it('lists no node without the cluster security group when the cluster has none', () => {
    // Prepare
    const snapshot = base();
    delete clusterOf(snapshot).resourcesVpcConfig.clusterSecurityGroupId;
    find(
      snapshot.networkInterfaces,
      (e) => e.networkInterfaceId === 'eni-node2-0',
    ).groupIds = ['sg-pod'];

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.nodesWithoutClusterSg).toStrictEqual([]);
  });

  it.each([
    ['ipv4', ['subnet-node-a', 'subnet-node-b']],
    ['ipv6', ['subnet-node-b']],
  ])(
    'lists public subnets that do not auto-assign in an %s cluster',
    (ipFamily, expected) => {
      // Prepare
      const snapshot = base();
      clusterOf(snapshot).kubernetesNetworkConfig = {
        ipFamily: ipFamily as 'ipv4' | 'ipv6',
      };
      subnetOf(snapshot, 'subnet-node-a').assignIpv6AddressOnCreation = true;
      snapshot.routeTables?.[0]?.routes.push({
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: 'igw-1',
      });

      // Act
      const actual = factsOf(snapshot);

      // Assess
      expect(actual.publicSubnetsWithoutAutoAssign).toStrictEqual(expected);
    },
  );

  it('copies remote access, launch template, Windows AMI and health codes', () => {
    // Prepare
    const snapshot = base();
    const group = groupOf(snapshot);
    group.nodegroupArn =
      'arn:aws:eks:us-east-1:111122223333:nodegroup/prod/ng-a/1';
    group.amiType = 'WINDOWS_FULL_2022_x86_64';
    group.remoteAccess = {
      ec2SshKey: 'ops',
      sourceSecurityGroups: ['sg-b', 'sg-a'],
    };
    group.launchTemplate = { id: 'lt-1', version: '3' };
    group.health.issues = [
      { code: 'Ec2SubnetInvalidConfiguration' },
      { code: 'AccessDenied' },
    ];
    clusterOf(snapshot).computeConfig = { enabled: true };

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual).toMatchObject({
      arn: 'arn:aws:eks:us-east-1:111122223333:nodegroup/prod/ng-a/1',
      isWindows: true,
      autoMode: true,
      distinctMaxPods: [9],
      remoteAccessSshKey: 'ops',
      remoteAccessSourceSecurityGroups: ['sg-a', 'sg-b'],
      usesLaunchTemplate: true,
      healthIssueCodes: ['AccessDenied', 'Ec2SubnetInvalidConfiguration'],
    });
  });
});

describe('buildNodegroups', () => {
  it('builds every listed node group with its cluster flow verdict', () => {
    // Prepare
    const snapshot = base();
    snapshot.clusters?.push({
      ...structuredClone(clusterOf(snapshot)),
      name: 'unlisted',
      nodegroups: undefined,
    });
    delete snapshot.clusters?.[1]?.nodegroups;

    // Act
    const actual = buildNodegroups(
      buildContext(snapshot as Snapshot),
      (name) => name !== 'prod',
    );

    // Assess
    expect(actual.map((g) => [g.id, g.controlPlaneFlowsOk])).toStrictEqual([
      ['prod/ng-a', false],
    ]);
  });
});
