import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cniClusterFacts,
  parseCniVersion,
} from '../../../../lib/snapshot/derive/cniCluster.js';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
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

const clusterOf = (snapshot: Mutable<Snapshot>) =>
  (snapshot.clusters ?? [])[0] as Mutable<
    NonNullable<Snapshot['clusters']>[number]
  >;

const eniById = (snapshot: Mutable<Snapshot>, id: string) => {
  const eni = (snapshot.networkInterfaces ?? []).find(
    (e) => e.networkInterfaceId === id,
  );
  if (!eni) throw new Error(`fixture has no ${id}`);
  return eni;
};

const factsOf = (snapshot: Mutable<Snapshot>) =>
  cniClusterFacts(buildContext(snapshot as Snapshot), clusterOf(snapshot));

const POD_SUBNET_A = {
  subnetId: 'subnet-pod-a',
  vpcId: 'vpc-1',
  cidrBlock: '100.64.0.0/19',
  availableIpAddressCount: 8000,
  availabilityZone: 'us-east-1a',
  availabilityZoneId: 'use1-az1',
  mapPublicIpOnLaunch: false,
  assignIpv6AddressOnCreation: false,
  ipv6CidrBlocks: [],
  ipv6Native: false,
  enableDns64: false,
  tags: {},
};

describe('cniClusterFacts', () => {
  it('reads the add-on, its settings, the layout and the node types of the base cluster', () => {
    // Prepare
    const snapshot = base();

    // Act
    const actual = factsOf(snapshot);

    // Assess: sg-pod lacks TCP 53 out and the cluster SG lacks TCP 53 in
    expect(actual).toStrictEqual({
      cniAddonInstalled: true,
      cniVersion: '1.18.5-eksbuild.1',
      cniStatus: 'ACTIVE',
      cniHealthIssueCodes: [],
      cniConfigVisible: true,
      cniEnv: { ENABLE_POD_ENI: 'true', WARM_ENI_TARGET: '1' },
      cniEnableNetworkPolicy: 'true',
      pdInUse: false,
      sgpInUse: true,
      sgpConfigured: true,
      customNetInUse: false,
      cniFeatureVersionGaps: [],
      nodeInstanceTypes: ['m5.large'],
      nonNitroNodeTypes: [],
      nonTrunkingNodeTypes: [],
      unknownNodeTypes: [],
      hasWindowsNodes: false,
      customNetVerifiable: false,
      customNetProblems: [],
      customNetPodSubnetCidrs: [],
      podSecurityGroupDnsGaps: [
        'pod->cluster tcp/53 egress (sg-pod)',
        'pod->cluster tcp/53 ingress (sg-pod)',
      ],
    });
  });

  it('leaves every add-on fact absent or empty when the CNI is not a managed add-on', () => {
    // Prepare
    const snapshot = base();
    clusterOf(snapshot).vpcCniAddon = null;

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.cniAddonInstalled).toBe(false);
    expect(actual).not.toHaveProperty('cniVersion');
    expect(actual).not.toHaveProperty('cniStatus');
    expect(actual).not.toHaveProperty('cniEnableNetworkPolicy');
    expect(actual).not.toHaveProperty('sgpConfigured');
    expect(actual.cniConfigVisible).toBe(false);
    expect(actual.cniEnv).toStrictEqual({});
    expect(actual.cniFeatureVersionGaps).toStrictEqual([]);
  });

  it('reports the add-on health issue codes sorted and de-duplicated', () => {
    // Prepare
    const snapshot = base();
    const addon = clusterOf(snapshot).vpcCniAddon;
    if (!addon) throw new Error('fixture has no add-on');
    addon.status = 'DEGRADED';
    addon.health.issues = [
      { code: 'InsufficientNumberOfReplicas' },
      { code: 'AccessDenied' },
      { code: 'AccessDenied' },
    ];

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.cniStatus).toBe('DEGRADED');
    expect(actual.cniHealthIssueCodes).toStrictEqual([
      'AccessDenied',
      'InsufficientNumberOfReplicas',
    ]);
  });

  const versionCases = [
    {
      name: 'prefixes in use on 1.7.5 need 1.9.0, trunks need 1.7.7',
      version: 'v1.7.5-eksbuild.1',
      ipFamily: 'ipv4',
      expected: [
        'prefix delegation needs >= 1.9.0',
        'security groups for Pods needs >= 1.7.7',
      ],
    },
    {
      name: 'an IPv6 cluster on 1.10.0 needs 1.10.1',
      version: 'v1.10.0-eksbuild.2',
      ipFamily: 'ipv6',
      expected: ['IPv6 needs >= 1.10.1'],
    },
    {
      name: 'a version meeting every minimum has no gap',
      version: 'v1.10.1-eksbuild.1',
      ipFamily: 'ipv6',
      expected: [],
    },
    {
      name: 'an unparseable version has no gap to report',
      version: 'latest',
      ipFamily: 'ipv6',
      expected: [],
    },
  ] as const;
  it.each(versionCases)('$name', ({ version, ipFamily, expected }) => {
    // Prepare: prefixes on node1's CNI ENI, the case's version and family
    const snapshot = base();
    const cluster = clusterOf(snapshot);
    if (!cluster.vpcCniAddon) throw new Error('fixture has no add-on');
    cluster.vpcCniAddon.addonVersion = version;
    cluster.kubernetesNetworkConfig = { ipFamily };
    eniById(snapshot, 'eni-node1-1').ipv4Prefixes = ['10.0.16.128/28'];

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.pdInUse).toBe(true);
    expect(actual.cniFeatureVersionGaps).toStrictEqual(expected);
  });

  it('reads configured modes from the env even when the layout does not show them', () => {
    // Prepare
    const snapshot = base();
    const addon = clusterOf(snapshot).vpcCniAddon;
    if (!addon) throw new Error('fixture has no add-on');
    addon.configurationValues = JSON.stringify({
      env: {
        ENABLE_PREFIX_DELEGATION: 'true',
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false',
        ENABLE_POD_ENI: 'false',
      },
    });
    addon.addonVersion = 'v1.8.0-eksbuild.1';

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual).toMatchObject({
      pdInUse: false,
      pdConfigured: true,
      customNetConfigured: false,
      sgpConfigured: false,
      sgpInUse: true,
      cniFeatureVersionGaps: ['prefix delegation needs >= 1.9.0'],
    });
    expect(actual).not.toHaveProperty('cniEnableNetworkPolicy');
  });

  it('infers custom networking from a CNI ENI in a non-node subnet', () => {
    // Prepare
    const snapshot = base();
    snapshot.subnets?.push(structuredClone(POD_SUBNET_A));
    eniById(snapshot, 'eni-node1-1').subnetId = 'subnet-pod-a';

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual).toMatchObject({
      customNetInUse: true,
      customNetVerifiable: true,
      customNetProblems: [],
      customNetPodSubnetCidrs: ['100.64.0.0/19'],
    });
  });

  it('does not take a subnet tagged for CNI subnet discovery for custom networking', () => {
    // Prepare
    const snapshot = base();
    snapshot.subnets?.push({
      ...structuredClone(POD_SUBNET_A),
      tags: { 'kubernetes.io/role/cni': '1' },
    });
    eniById(snapshot, 'eni-node1-1').subnetId = 'subnet-pod-a';

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.customNetInUse).toBe(false);
    expect(actual.customNetPodSubnetCidrs).toStrictEqual([]);
  });

  it('flags an AZ whose nodes still draw Pod addresses from the node subnet', () => {
    // Prepare: node1 uses a pod subnet, node2 a CNI ENI in its own subnet
    const snapshot = base();
    snapshot.subnets?.push(structuredClone(POD_SUBNET_A));
    eniById(snapshot, 'eni-node1-1').subnetId = 'subnet-pod-a';
    snapshot.networkInterfaces?.push({
      ...structuredClone(eniById(snapshot, 'eni-node1-1')),
      networkInterfaceId: 'eni-node2-1',
      description: 'aws-K8S-i-node2',
      subnetId: 'subnet-node-b',
      availabilityZone: 'us-east-1b',
      attachment: { instanceId: 'i-node2', deviceIndex: 1 },
      tags: { 'node.k8s.amazonaws.com/instance_id': 'i-node2' },
    });

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.customNetProblems).toStrictEqual([
      'no pod subnet seen for us-east-1b',
    ]);
  });

  it('checks ENIConfig subnets from configurationValues against node AZs and the VPC', () => {
    // Prepare
    const snapshot = base();
    snapshot.subnets?.push(structuredClone(POD_SUBNET_A), {
      ...structuredClone(POD_SUBNET_A),
      subnetId: 'subnet-other-vpc',
      vpcId: 'vpc-2',
      cidrBlock: '100.65.0.0/19',
    });
    const addon = clusterOf(snapshot).vpcCniAddon;
    if (!addon) throw new Error('fixture has no add-on');
    addon.configurationValues = JSON.stringify({
      env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' },
      eniConfig: {
        create: true,
        subnets: {
          'us-east-1a': { id: 'subnet-other-vpc' },
          'us-east-1b': { id: 'subnet-pod-a' },
          'use1-az9': { id: 'subnet-gone' },
          custom: { id: 'subnet-pod-a' },
        },
      },
    });

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual).toMatchObject({
      customNetConfigured: true,
      customNetInUse: false,
      customNetVerifiable: true,
      customNetProblems: [
        'no pod subnet for us-east-1b',
        'pod subnet subnet-gone for use1-az9 not found',
        'pod subnet subnet-other-vpc is in another VPC (vpc-2)',
        'pod subnet subnet-pod-a for us-east-1b is in us-east-1a',
      ],
      customNetPodSubnetCidrs: ['100.64.0.0/19', '100.65.0.0/19'],
    });
  });

  it('takes a node AZ from its subnet when the instance does not say', () => {
    // Prepare
    const snapshot = base();
    snapshot.subnets?.push(structuredClone(POD_SUBNET_A));
    const instance = snapshot.instances?.[1];
    if (instance) delete instance.availabilityZone;
    const addon = clusterOf(snapshot).vpcCniAddon;
    if (!addon) throw new Error('fixture has no add-on');
    addon.configurationValues = JSON.stringify({
      env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' },
      eniConfig: { subnets: { 'us-east-1a': { id: 'subnet-pod-a' } } },
    });

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.customNetProblems).toStrictEqual([
      'no pod subnet for us-east-1b',
    ]);
  });

  it('sorts node types into non-Nitro, non-trunking and unknown', () => {
    // Prepare
    const snapshot = base();
    const group = clusterOf(snapshot).nodegroups?.[0];
    if (!group) throw new Error('fixture has no node group');
    group.instanceTypes = ['m5.large', 'm4.large', 't3.medium', 'x9.new'];
    snapshot.instanceTypes?.push(
      {
        instanceType: 'm4.large',
        source: 'bundled',
        hypervisor: 'xen',
        bareMetal: false,
        maximumNetworkInterfaces: 2,
        ipv4AddressesPerInterface: 10,
        trunkingCompatible: false,
      },
      {
        instanceType: 't3.medium',
        source: 'api+bundled',
        hypervisor: 'nitro',
        maximumNetworkInterfaces: 3,
        ipv4AddressesPerInterface: 6,
        trunkingCompatible: false,
      },
      { instanceType: 'x9.new', source: 'api', hypervisor: 'nitro' },
    );

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual).toMatchObject({
      nodeInstanceTypes: ['m4.large', 'm5.large', 't3.medium', 'x9.new'],
      nonNitroNodeTypes: ['m4.large'],
      nonTrunkingNodeTypes: ['m4.large', 't3.medium', 'x9.new'],
      unknownNodeTypes: ['x9.new'],
    });
  });

  it.each([
    ['a Windows node group', 'amiType'],
    ['a Windows instance', 'platform'],
  ])('sees Windows nodes through %s', (_name, field) => {
    // Prepare
    const snapshot = base();
    if (field === 'amiType') {
      const group = clusterOf(snapshot).nodegroups?.[0];
      if (group) group.amiType = 'WINDOWS_CORE_2022_x86_64';
    } else {
      const instance = snapshot.instances?.[1];
      if (instance) instance.platform = 'windows';
    }

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.hasWindowsNodes).toBe(true);
  });

  it('keeps a DNS gap when pod egress covers only part of the VPC', () => {
    // Prepare
    const snapshot = base();
    const [clusterSg, podSg] = snapshot.securityGroups ?? [];
    if (!clusterSg || !podSg) throw new Error('fixture lacks groups');
    clusterSg.ipPermissions.push({
      ipProtocol: 'tcp',
      fromPort: 53,
      toPort: 53,
      ipRanges: ['10.0.0.0/16'],
      ipv6Ranges: [],
      prefixListIds: [],
      userIdGroupPairs: [],
    });
    podSg.ipPermissionsEgress.push({
      ipProtocol: 'tcp',
      fromPort: 53,
      toPort: 53,
      ipRanges: ['10.0.0.0/16'],
      ipv6Ranges: [],
      prefixListIds: [],
      userIdGroupPairs: [],
    });

    // Act
    const actual = factsOf(snapshot);

    // Assess: the cluster SG now admits TCP 53 from the pod addresses; the
    // VPC also has 100.64.0.0/16, where CoreDNS may run, so egress to
    // 10.0.0.0/16 alone is still a gap
    expect(actual.podSecurityGroupDnsGaps).toStrictEqual([
      'pod->cluster tcp/53 egress (sg-pod)',
    ]);
  });

  it('finds no DNS gap once both sides allow TCP and UDP 53', () => {
    // Prepare
    const snapshot = base();
    const [clusterSg, podSg] = snapshot.securityGroups ?? [];
    if (!clusterSg || !podSg) throw new Error('fixture lacks groups');
    const tcp53 = (groupId: string) => ({
      ipProtocol: 'tcp',
      fromPort: 53,
      toPort: 53,
      ipRanges: [],
      ipv6Ranges: [],
      prefixListIds: [],
      userIdGroupPairs: [{ groupId }],
    });
    clusterSg.ipPermissions.push(tcp53('sg-pod'));
    podSg.ipPermissionsEgress.push(tcp53('sg-cluster'));

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.podSecurityGroupDnsGaps).toStrictEqual([]);
  });

  it('lists a DNS flow only a prefix-list rule could allow with the prefix-list suffix', () => {
    // Prepare: the pod SG's only TCP 53 egress rule names a managed prefix
    // list, whose entries are not collected
    const snapshot = base();
    const [, podSg] = snapshot.securityGroups ?? [];
    if (!podSg) throw new Error('fixture lacks groups');
    podSg.ipPermissionsEgress.push({
      ipProtocol: 'tcp',
      fromPort: 53,
      toPort: 53,
      ipRanges: [],
      ipv6Ranges: [],
      prefixListIds: ['pl-0123'],
      userIdGroupPairs: [],
    });

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.podSecurityGroupDnsGaps).toStrictEqual([
      'pod->cluster tcp/53 egress (sg-pod) (prefix list not resolved)',
      'pod->cluster tcp/53 ingress (sg-pod)',
    ]);
  });

  it('addresses pods in an unknown subnet by their own address', () => {
    // Prepare: the branch ENI's subnet is not in the snapshot; the cluster SG
    // admits TCP 53 from exactly that address
    const snapshot = base();
    const branch = eniById(snapshot, 'eni-branch-1');
    branch.subnetId = 'subnet-unknown';
    const [clusterSg] = snapshot.securityGroups ?? [];
    clusterSg?.ipPermissions.push({
      ipProtocol: 'tcp',
      fromPort: 53,
      toPort: 53,
      ipRanges: ['10.0.16.70/32'],
      ipv6Ranges: [],
      prefixListIds: [],
      userIdGroupPairs: [],
    });

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.podSecurityGroupDnsGaps).toStrictEqual([
      'pod->cluster tcp/53 egress (sg-pod)',
    ]);
  });

  it('reports no DNS gap when the cluster has no cluster security group', () => {
    // Prepare
    const snapshot = base();
    delete clusterOf(snapshot).resourcesVpcConfig.clusterSecurityGroupId;

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual.podSecurityGroupDnsGaps).toStrictEqual([]);
  });

  it('derives what it can when ENIs, instances and types were not collected', () => {
    // Prepare
    const snapshot = base();
    delete snapshot.networkInterfaces;
    delete snapshot.instances;
    delete snapshot.instanceTypes;

    // Act
    const actual = factsOf(snapshot);

    // Assess
    expect(actual).toMatchObject({
      pdInUse: false,
      sgpInUse: false,
      customNetInUse: false,
      nodeInstanceTypes: ['m5.large'],
      nonTrunkingNodeTypes: ['m5.large'],
      unknownNodeTypes: ['m5.large'],
      podSecurityGroupDnsGaps: [],
    });
  });
});

describe('parseCniVersion', () => {
  it.each([
    ['v1.18.5-eksbuild.1', [1, 18, 5]],
    ['1.9.0', [1, 9, 0]],
    ['v2', undefined],
    [undefined, undefined],
  ])('parses %j', (version, expected) => {
    // Prepare: the version text

    // Act
    const actual = parseCniVersion(version);

    // Assess
    expect(actual).toStrictEqual(expected);
  });
});
