import type { HttpRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import {
  COLLECTOR_PERMISSIONS,
  collectSnapshot,
  createInstanceTypeCache,
  expectedCallCount,
} from '../../../lib/collect/index.js';
import { isConfigError } from '../../../lib/errors.js';
import { validateSnapshot } from '../../../lib/snapshot/schema.js';
import type { Gap, Snapshot } from '../../../lib/snapshot/types.js';
import {
  type Canned,
  cannedHandler,
  ec2Error,
  eksError,
  fixture,
  makeClients,
  type RequestLog,
} from './support.js';

const TARGET = { accountId: '111122223333', region: 'us-east-1' } as const;

type Route = (request: HttpRequest, body: string) => Canned;

/** A VPC-wide account answered entirely from test/fixtures/aws. */
const ROUTES: Record<string, Route> = {
  'eks:ListClusters': (r) =>
    fixture(
      'eks',
      'ListClusters',
      r.query?.nextToken === 'clusters-page-2' ? 'page-2' : 'page-1',
    ),
  'eks:DescribeCluster': (r) =>
    r.path.endsWith('/blue')
      ? fixture('eks', 'DescribeCluster', 'blue-active')
      : fixture('eks', 'DescribeCluster', 'green-creating'),
  'eks:ListNodegroups': (r) => {
    if (r.path.includes('/green/')) {
      return fixture('eks', 'ListNodegroups', 'empty');
    }
    return fixture(
      'eks',
      'ListNodegroups',
      r.query?.nextToken === 'nodegroups-page-2' ? 'page-2' : 'page-1',
    );
  },
  'eks:DescribeNodegroup': (r) =>
    r.path.endsWith('/ng-a')
      ? fixture('eks', 'DescribeNodegroup', 'ng-a')
      : fixture('eks', 'DescribeNodegroup', 'ng-launch-template'),
  'eks:DescribeAddon': (r) =>
    r.path.includes('/blue/')
      ? fixture('eks', 'DescribeAddon', 'vpc-cni-prefix-mode')
      : fixture('eks', 'DescribeAddon', 'degraded'),
  'eks:ListFargateProfiles': () =>
    fixture('eks', 'ListFargateProfiles', 'empty'),
  'eks:DescribeClusterVersions': () =>
    fixture('eks', 'DescribeClusterVersions', 'all'),
  'ec2:DescribeVpcs': () => fixture('ec2', 'DescribeVpcs', 'blue'),
  'ec2:DescribeVpcAttribute': (_, body) =>
    body.includes('Attribute=enableDnsSupport')
      ? fixture('ec2', 'DescribeVpcAttribute', 'enableDnsSupport-true')
      : fixture('ec2', 'DescribeVpcAttribute', 'enableDnsHostnames-false'),
  'ec2:DescribeDhcpOptions': () =>
    fixture('ec2', 'DescribeDhcpOptions', 'custom-dns'),
  'ec2:DescribeSubnets': (_, body) =>
    fixture(
      'ec2',
      'DescribeSubnets',
      body.includes('NextToken=subnets-page-2') ? 'page-2' : 'page-1',
    ),
  'ec2:DescribeRouteTables': () =>
    fixture('ec2', 'DescribeRouteTables', 'empty'),
  'ec2:DescribeNatGateways': () =>
    fixture('ec2', 'DescribeNatGateways', 'empty'),
  'ec2:DescribeVpcEndpoints': () =>
    fixture('ec2', 'DescribeVpcEndpoints', 'capitalised-state'),
  'ec2:DescribeSecurityGroups': () =>
    fixture('ec2', 'DescribeSecurityGroups', 'empty'),
  'ec2:DescribeNetworkInterfaces': (_, body) =>
    body.includes('NextToken=enis-page-2')
      ? fixture('ec2', 'DescribeNetworkInterfaces', 'page-2-branch')
      : fixture('ec2', 'DescribeNetworkInterfaces', 'page-1-prefix-mode'),
  'ec2:DescribeInstances': () =>
    fixture('ec2', 'DescribeInstances', 'windows-p4d'),
  'ec2:DescribeFlowLogs': () => fixture('ec2', 'DescribeFlowLogs', 'empty'),
  'ec2:DescribeInstanceTypes': () =>
    fixture('ec2', 'DescribeInstanceTypes', 'm5-and-p4d-multi-card'),
  'ec2:GetSubnetCidrReservations': () =>
    fixture('ec2', 'GetSubnetCidrReservations', 'prefix'),
};

/** Plan of this account: 2 clusters, 2 node groups, 1 VPC, 2 types. */
const PLANNED = expectedCallCount({
  clusters: 2,
  nodegroups: 2,
  fargateProfiles: 0,
  vpcs: 1,
  instanceTypesToFetch: 2,
});

/** Second pages: ListClusters, ListNodegroups(blue), subnets, ENIs. */
const EXTRA_PAGES = 4;

/** Collects with `overrides`; every snapshot must match the schema. */
const collect = async (
  overrides: Record<string, Route> = {},
  extra: Partial<Parameters<typeof collectSnapshot>[0]> = {},
  log?: RequestLog,
): Promise<Snapshot> => {
  const routes = { ...ROUTES, ...overrides };
  const snapshot = await collectSnapshot({
    target: TARGET,
    scanId: 'canned',
    clients: makeClients({
      region: TARGET.region,
      maxAttempts: 2,
      log,
      handler: cannedHandler((action, request) =>
        routes[action]?.(request, String(request.body ?? '')),
      ),
    }),
    ...extra,
  });
  return validateSnapshot(snapshot);
};

describe('collectSnapshot with canned AWS responses', () => {
  it('maps the fields moto does not model and follows every NextToken', async () => {
    // Prepare
    const log: RequestLog = { keys: [] };

    // Act
    const snapshot = await collect({}, {}, log);

    // Assess
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.clusters?.map((c) => c.name)).toEqual(['blue', 'green']);
    const [blue, green] = snapshot.clusters ?? [];
    expect(blue).toEqual({
      name: 'blue',
      arn: 'arn:aws:eks:us-east-1:111122223333:cluster/blue',
      createdAt: '2025-01-01T00:00:00.500Z',
      version: '1.31',
      platformVersion: 'eks.20',
      status: 'ACTIVE',
      endpoint: 'https://ABCDEF.gr7.us-east-1.eks.amazonaws.com',
      resourcesVpcConfig: {
        subnetIds: ['subnet-0a1', 'subnet-0b1'],
        securityGroupIds: ['sg-0extra'],
        clusterSecurityGroupId: 'sg-0cluster',
        vpcId: 'vpc-0blue',
        endpointPublicAccess: true,
        endpointPrivateAccess: false,
        publicAccessCidrs: ['0.0.0.0/0'],
      },
      kubernetesNetworkConfig: {
        serviceIpv4Cidr: '10.100.0.0/16',
        ipFamily: 'ipv4',
        elasticLoadBalancingEnabled: false,
      },
      logging: [
        { types: ['api', 'audit', 'authenticator'], enabled: true },
        { types: ['controllerManager', 'scheduler'], enabled: false },
      ],
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
      upgradePolicy: { supportType: 'EXTENDED' },
      computeConfig: { enabled: false },
      remoteNetworkConfig: {
        remoteNodeNetworks: [{ cidrs: ['192.168.0.0/16'] }],
        remotePodNetworks: [{ cidrs: ['172.16.0.0/16'] }],
      },
      health: {
        issues: [
          {
            code: 'InsufficientFreeAddresses',
            message:
              'One or more of the subnets has fewer than 5 free IP addresses.',
            resourceIds: ['subnet-0b1'],
          },
        ],
      },
      tags: { env: 'prod' },
      nodegroups: [
        {
          nodegroupName: 'ng-a',
          nodegroupArn:
            'arn:aws:eks:us-east-1:111122223333:nodegroup/blue/ng-a/1',
          clusterName: 'blue',
          status: 'ACTIVE',
          version: '1.31',
          releaseVersion: '1.31.7-20250505',
          capacityType: 'SPOT',
          amiType: 'AL2023_x86_64_STANDARD',
          scalingConfig: { minSize: 2, maxSize: 10, desiredSize: 3 },
          instanceTypes: ['m5.large'],
          subnets: ['subnet-0a1', 'subnet-0b1'],
          remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroups: [] },
          resources: {
            autoScalingGroups: ['eks-ng-a-1'],
            remoteAccessSecurityGroup: 'sg-0remote',
          },
          labels: { team: 'a' },
          tags: { cost: '42' },
          health: { issues: [] },
        },
        {
          nodegroupName: 'ng-lt',
          clusterName: 'blue',
          status: 'DEGRADED',
          capacityType: 'ON_DEMAND',
          amiType: 'CUSTOM',
          scalingConfig: { minSize: 0, maxSize: 4, desiredSize: 1 },
          instanceTypes: null,
          subnets: ['subnet-0b1'],
          resources: { autoScalingGroups: ['eks-ng-lt-1'] },
          launchTemplate: { id: 'lt-0abc', name: 'lt-nodes', version: '3' },
          labels: {},
          tags: {},
          health: {
            issues: [
              {
                code: 'Ec2SecurityGroupNotFound',
                message: "We couldn't find one or more security groups.",
                resourceIds: ['sg-0gone'],
              },
            ],
          },
        },
      ],
      fargateProfiles: [],
      vpcCniAddon: {
        addonName: 'vpc-cni',
        addonVersion: 'v1.19.2-eksbuild.1',
        status: 'ACTIVE',
        serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/vpc-cni',
        configurationValues:
          '{"env":{"ENABLE_PREFIX_DELEGATION":"true","WARM_PREFIX_TARGET":"1"},"enableNetworkPolicy":"true"}',
        health: { issues: [] },
      },
    });
    expect(green).toMatchObject({
      status: 'CREATING',
      resourcesVpcConfig: { endpointPublicAccess: false, vpcId: 'vpc-0blue' },
      nodegroups: [],
      vpcCniAddon: {
        status: 'DEGRADED',
        health: {
          issues: [
            expect.objectContaining({ code: 'InsufficientNumberOfReplicas' }),
          ],
        },
      },
    });
    expect(green).not.toHaveProperty('endpoint');

    expect(snapshot.vpcs).toEqual([
      {
        vpcId: 'vpc-0blue',
        ownerId: '111122223333',
        cidrBlock: '10.0.0.0/16',
        cidrBlockAssociationSet: [
          { cidrBlock: '10.0.0.0/16', state: 'associated' },
          { cidrBlock: '100.64.0.0/16', state: 'associated' },
        ],
        ipv6CidrBlockAssociationSet: [
          { ipv6CidrBlock: '2600:1f18:abcd:1200::/56', state: 'associated' },
        ],
        dhcpOptionsId: 'dopt-0custom',
        isDefault: false,
        enableDnsSupport: true,
        enableDnsHostnames: false,
        tags: { Name: 'blue' },
      },
    ]);
    expect(snapshot.dhcpOptions).toEqual([
      {
        dhcpOptionsId: 'dopt-0custom',
        configurations: {
          'domain-name': ['corp.example'],
          'domain-name-servers': ['10.0.0.2', '192.0.2.53'],
        },
      },
    ]);
    expect(snapshot.subnets).toEqual([
      {
        subnetId: 'subnet-0a1',
        vpcId: 'vpc-0blue',
        ownerId: '111122223333',
        cidrBlock: '10.0.0.0/20',
        availableIpAddressCount: 4021,
        availabilityZone: 'us-east-1a',
        availabilityZoneId: 'use1-az1',
        mapPublicIpOnLaunch: false,
        assignIpv6AddressOnCreation: true,
        ipv6CidrBlocks: ['2600:1f18:abcd:1200::/64'],
        ipv6Native: false,
        enableDns64: true,
        tags: { 'kubernetes.io/role/internal-elb': '1' },
      },
      {
        subnetId: 'subnet-0b1',
        vpcId: 'vpc-0blue',
        ownerId: '444455556666',
        cidrBlock: '10.0.16.0/28',
        availableIpAddressCount: 3,
        availabilityZone: 'us-east-1b',
        availabilityZoneId: 'use1-az2',
        mapPublicIpOnLaunch: true,
        assignIpv6AddressOnCreation: false,
        ipv6CidrBlocks: [],
        ipv6Native: false,
        enableDns64: false,
        outpostArn: 'arn:aws:outposts:us-east-1:111122223333:outpost/op-1',
        tags: {},
      },
    ]);
    expect(snapshot.routeTables).toEqual([]);
    expect(snapshot.natGateways).toEqual([]);
    expect(snapshot.securityGroups).toEqual([]);
    expect(snapshot.flowLogs).toEqual([]);
    expect(snapshot.vpcEndpoints).toEqual([
      {
        vpcEndpointId: 'vpce-0ecr',
        vpcId: 'vpc-0blue',
        serviceName: 'com.amazonaws.us-east-1.ecr.dkr',
        vpcEndpointType: 'Interface',
        state: 'available',
        subnetIds: ['subnet-0a1'],
        routeTableIds: [],
        groupIds: ['sg-0vpce'],
        privateDnsEnabled: true,
        ipAddressType: 'ipv4',
        tags: { Name: 'ecr-dkr' },
      },
    ]);
    expect(snapshot.networkInterfaces).toEqual([
      {
        networkInterfaceId: 'eni-0branch',
        status: 'available',
        interfaceType: 'branch',
        description: 'aws-k8s-branch-eni',
        subnetId: 'subnet-0a1',
        vpcId: 'vpc-0blue',
        availabilityZone: 'us-east-1a',
        ownerId: '111122223333',
        requesterId: 'AROAEXAMPLE',
        requesterManaged: true,
        groupIds: ['sg-0pod'],
        privateIpAddress: '10.0.1.99',
        privateIpAddresses: [{ privateIpAddress: '10.0.1.99', primary: true }],
        ipv4Prefixes: [],
        ipv6Prefixes: ['2600:1f18:abcd:1200:1::/80'],
        ipv6Addresses: ['2600:1f18:abcd:1200::99'],
        tags: {
          'eks:eni:owner': 'eks-vpc-resource-controller',
          'vpcresources.k8s.aws/trunk-eni-id': 'eni-0trunk',
        },
      },
      {
        networkInterfaceId: 'eni-0primary',
        status: 'in-use',
        interfaceType: 'interface',
        description: '',
        subnetId: 'subnet-0a1',
        vpcId: 'vpc-0blue',
        availabilityZone: 'us-east-1a',
        ownerId: '111122223333',
        requesterManaged: false,
        groupIds: ['sg-0cluster'],
        privateIpAddress: '10.0.1.10',
        privateIpAddresses: [{ privateIpAddress: '10.0.1.10', primary: true }],
        ipv4Prefixes: ['10.0.2.0/28', '10.0.2.16/28'],
        ipv6Prefixes: [],
        ipv6Addresses: [],
        association: { publicIp: '198.51.100.7' },
        attachment: {
          instanceId: 'i-0p4d',
          instanceOwnerId: '111122223333',
          deviceIndex: 0,
          networkCardIndex: 0,
          deleteOnTermination: true,
          status: 'attached',
        },
        tags: {},
      },
    ]);
    expect(snapshot.instances).toEqual([
      {
        instanceId: 'i-0p4d',
        instanceType: 'p4d.24xlarge',
        state: 'running',
        subnetId: 'subnet-0a1',
        vpcId: 'vpc-0blue',
        availabilityZone: 'us-east-1a',
        privateIpAddress: '10.0.1.10',
        publicIpAddress: '198.51.100.7',
        platform: 'windows',
        platformDetails: 'Windows',
        hypervisor: 'xen',
        securityGroupIds: ['sg-0cluster'],
        networkInterfaces: [
          {
            networkInterfaceId: 'eni-0primary',
            deviceIndex: 0,
            networkCardIndex: 0,
            deleteOnTermination: true,
          },
        ],
        tags: { 'aws:eks:cluster-name': 'blue', 'eks:nodegroup-name': 'ng-lt' },
      },
    ]);
    expect(snapshot.instanceTypes).toEqual([
      expect.objectContaining({
        instanceType: 'm5.large',
        source: 'api+bundled',
        maximumNetworkInterfaces: 3,
      }),
      {
        instanceType: 'p4d.24xlarge',
        source: 'api+bundled',
        hypervisor: 'nitro',
        bareMetal: false,
        defaultVCpus: 96,
        // The default card's 15, not the 60 summed over four cards.
        maximumNetworkInterfaces: 15,
        maximumNetworkCards: 4,
        ipv4AddressesPerInterface: 50,
        ipv6AddressesPerInterface: 50,
        ipv6Supported: true,
        trunkingCompatible: true,
        branchInterfaces: 62,
        maxPodsDefault: 737,
      },
    ]);
    expect(snapshot).not.toHaveProperty('subnetCidrReservations');

    expect(snapshot.stats.apiCalls).toBe(PLANNED + EXTRA_PAGES);
    expect(new Set(log.keys).size).toBe(log.keys.length);
    // Every action called is one the registry declares for the IAM policy.
    for (const action of Object.keys(snapshot.stats.callsByAction)) {
      expect(COLLECTOR_PERMISSIONS, action).toContain(action);
    }
    expect(snapshot.stats.callsByAction).toEqual({
      'ec2:DescribeDhcpOptions': 1,
      'ec2:DescribeFlowLogs': 1,
      'ec2:DescribeInstanceTypes': 1,
      'ec2:DescribeInstances': 1,
      'ec2:DescribeNatGateways': 1,
      'ec2:DescribeNetworkInterfaces': 2,
      'ec2:DescribeRouteTables': 1,
      'ec2:DescribeSecurityGroups': 1,
      'ec2:DescribeSubnets': 2,
      'ec2:DescribeVpcAttribute': 2,
      'ec2:DescribeVpcEndpoints': 1,
      'ec2:DescribeVpcs': 1,
      'eks:DescribeAddon': 2,
      'eks:DescribeCluster': 2,
      'eks:DescribeClusterVersions': 1,
      'eks:DescribeNodegroup': 2,
      'eks:ListClusters': 2,
      'eks:ListFargateProfiles': 2,
      'eks:ListNodegroups': 3,
    });
  });

  it('reads subnet CIDR reservations of prefix-mode subnets only when asked', async () => {
    // Prepare
    const options = { subnetCidrReservations: 'prefix-mode-subnets' } as const;
    const log: RequestLog = { keys: [] };

    // Act
    const snapshot = await collect({}, { options }, log);

    // Assess
    expect(snapshot.subnetCidrReservations).toEqual([
      {
        subnetId: 'subnet-0a1',
        cidr: '10.0.8.0/21',
        reservationType: 'prefix',
      },
    ]);
    // Only subnet-0a1 holds an ENI with /28 prefixes.
    const calls = log.keys.filter((k) =>
      k.startsWith('ec2:GetSubnetCidrReservations'),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain('SubnetId=subnet-0a1');
    expect(snapshot.stats.apiCalls).toBe(PLANNED + EXTRA_PAGES + 1);
  });

  it('falls back to the bundled table when DescribeInstanceTypes is denied', async () => {
    // Prepare
    const denied = () =>
      ec2Error('UnauthorizedOperation', 'Not authorized for types.', 403);

    // Act
    const snapshot = await collect({ 'ec2:DescribeInstanceTypes': denied });

    // Assess
    expect(snapshot.gaps).toEqual([
      {
        collection: 'instanceTypes',
        api: 'DescribeInstanceTypes',
        iamAction: 'ec2:DescribeInstanceTypes',
        errorCode: 'UnauthorizedOperation',
        message: 'Not authorized for types.',
      },
    ]);
    expect(snapshot.instanceTypes).toEqual([
      {
        instanceType: 'm5.large',
        source: 'bundled',
        hypervisor: 'nitro',
        bareMetal: false,
        maximumNetworkInterfaces: 3,
        maximumNetworkCards: 1,
        ipv4AddressesPerInterface: 10,
        trunkingCompatible: true,
        branchInterfaces: 9,
        maxPodsDefault: 29,
      },
      {
        instanceType: 'p4d.24xlarge',
        source: 'bundled',
        hypervisor: 'nitro',
        bareMetal: false,
        // (737 − 2) / (50 − 1): the default card's ENIs, from max pods.
        maximumNetworkInterfaces: 15,
        maximumNetworkCards: 4,
        ipv4AddressesPerInterface: 50,
        trunkingCompatible: true,
        branchInterfaces: 62,
        maxPodsDefault: 737,
      },
    ]);
  });

  it('asks once more without the types EC2 rejects as unknown', async () => {
    // Prepare
    const requests: string[] = [];
    const route: Route = (_, body) => {
      requests.push(body);
      return body.includes('p4d.24xlarge')
        ? ec2Error(
            'InvalidInstanceType',
            'The following supplied instance types do not exist: [p4d.24xlarge]',
          )
        : fixture('ec2', 'DescribeInstanceTypes', 'm5-only');
    };
    const cache = createInstanceTypeCache();

    // Act
    const snapshot = await collect(
      { 'ec2:DescribeInstanceTypes': route },
      { instanceTypeCache: cache },
    );

    // Assess
    expect(snapshot.gaps).toEqual([]);
    expect(requests).toHaveLength(2);
    expect(requests[1]).not.toContain('p4d.24xlarge');
    expect(
      snapshot.instanceTypes?.map((t) => [t.instanceType, t.source]),
    ).toEqual([
      ['m5.large', 'api+bundled'],
      ['p4d.24xlarge', 'bundled'],
    ]);
    expect(cache.get('p4d.24xlarge')).toBeNull();
  });

  it('does not ask for instance types an earlier target cached', async () => {
    // Prepare
    const cache = createInstanceTypeCache();
    await collect({}, { instanceTypeCache: cache });

    // Act
    const second = await collect({}, { instanceTypeCache: cache });

    // Assess
    expect(cache.size).toBe(2);
    expect(second.stats.callsByAction['ec2:DescribeInstanceTypes']).toBe(
      undefined,
    );
    expect(second.stats.apiCalls).toBe(PLANNED + EXTRA_PAGES - 1);
    expect(second.instanceTypes?.map((t) => t.source)).toEqual([
      'api+bundled',
      'api+bundled',
    ]);
  });

  it.each([
    [{ concurrency: 0 }, /concurrency must be a positive integer/],
    [
      { subnetCidrReservation: 'off' },
      /unknown option\(s\) subnetCidrReservation/,
    ],
    [
      { subnetCidrReservations: 'all' },
      /must be 'off' or 'prefix-mode-subnets'/,
    ],
  ])(
    'rejects the invalid options %o before any call',
    async (options, message) => {
      // Prepare
      const log: RequestLog = { keys: [] };

      // Act
      const outcome = collect({}, { options: options as never }, log);

      // Assess
      await expect(outcome).rejects.toSatisfy(isConfigError);
      await expect(outcome).rejects.toThrow(message);
      expect(log.keys).toEqual([]);
    },
  );

  const networkDown: Route = () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
  };
  const onlyFor =
    (pathPart: string, failure: Canned): Route =>
    (request, body) =>
      request.path.includes(pathPart)
        ? failure
        : (ROUTES[
            request.path.includes('/node-groups/')
              ? 'eks:DescribeNodegroup'
              : 'eks:DescribeCluster'
          ]?.(request, body) as Canned);

  const failures: {
    name: string;
    action: string;
    route: Route;
    gap: Gap;
    assess: (snapshot: Snapshot) => void;
  }[] = [
    {
      name: 'an API the endpoint does not know (EKS)',
      action: 'eks:DescribeClusterVersions',
      route: () =>
        eksError('UnknownOperationException', 'Unknown operation', 404),
      gap: {
        collection: 'clusterVersions',
        api: 'DescribeClusterVersions',
        iamAction: 'eks:DescribeClusterVersions',
        errorCode: 'UnknownOperationException',
        message: 'Unknown operation',
      },
      assess: (s) => expect(s).not.toHaveProperty('clusterVersions'),
    },
    {
      name: 'an API the endpoint does not know (EC2)',
      action: 'ec2:DescribeFlowLogs',
      route: () =>
        ec2Error(
          'InvalidAction',
          'The action DescribeFlowLogs is not valid for this web service.',
        ),
      gap: {
        collection: 'flowLogs',
        api: 'DescribeFlowLogs',
        iamAction: 'ec2:DescribeFlowLogs',
        errorCode: 'InvalidAction',
        message:
          'The action DescribeFlowLogs is not valid for this web service.',
        scope: { vpcId: 'vpc-0blue' },
      },
      assess: (s) => expect(s).not.toHaveProperty('flowLogs'),
    },
    {
      name: 'a network error that outlasts the retries',
      action: 'ec2:DescribeRouteTables',
      route: networkDown,
      gap: {
        collection: 'routeTables',
        api: 'DescribeRouteTables',
        iamAction: 'ec2:DescribeRouteTables',
        errorCode: 'NetworkError',
        message: 'connect ECONNREFUSED 127.0.0.1:9',
        scope: { vpcId: 'vpc-0blue' },
      },
      assess: (s) => expect(s).not.toHaveProperty('routeTables'),
    },
    {
      name: 'a denied describe of one node group',
      action: 'eks:DescribeNodegroup',
      route: onlyFor(
        '/ng-lt',
        eksError('AccessDeniedException', 'denied ng-lt', 403),
      ),
      gap: {
        collection: 'nodegroups',
        api: 'DescribeNodegroup',
        iamAction: 'eks:DescribeNodegroup',
        errorCode: 'AccessDeniedException',
        message: 'denied ng-lt',
        scope: { clusterName: 'blue', resourceId: 'ng-lt' },
      },
      assess: (s) =>
        expect(
          s.clusters?.[0]?.nodegroups?.map((n) => n.nodegroupName),
        ).toEqual(['ng-a']),
    },
    {
      name: 'persistent 500s on one cluster',
      action: 'eks:DescribeCluster',
      route: onlyFor(
        '/green',
        eksError('InternalFailure', 'internal failure', 500),
      ),
      gap: {
        collection: 'clusters',
        api: 'DescribeCluster',
        iamAction: 'eks:DescribeCluster',
        errorCode: 'InternalFailure',
        message: 'internal failure',
        scope: { clusterName: 'green', resourceId: 'green' },
      },
      assess: (s) => expect(s.clusters?.map((c) => c.name)).toEqual(['blue']),
    },
  ];

  it.each(failures)(
    'records $name as exactly one gap and keeps the rest',
    async ({ action, route, gap, assess }) => {
      // Act
      const snapshot = await collect({ [action]: route });

      // Assess
      expect(snapshot.gaps).toEqual([gap]);
      assess(snapshot);
      expect(snapshot.vpcs).toHaveLength(1);
      expect(snapshot.networkInterfaces).toHaveLength(2);
    },
  );
});
