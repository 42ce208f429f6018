import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectSnapshot,
  createInstanceTypeCache,
  expectedCallCount,
} from '../../../lib/collect/index.js';
import { validateSnapshot } from '../../../lib/snapshot/schema.js';
import type { Snapshot } from '../../../lib/snapshot/types.js';
import { type MotoServer, startMoto } from '../../helpers/moto.js';
import {
  buildRegion,
  eksExtras,
  type RegionWorld,
  withClusterVpc,
} from './motoWorld.js';
import {
  cannedHandler,
  makeClients,
  type RequestLog,
  type TestHandler,
} from './support.js';

const ACCOUNT = '123456789012';

/** A clock that returns `start`, then `start + stepMs`, … */
const steppingClock = (start: string, stepMs: number) => {
  let t = Date.parse(start) - stepMs;
  return () => {
    t += stepMs;
    return new Date(t);
  };
};

describe('collectSnapshot against moto', () => {
  let moto: MotoServer;
  let east: RegionWorld;
  let west: RegionWorld;

  beforeAll(async () => {
    moto = await startMoto();
    [east, west] = await Promise.all([
      buildRegion({
        endpoint: moto.endpoint,
        region: 'us-east-1',
        clusterName: 'alpha',
        cidr: '10.0.0.0/16',
        nodegroups: [
          { name: 'ng-1', instanceType: 'm5.large', nodes: 2 },
          { name: 'ng-2', instanceType: 't3.medium', nodes: 1 },
        ],
        withFargate: true,
      }),
      buildRegion({
        endpoint: moto.endpoint,
        region: 'eu-west-1',
        clusterName: 'beta',
        cidr: '10.20.0.0/16',
        nodegroups: [{ name: 'workers', instanceType: 'm5.large', nodes: 1 }],
        withFargate: false,
      }),
    ]);
  });

  afterAll(async () => {
    await moto?.stop();
  });

  const collect = async (
    region: string,
    handler: TestHandler | NodeHttpHandler,
    extra: Partial<Parameters<typeof collectSnapshot>[0]> = {},
    log?: RequestLog,
  ): Promise<Snapshot> =>
    collectSnapshot({
      target: { accountId: ACCOUNT, region },
      scanId: '20261126T104500Z-test',
      clients: makeClients({
        region,
        endpoint: moto.endpoint,
        handler: cannedHandler(eksExtras, handler),
        log,
      }),
      now: steppingClock('2026-11-26T10:45:00.000Z', 1500),
      ...extra,
    });

  it('collects every collection of a region field by field', async () => {
    // Prepare
    const w = east;

    // Act
    const snapshot = await collect('us-east-1', new NodeHttpHandler());

    // Assess
    expect(validateSnapshot(snapshot)).toBe(snapshot);
    expect(snapshot.schemaVersion).toBe(1);
    expect(snapshot.scanId).toBe('20261126T104500Z-test');
    expect(snapshot.target).toEqual({
      accountId: ACCOUNT,
      region: 'us-east-1',
    });
    expect(snapshot.collectedAt).toBe('2026-11-26T10:45:00.000Z');
    expect(snapshot.gaps).toEqual([]);

    expect(snapshot.clusters).toHaveLength(1);
    const cluster = snapshot.clusters?.[0];
    expect(cluster).toMatchObject({
      name: 'alpha',
      arn: `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/alpha`,
      version: '1.31',
      status: 'ACTIVE',
      resourcesVpcConfig: {
        subnetIds: [w.subnets.privateA, w.subnets.privateB],
        securityGroupIds: [w.nodeSgId],
        // moto omits the VPC id: it comes from the subnets' VPC (fallback).
        vpcId: w.vpcId,
        endpointPublicAccess: true,
        endpointPrivateAccess: true,
        publicAccessCidrs: ['203.0.113.0/24'],
      },
      kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16' },
      logging: [{ types: ['api', 'audit'], enabled: true }],
      health: { issues: [] },
      tags: { team: 'platform' },
      vpcCniAddon: {
        addonName: 'vpc-cni',
        addonVersion: 'v1.19.2-eksbuild.1',
        status: 'ACTIVE',
        serviceAccountRoleArn: `arn:aws:iam::${ACCOUNT}:role/vpc-cni`,
        configurationValues:
          '{"env":{"ENABLE_PREFIX_DELEGATION":"true","WARM_PREFIX_TARGET":"1"},"enableNetworkPolicy":"true"}',
        health: { issues: [] },
      },
    });
    expect(cluster?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(cluster?.resourcesVpcConfig.clusterSecurityGroupId).toBeUndefined();
    expect(cluster?.nodegroups?.map((n) => n.nodegroupName)).toEqual([
      'ng-1',
      'ng-2',
    ]);
    expect(cluster?.nodegroups?.[0]).toMatchObject({
      clusterName: 'alpha',
      status: 'ACTIVE',
      capacityType: 'ON_DEMAND',
      scalingConfig: { minSize: 1, maxSize: 4, desiredSize: 2 },
      instanceTypes: ['m5.large'],
      subnets: [w.subnets.privateA, w.subnets.privateB],
      labels: { pool: 'ng-1' },
      tags: { owner: 'team-a' },
      health: { issues: [] },
    });
    expect(cluster?.nodegroups?.[0]?.resources.autoScalingGroups).toHaveLength(
      1,
    );
    expect(cluster?.fargateProfiles).toEqual([
      expect.objectContaining({
        fargateProfileName: 'fp-default',
        clusterName: 'alpha',
        status: 'ACTIVE',
        subnets: [w.subnets.privateA, w.subnets.privateB],
        selectors: [{ namespace: 'default', labels: { fargate: 'yes' } }],
        podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/fargate`,
        health: { issues: [] },
      }),
    ]);

    expect(snapshot.clusterVersions).toEqual([
      {
        clusterVersion: '1.24',
        versionStatus: 'UNSUPPORTED',
        endOfStandardSupportDate: '2024-01-31T00:00:00.000Z',
        endOfExtendedSupportDate: '2025-01-31T00:00:00.000Z',
        defaultVersion: false,
      },
      {
        clusterVersion: '1.31',
        versionStatus: 'EXTENDED_SUPPORT',
        endOfStandardSupportDate: '2025-12-01T00:00:00.000Z',
        endOfExtendedSupportDate: '2026-12-01T00:00:00.000Z',
        defaultVersion: false,
      },
      {
        clusterVersion: '1.33',
        versionStatus: 'STANDARD_SUPPORT',
        endOfStandardSupportDate: '2026-06-26T00:00:00.000Z',
        endOfExtendedSupportDate: '2027-06-27T00:00:00.000Z',
        defaultVersion: true,
      },
    ]);

    expect(snapshot.vpcs).toEqual([
      {
        vpcId: w.vpcId,
        ownerId: ACCOUNT,
        cidrBlock: '10.0.0.0/16',
        cidrBlockAssociationSet: [
          { cidrBlock: '10.0.0.0/16', state: 'associated' },
          { cidrBlock: '10.100.0.0/16', state: 'associated' },
        ],
        ipv6CidrBlockAssociationSet: [],
        dhcpOptionsId: w.dhcpOptionsId,
        isDefault: false,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: { Name: 'alpha-vpc' },
      },
    ]);
    expect(snapshot.dhcpOptions).toEqual([
      {
        dhcpOptionsId: w.dhcpOptionsId,
        configurations: {
          'domain-name': ['us-east-1.compute.internal'],
          'domain-name-servers': ['AmazonProvidedDNS'],
        },
      },
    ]);

    const subnets = new Map(snapshot.subnets?.map((s) => [s.subnetId, s]));
    expect(snapshot.subnets).toHaveLength(4);
    expect(subnets.get(w.subnets.privateA)).toEqual({
      subnetId: w.subnets.privateA,
      vpcId: w.vpcId,
      ownerId: ACCOUNT,
      cidrBlock: '10.0.10.0/24',
      // 251 usable minus the node, its CNI ENI (1 + 3 secondary), the trunk,
      // the branch and one control-plane ENI.
      availableIpAddressCount: expect.any(Number),
      availabilityZone: 'us-east-1a',
      availabilityZoneId: expect.any(String),
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
      ipv6CidrBlocks: [],
      ipv6Native: false,
      enableDns64: false,
      tags: { 'kubernetes.io/role/internal-elb': '1' },
    });
    expect(
      subnets.get(w.subnets.privateA)?.availableIpAddressCount,
    ).toBeLessThan(251);
    expect(subnets.get(w.subnets.publicB)).toMatchObject({
      cidrBlock: '10.0.1.0/24',
      availabilityZone: 'us-east-1b',
      tags: { 'kubernetes.io/role/elb': '1' },
    });

    const tables = new Map(
      snapshot.routeTables?.map((t) => [t.routeTableId, t]),
    );
    expect(snapshot.routeTables).toHaveLength(3);
    expect(tables.get(w.publicRouteTableId)).toEqual({
      routeTableId: w.publicRouteTableId,
      vpcId: w.vpcId,
      associations: [
        { subnetId: w.subnets.publicA, main: false, state: 'associated' },
        { subnetId: w.subnets.publicB, main: false, state: 'associated' },
      ],
      routes: [
        {
          destinationCidrBlock: '10.0.0.0/16',
          gatewayId: 'local',
          state: 'active',
          origin: 'CreateRouteTable',
        },
        {
          destinationCidrBlock: '10.100.0.0/16',
          gatewayId: 'local',
          state: 'active',
          origin: 'CreateRouteTable',
        },
        {
          destinationCidrBlock: '0.0.0.0/0',
          gatewayId: w.igwId,
          state: 'active',
          origin: 'CreateRoute',
        },
      ],
      tags: { Name: 'public' },
    });
    expect(tables.get(w.privateRouteTableId)?.routes).toContainEqual({
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: w.natGatewayId,
      state: 'active',
      origin: 'CreateRoute',
    });
    expect(tables.get(w.privateRouteTableId)?.routes).toContainEqual(
      expect.objectContaining({
        destinationPrefixListId: expect.stringMatching(/^pl-/),
        gatewayId: w.s3EndpointId,
      }),
    );
    expect(
      snapshot.routeTables?.filter((t) => t.associations.some((a) => a.main)),
    ).toHaveLength(1);

    expect(snapshot.natGateways).toEqual([
      {
        natGatewayId: w.natGatewayId,
        vpcId: w.vpcId,
        subnetId: w.subnets.publicA,
        state: 'available',
        addresses: [
          { publicIp: expect.any(String), privateIp: expect.any(String) },
        ],
        tags: { Name: 'nat-a' },
      },
    ]);

    expect(snapshot.vpcEndpoints).toEqual(
      [
        {
          vpcEndpointId: w.s3EndpointId,
          vpcId: w.vpcId,
          serviceName: 'com.amazonaws.us-east-1.s3',
          vpcEndpointType: 'Gateway',
          state: 'available',
          subnetIds: [],
          routeTableIds: [w.privateRouteTableId],
          groupIds: [],
          privateDnsEnabled: expect.any(Boolean),
          tags: {},
        },
        {
          vpcEndpointId: w.ecrEndpointId,
          vpcId: w.vpcId,
          serviceName: 'com.amazonaws.us-east-1.ecr.api',
          vpcEndpointType: 'Interface',
          state: 'available',
          subnetIds: [w.subnets.privateA, w.subnets.privateB],
          routeTableIds: [],
          groupIds: [w.nodeSgId],
          privateDnsEnabled: true,
          tags: {},
        },
      ].sort((a, b) => a.vpcEndpointId.localeCompare(b.vpcEndpointId)),
    );

    const groups = new Map(snapshot.securityGroups?.map((g) => [g.groupId, g]));
    expect(groups.get(w.clusterSgId)).toEqual({
      groupId: w.clusterSgId,
      groupName: 'eks-cluster-sg-alpha',
      vpcId: w.vpcId,
      ownerId: ACCOUNT,
      description: 'EKS created security group',
      ipPermissions: [
        {
          ipProtocol: '-1',
          ipRanges: [],
          ipv6Ranges: [],
          prefixListIds: [],
          userIdGroupPairs: [{ groupId: w.clusterSgId, userId: ACCOUNT }],
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
      tags: { 'aws:eks:cluster-name': 'alpha' },
    });
    expect(groups.get(w.nodeSgId)?.ipPermissions).toEqual([
      {
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        ipRanges: [],
        ipv6Ranges: [],
        prefixListIds: [],
        userIdGroupPairs: [{ groupId: w.clusterSgId, userId: ACCOUNT }],
      },
      {
        ipProtocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        ipRanges: ['0.0.0.0/0'],
        ipv6Ranges: [],
        prefixListIds: [],
        userIdGroupPairs: [],
      },
    ]);
    expect([...groups.values()].map((g) => g.groupName).sort()).toEqual([
      'alpha-nodes',
      'default',
      'eks-cluster-sg-alpha',
    ]);

    const enis = new Map(
      snapshot.networkInterfaces?.map((e) => [e.networkInterfaceId, e]),
    );
    const firstNode = w.instanceIds[0];
    expect(enis.get(w.enis.cni)).toMatchObject({
      status: 'in-use',
      interfaceType: 'interface',
      description: `aws-K8S-${firstNode}`,
      subnetId: w.subnets.privateA,
      vpcId: w.vpcId,
      availabilityZone: 'us-east-1a',
      requesterManaged: false,
      // moto adds the instance's groups when the ENI is attached.
      groupIds: expect.arrayContaining([w.clusterSgId]),
      ipv4Prefixes: [],
      attachment: { instanceId: firstNode, deviceIndex: 1, status: 'attached' },
      tags: {
        'node.k8s.amazonaws.com/instance_id': firstNode,
        'cluster.k8s.amazonaws.com/name': 'alpha',
      },
    });
    const cniIps = enis.get(w.enis.cni)?.privateIpAddresses ?? [];
    expect(cniIps).toHaveLength(4);
    expect(cniIps.filter((ip) => ip.primary)).toEqual([
      {
        privateIpAddress: enis.get(w.enis.cni)?.privateIpAddress,
        primary: true,
      },
    ]);
    expect(enis.get(w.enis.trunk)).toMatchObject({
      description: 'aws-k8s-trunk-eni',
      status: 'available',
      tags: { 'eks:eni:owner': 'eks-vpc-resource-controller' },
    });
    expect(enis.get(w.enis.branch)?.tags).toEqual({
      'eks:eni:owner': 'eks-vpc-resource-controller',
      'vpcresources.k8s.aws/trunk-eni-id': w.enis.trunk,
      'vpcresources.k8s.aws/vlan-id': '1',
    });
    expect(
      w.enis.controlPlane.map((id) => [
        enis.get(id)?.description,
        enis.get(id)?.subnetId,
      ]),
    ).toEqual([
      ['Amazon EKS alpha', w.subnets.privateA],
      ['Amazon EKS alpha', w.subnets.privateB],
    ]);
    // Every node's primary ENI plus the five created ones; moto's NAT
    // gateway and endpoints create no ENIs.
    const primaries = snapshot.networkInterfaces?.filter(
      (e) => e.attachment?.deviceIndex === 0,
    );
    expect(primaries?.map((e) => e.attachment?.instanceId).sort()).toEqual(
      [...w.instanceIds].sort(),
    );

    expect(snapshot.instances?.map((i) => i.instanceId)).toEqual(
      [...w.instanceIds].sort(),
    );
    const node = snapshot.instances?.find((i) => i.instanceId === firstNode);
    expect(node).toMatchObject({
      instanceType: 'm5.large',
      state: 'running',
      subnetId: w.subnets.privateA,
      vpcId: w.vpcId,
      availabilityZone: 'us-east-1a',
      securityGroupIds: expect.arrayContaining([w.clusterSgId, w.nodeSgId]),
      tags: { 'aws:eks:cluster-name': 'alpha', 'eks:nodegroup-name': 'ng-1' },
    });
    expect(node?.platform).toBeUndefined();
    expect(node?.networkInterfaces.map((n) => n.deviceIndex)).toEqual([0, 1]);
    expect(node?.networkInterfaces[1]?.networkInterfaceId).toBe(w.enis.cni);

    expect(snapshot.instanceTypes).toEqual([
      {
        instanceType: 'm5.large',
        source: 'api+bundled',
        hypervisor: 'nitro',
        bareMetal: false,
        defaultVCpus: 2,
        maximumNetworkInterfaces: 3,
        maximumNetworkCards: 1,
        ipv4AddressesPerInterface: 10,
        ipv6AddressesPerInterface: 10,
        ipv6Supported: true,
        trunkingCompatible: true,
        branchInterfaces: 9,
        maxPodsDefault: 29,
      },
      {
        instanceType: 't3.medium',
        source: 'api+bundled',
        hypervisor: 'nitro',
        bareMetal: false,
        defaultVCpus: 2,
        maximumNetworkInterfaces: 3,
        maximumNetworkCards: 1,
        ipv4AddressesPerInterface: 6,
        ipv6AddressesPerInterface: 6,
        ipv6Supported: true,
        trunkingCompatible: false,
        branchInterfaces: 0,
        maxPodsDefault: 17,
      },
    ]);

    expect(snapshot.flowLogs).toEqual([
      {
        flowLogId: w.flowLogId,
        resourceId: w.vpcId,
        trafficType: 'ALL',
        flowLogStatus: 'ACTIVE',
        // moto: the log group does not exist, so delivery fails.
        deliverLogsStatus: 'FAILED',
        logDestinationType: 'cloud-watch-logs',
      },
    ]);
    expect(snapshot.subnetCidrReservations).toBeUndefined();

    const byAction = snapshot.stats.callsByAction;
    expect(snapshot.stats.apiCalls).toBe(
      Object.values(byAction).reduce((a, b) => a + b, 0),
    );
    expect(byAction['ec2:DescribeVpcAttribute']).toBe(2);
    // moto leaves vpcId out of DescribeCluster: the documented fallback
    // costs one DescribeSubnets by subnet id on top of the plan.
    expect(snapshot.stats.apiCalls).toBe(
      expectedCallCount({
        clusters: 1,
        nodegroups: 2,
        fargateProfiles: 1,
        vpcs: 1,
        instanceTypesToFetch: 2,
      }) + 1,
    );
    expect(byAction['ec2:DescribeSubnets']).toBe(2);
    expect(snapshot.stats.durationMs).toBe(1500);
  });

  it('keeps regions apart and records a self-managed CNI as null', async () => {
    // Prepare
    const w = west;

    // Act
    const snapshot = await collect('eu-west-1', new NodeHttpHandler());

    // Assess
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.clusters?.map((c) => c.name)).toEqual(['beta']);
    expect(snapshot.clusters?.[0]?.vpcCniAddon).toBeNull();
    expect(snapshot.clusters?.[0]?.fargateProfiles).toEqual([]);
    expect(
      snapshot.clusters?.[0]?.nodegroups?.map((n) => n.nodegroupName),
    ).toEqual(['workers']);
    expect(snapshot.vpcs?.map((v) => v.vpcId)).toEqual([w.vpcId]);
    expect(new Set(snapshot.subnets?.map((s) => s.vpcId))).toEqual(
      new Set([w.vpcId]),
    );
    expect(snapshot.subnets?.map((s) => s.availabilityZone).sort()).toEqual([
      'eu-west-1a',
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1b',
    ]);
    expect(snapshot.instances?.map((i) => i.instanceId)).toEqual(w.instanceIds);
    expect(snapshot.instanceTypes?.map((t) => t.instanceType)).toEqual([
      'm5.large',
    ]);
    expect(snapshot.networkInterfaces?.some((e) => e.vpcId !== w.vpcId)).toBe(
      false,
    );
  });

  it('sends exactly the planned calls, never the same one twice', async () => {
    // Prepare: DescribeCluster carries the VPC id, as real EKS answers.
    const cache = createInstanceTypeCache();
    const handler = withClusterVpc(new NodeHttpHandler(), [east, west]);
    const eastLog: RequestLog = { keys: [] };
    const westLog: RequestLog = { keys: [] };

    // Act
    const eastSnapshot = await collect(
      'us-east-1',
      handler,
      { instanceTypeCache: cache },
      eastLog,
    );
    const westSnapshot = await collect(
      'eu-west-1',
      handler,
      { instanceTypeCache: cache },
      westLog,
    );

    // Assess
    expect(eastSnapshot.gaps).toEqual([]);
    expect(eastSnapshot.clusters?.[0]?.resourcesVpcConfig).toMatchObject({
      vpcId: east.vpcId,
      clusterSecurityGroupId: east.clusterSgId,
    });
    expect(eastSnapshot.stats.apiCalls).toBe(
      expectedCallCount({
        clusters: 1,
        nodegroups: 2,
        fargateProfiles: 1,
        vpcs: 1,
        instanceTypesToFetch: 2,
      }),
    );
    expect(eastSnapshot.stats.apiCalls).toBe(1 + 4 + 2 + 1 + 12 + 1 + 1);
    // m5.large was cached by the first region: no DescribeInstanceTypes.
    expect(westSnapshot.stats.apiCalls).toBe(
      expectedCallCount({
        clusters: 1,
        nodegroups: 1,
        fargateProfiles: 0,
        vpcs: 1,
        instanceTypesToFetch: 0,
      }),
    );
    expect(westSnapshot.stats.callsByAction['ec2:DescribeInstanceTypes']).toBe(
      undefined,
    );
    expect(westSnapshot.instanceTypes?.[0]?.source).toBe('api+bundled');
    for (const log of [eastLog, westLog]) {
      expect(new Set(log.keys).size).toBe(log.keys.length);
    }
  });
});
