import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import {
  attribute,
  loadBalancerFacts,
} from '../../../../lib/snapshot/derive/loadBalancer.js';
import { derive } from '../../../../lib/snapshot/derive.js';
import type {
  IpPermission,
  LoadBalancer,
  NetworkInterface,
  TargetGroup,
} from '../../../../lib/snapshot/types.js';
import {
  defined,
  loadSnapshot,
  type MutableSnapshot,
} from '../loadSnapshot.js';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer';
const ALB = `${ARN}/app/k8s-shop-web/1`;
const NLB = `${ARN}/net/k8s-default-echo/2`;
const CLB = `${ARN}/a1111111111111111111111111111111`;

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

const v2 = (extra: Partial<LoadBalancer> & { loadBalancerArn: string }) =>
  ({
    loadBalancerName: extra.loadBalancerArn.split('/').at(-2) ?? '',
    type: 'application',
    scheme: 'internal',
    vpcId: 'vpc-0prod',
    subnetIds: ['subnet-node-a', 'subnet-node-b'],
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    securityGroups: [],
    tags: {},
    attributes: {},
    ...extra,
  }) as LoadBalancer;

const tg = (extra: Partial<TargetGroup> & { targetGroupArn: string }) =>
  ({
    targetGroupName: extra.targetGroupArn.split('/').at(-2) ?? '',
    vpcId: 'vpc-0prod',
    loadBalancerArns: [],
    tags: {},
    ...extra,
  }) as TargetGroup;

/** The base fixture with an ALB (LBC Ingress), an NLB (legacy) and a CLB. */
const withLoadBalancers = (): MutableSnapshot => {
  const snapshot = loadSnapshot();
  snapshot.securityGroups = [
    ...(snapshot.securityGroups ?? []),
    {
      groupId: 'sg-alb',
      groupName: 'k8s-shop-web',
      vpcId: 'vpc-0prod',
      ipPermissions: [
        rule('tcp', { fromPort: 443, toPort: 443, ipRanges: ['0.0.0.0/0'] }),
        rule('tcp', { fromPort: 8080, toPort: 8080, ipRanges: ['0.0.0.0/0'] }),
      ],
      ipPermissionsEgress: [],
      tags: {},
    } as never,
  ];
  snapshot.loadBalancers = [
    v2({
      loadBalancerArn: ALB,
      scheme: 'internet-facing',
      securityGroups: ['sg-alb'],
      subnetIds: ['subnet-pub-a', 'subnet-pub-b'],
      tags: {
        'elbv2.k8s.aws/cluster': 'prod',
        'ingress.k8s.aws/stack': 'shared-group',
        'ingress.k8s.aws/resource': 'LoadBalancer',
      },
      attributes: { 'access_logs.s3.enabled': 'true' },
    }),
    v2({
      loadBalancerArn: NLB,
      type: 'network',
      tags: {
        'kubernetes.io/service-name': 'default/echo',
        'kubernetes.io/cluster/prod': 'owned',
      },
    }),
    {
      ...v2({ loadBalancerArn: CLB, type: 'classic' }),
      loadBalancerName: 'a1111111111111111111111111111111',
      tags: { 'elbv2.k8s.aws/cluster': 'gone' },
      classicListeners: [
        {
          protocol: 'TCP',
          loadBalancerPort: 80,
          instanceProtocol: 'TCP',
          instancePort: 30080,
          policyNames: [],
        },
      ],
    },
  ];
  snapshot.listeners = [
    {
      listenerArn: `${ALB}/l-80`,
      loadBalancerArn: ALB,
      port: 80,
      protocol: 'HTTP',
      certificateArns: [],
      alpnPolicy: [],
      defaultActions: [{ type: 'forward', targetGroupArns: [] }],
    },
    {
      listenerArn: `${ALB}/l-443`,
      loadBalancerArn: ALB,
      port: 443,
      protocol: 'HTTPS',
      certificateArns: [],
      alpnPolicy: [],
      defaultActions: [{ type: 'forward', targetGroupArns: [] }],
    },
    {
      listenerArn: `${NLB}/l-443`,
      loadBalancerArn: NLB,
      port: 443,
      protocol: 'TCP',
      certificateArns: [],
      alpnPolicy: [],
      defaultActions: [{ type: 'forward', targetGroupArns: [] }],
    },
  ];
  snapshot.targetGroups = [
    tg({
      targetGroupArn: `${ARN}:targetgroup/k8s-shop-web/a`,
      loadBalancerArns: [ALB],
      targetType: 'ip',
      protocol: 'HTTP',
      tags: { 'ingress.k8s.aws/resource': 'shop/web-web:80' },
    }),
    tg({
      targetGroupArn: `${ARN}:targetgroup/k8s-billing-api/b`,
      loadBalancerArns: [ALB],
      targetType: 'ip',
      protocol: 'HTTP',
      tags: { 'ingress.k8s.aws/resource': 'billing/api-api:80' },
    }),
    tg({
      targetGroupArn: `${ARN}:targetgroup/k8s-default-echo/c`,
      loadBalancerArns: [NLB],
      targetType: 'instance',
      protocol: 'TCP',
      port: 31234,
      healthCheckProtocol: 'HTTP',
      healthCheckPath: '/healthz',
      healthCheckPort: '32001',
      attributes: {
        'preserve_client_ip.enabled': 'false',
        'proxy_protocol_v2.enabled': 'true',
      },
    }),
  ];
  return snapshot;
};

const factsOf = (snapshot: MutableSnapshot, arn: string) =>
  defined(
    loadBalancerFacts(buildContext(snapshot)).find((lb) => lb.id === arn),
    arn,
  );

describe('attribute', () => {
  it.each([
    {
      name: 'an LBC Service NLB',
      tags: {
        'elbv2.k8s.aws/cluster': 'prod',
        'service.k8s.aws/stack': 'shop/web',
      },
      type: 'network' as const,
      expected: ['lbc', 'prod', 'Service', 'shop/web'],
    },
    {
      name: 'an LBC implicit Ingress group',
      tags: {
        'elbv2.k8s.aws/cluster': 'prod',
        'ingress.k8s.aws/stack': 'shop/web',
      },
      type: 'application' as const,
      expected: ['lbc', 'prod', 'Ingress', 'shop/web'],
    },
    {
      name: 'an Auto Mode load balancer without object tags',
      tags: { 'eks:eks-cluster-name': 'auto' },
      type: 'network' as const,
      expected: ['automode', 'auto', '', ''],
    },
    {
      name: 'an ALB of the predecessor ALB Ingress Controller',
      tags: {
        'kubernetes.io/cluster-name': 'old',
        'kubernetes.io/namespace': 'shop',
        'kubernetes.io/ingress-name': 'web',
      },
      type: 'application' as const,
      expected: ['alb-ingress-v1', 'old', 'Ingress', 'shop/web'],
    },
    {
      name: 'a legacy Classic load balancer',
      tags: {
        'kubernetes.io/service-name': 'legacy/web',
        'kubernetes.io/cluster/prod': 'owned',
      },
      type: 'classic' as const,
      expected: ['intree', 'prod', 'Service', 'legacy/web'],
    },
    {
      name: 'an untagged load balancer',
      tags: {},
      type: 'application' as const,
      expected: ['unknown', '', '', ''],
    },
  ])('attributes $name', ({ tags, type, expected }) => {
    // Act
    const a = attribute(
      v2({ loadBalancerArn: ALB, type, tags: tags as Record<string, string> }),
    );

    // Assess
    expect([a.controller, a.taggedCluster, a.ownerKind, a.owner]).toEqual(
      expected,
    );
  });
});

describe('loadBalancerFacts', () => {
  it('describes an internet-facing LBC ALB of an IngressGroup spanning namespaces', () => {
    // Prepare
    const snapshot = withLoadBalancers();

    // Act
    const facts = factsOf(snapshot, ALB);

    // Assess
    expect(facts).toMatchObject({
      kind: 'loadBalancer',
      clusterName: 'prod',
      lbType: 'application',
      internetFacing: true,
      controller: 'lbc',
      ownerKind: 'IngressGroup',
      owner: 'shared-group',
      ownerNamespaces: ['billing', 'shop'],
      listeners: ['HTTP:80', 'HTTPS:443'],
      listenerPorts: ['tcp/443', 'tcp/80'],
      frontendAccess: ['tcp/443 from 0.0.0.0/0', 'tcp/8080 from 0.0.0.0/0'],
      sgExtraPorts: ['sg-alb tcp/8080'],
      sgExtraPortsFromAnywhere: true,
      httpListenersWithoutRedirect: ['HTTP:80'],
      tlsPolicies: ['ELBSecurityPolicy-2016-08'],
      dropInvalidHeaderFields: false,
      accessLogsEnabled: true,
      deletionProtection: false,
      xffMode: 'append',
      probablyKubernetes: true,
    });
  });

  it('describes a legacy NLB whose target group hides the client behind proxy protocol', () => {
    // Prepare
    const snapshot = withLoadBalancers();

    // Act
    const facts = factsOf(snapshot, NLB);

    // Assess
    expect(facts).toMatchObject({
      clusterName: 'prod',
      controller: 'intree',
      ownerKind: 'Service',
      owner: 'default/echo',
      mixedControllers: true,
      instanceTargetGroups: ['k8s-default-echo'],
      tgsClientIpNotPreserved: ['k8s-default-echo'],
      tgsWithoutClientAddress: [],
      tgsProxyProtocolEtpLocal: ['k8s-default-echo'],
      listeners: ['TCP:443'],
      frontendAccess: ['tcp/443 from any source (no security group)'],
      targetGroupAttributesKnown: true,
    });
  });

  it('leaves a load balancer tagged for a cluster that does not exist unattributed', () => {
    // Prepare
    const snapshot = withLoadBalancers();

    // Act
    const facts = factsOf(snapshot, CLB);

    // Assess
    expect(facts.clusterName).toBeUndefined();
    expect(facts.attributionProblem).toBe(
      'tags name cluster gone, which does not exist in this account and region',
    );
    expect(facts.listeners).toEqual(['TCP:80->TCP:30080']);
    expect(facts.probablyKubernetes).toBe(true);
  });

  it('flags a load-balancer group that also sits on a node interface', () => {
    // Prepare
    const snapshot = withLoadBalancers();
    const eni = defined(
      snapshot.networkInterfaces?.find(
        (e) => e.networkInterfaceId === 'eni-node1-0',
      ),
      'eni-node1-0',
    ) as NetworkInterface & { groupIds: string[] };
    eni.groupIds = [...eni.groupIds, 'sg-alb'];

    // Act
    const facts = factsOf(snapshot, ALB);

    // Assess
    expect(facts.sgSharedWith).toEqual(['sg-alb on eni-node1-0']);
  });

  it('leaves attribute facts absent when the attributes were not read', () => {
    // Prepare
    const snapshot = withLoadBalancers();
    const alb = snapshot.loadBalancers?.[0] as { attributes?: unknown };
    delete alb.attributes;

    // Act
    const facts = factsOf(snapshot, ALB);

    // Assess
    expect(facts.attributesKnown).toBe(false);
    expect(facts.accessLogsEnabled).toBeUndefined();
    expect(facts.xffMode).toBeUndefined();
  });
});

describe('exposure facts through derive()', () => {
  it('counts the load balancers of a cluster', () => {
    // Prepare
    const snapshot = withLoadBalancers();

    // Act
    const cluster = defined(derive(snapshot).resources.cluster[0], 'prod');

    // Assess
    expect(cluster).toMatchObject({
      loadBalancerCount: 2,
      internetFacingLoadBalancerCount: 1,
      serviceNlbCount: 1,
      vpcNlbCount: 1,
      vpcTargetGroupCount: 3,
    });
  });

  it('finds NodePort rules open to the internet on node groups', () => {
    // Prepare
    const snapshot = withLoadBalancers();
    const node = defined(
      snapshot.securityGroups?.find((g) => g.groupId === 'sg-node'),
      'sg-node',
    ) as { ipPermissions: IpPermission[] };
    node.ipPermissions = [
      ...node.ipPermissions,
      rule('tcp', { fromPort: 30000, toPort: 32767, ipRanges: ['0.0.0.0/0'] }),
      rule('tcp', {
        fromPort: 31000,
        toPort: 31000,
        ipRanges: ['10.0.0.0/16'],
      }),
    ];

    // Act
    const group = defined(
      derive(snapshot).resources.securityGroup.find((g) => g.id === 'sg-node'),
      'sg-node',
    );

    // Assess
    expect(group.nodePortExternalRules).toEqual([
      'tcp/30000-32767 from 0.0.0.0/0',
    ]);
    expect(group.nodePortOpenToInternetOnPublicNode).toBe(false);
  });

  it('counts no_manage ENIs and the Pod capacity they leave', () => {
    // Prepare
    const snapshot = withLoadBalancers();
    const template = defined(
      snapshot.networkInterfaces?.find(
        (e) => e.networkInterfaceId === 'eni-node1-1',
      ),
      'eni-node1-1',
    );
    snapshot.networkInterfaces = [
      ...(snapshot.networkInterfaces ?? []),
      {
        ...template,
        networkInterfaceId: 'eni-multus',
        description: 'multus',
        privateIpAddresses: [],
        attachment: { ...template.attachment, deviceIndex: 2 },
        groupIds: ['sg-alb'],
        tags: { 'node.k8s.amazonaws.com/no_manage': 'true' },
      },
      {
        ...template,
        networkInterfaceId: 'eni-untagged',
        description: 'extra',
        privateIpAddresses: [],
        attachment: { ...template.attachment, deviceIndex: 3 },
        tags: { 'node.k8s.amazonaws.com/no_manage': 'True' },
      },
    ];

    // Act
    const node = defined(
      derive(snapshot).resources.node.find((n) => n.id === 'i-node1'),
      'i-node1',
    );

    // Assess
    expect(node.noManageEnis).toBe(1);
    expect(node.extraEnisWithoutNoManage).toEqual([
      'eni-untagged (no_manage=True)',
    ]);
    expect(node.extraEniTagValueWrong).toBe(true);
    expect(node.multusOpenIngress).toEqual([
      'eni-multus sg-alb tcp/443 from 0.0.0.0/0',
      'eni-multus sg-alb tcp/8080 from 0.0.0.0/0',
    ]);
    if (node.eniLimit !== undefined && node.ipv4PerEni !== undefined) {
      expect(node.podCapacityWithUnmanaged).toBeLessThan(
        (node.eniLimit - 0) * (node.ipv4PerEni - 1) * 16 + 2,
      );
    }
  });
});
