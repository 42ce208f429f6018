import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import {
  CreateLoadBalancerCommand as CreateClassicCommand,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest, HttpResponse } from '@smithy/types';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetClients } from '../../../lib/aws/types.js';
import { expectedCallCount } from '../../../lib/collect/callPlan.js';
import { collectLoadBalancers } from '../../../lib/collect/collectors/loadBalancers.js';
import { collectSnapshot } from '../../../lib/collect/collectSnapshot.js';
import { createCollectContext } from '../../../lib/collect/context.js';
import { derive } from '../../../lib/snapshot/derive.js';
import { validateSnapshot } from '../../../lib/snapshot/schema.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../../helpers/moto.js';
import { buildRegion, eksExtras } from './motoWorld.js';
import {
  cannedHandler,
  countingHandler,
  createTestCounter,
  makeClients,
  type TestHandler,
} from './support.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-central-1';

/** The ELB action of a query-protocol request body. */
const actionOf = (request: HttpRequest): string => {
  const body = String(request.body ?? '');
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1] ?? '?';
  // Both API versions share action names; mark the Classic ones.
  return body.includes('Version=2012-06-01') ? `${action}@v1` : action;
};

interface World {
  vpcId: string;
  otherVpcId: string;
  albArn: string;
  nlbArn: string;
  albTgArn: string;
  nlbTgArn: string;
  lbSgId: string;
}

/** An HTTP handler that counts ELB actions and fails the listed ones. */
const elbHandler = (
  inner: NodeHttpHandler,
  calls: string[],
  failing: Record<
    string,
    { status: number; code: string; times?: number }
  > = {},
): TestHandler => ({
  async handle(request, options) {
    const action = actionOf(request);
    calls.push(action);
    const fault = failing[action];
    const seen = calls.filter((c) => c === action).length;
    if (fault && seen <= (fault.times ?? Number.POSITIVE_INFINITY)) {
      return {
        response: {
          statusCode: fault.status,
          headers: { 'content-type': 'text/xml' },
          body: Buffer.from(
            `<ErrorResponse><Error><Type>Sender</Type><Code>${fault.code}</Code><Message>injected ${fault.code}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
          ),
        } as HttpResponse,
      };
    }
    return (await inner.handle(request as never, options)) as {
      response: HttpResponse;
    };
  },
  updateHttpClientConfig: () => {},
  httpHandlerConfigs: () => ({}),
  destroy: () => {},
});

const http = new NodeHttpHandler();

describe('collectLoadBalancers against moto', () => {
  let moto: MotoServer;
  let w: World;

  const clientsFor = (handler: TestHandler): TargetClients => {
    const config = {
      ...testCredentials,
      region: REGION,
      endpoint: moto.endpoint,
      requestHandler: handler,
      retryStrategy: new ConfiguredRetryStrategy(1, () => 0),
    };
    return {
      eks: new EKSClient(config),
      ec2: new EC2Client(config),
      elbv2: new ElasticLoadBalancingV2Client(config),
      elb: new ElasticLoadBalancingClient(config),
      counter: createTestCounter(),
    };
  };

  beforeAll(async () => {
    moto = await startMoto();
    const config = {
      ...testCredentials,
      region: REGION,
      endpoint: moto.endpoint,
    };
    const ec2 = new EC2Client(config);
    const v2 = new ElasticLoadBalancingV2Client(config);
    const v1 = new ElasticLoadBalancingClient(config);
    const vpc = async (cidr: string) => {
      const vpcId =
        (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc
          ?.VpcId ?? '';
      const prefix = cidr.split('.').slice(0, 2).join('.');
      const subnets = await Promise.all(
        ['a', 'b'].map(async (az, i) => {
          const out = await ec2.send(
            new CreateSubnetCommand({
              VpcId: vpcId,
              CidrBlock: `${prefix}.${i}.0/24`,
              AvailabilityZone: `${REGION}${az}`,
            }),
          );
          return out.Subnet?.SubnetId ?? '';
        }),
      );
      return { vpcId, subnets };
    };
    const main = await vpc('10.0.0.0/16');
    const other = await vpc('10.9.0.0/16');
    const lbSgId =
      (
        await ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: 'k8s-shop-web',
            Description: '[k8s] Managed SecurityGroup for LoadBalancer',
            VpcId: main.vpcId,
          }),
        )
      ).GroupId ?? '';
    const alb = await v2.send(
      new CreateLoadBalancerCommand({
        Name: 'k8s-shop-web-0123456789',
        Subnets: main.subnets,
        SecurityGroups: [lbSgId],
        Scheme: 'internet-facing',
        Type: 'application',
        Tags: [
          { Key: 'elbv2.k8s.aws/cluster', Value: 'alpha' },
          { Key: 'ingress.k8s.aws/stack', Value: 'shop/web' },
          { Key: 'ingress.k8s.aws/resource', Value: 'LoadBalancer' },
        ],
      }),
    );
    const nlb = await v2.send(
      new CreateLoadBalancerCommand({
        Name: 'a0123456789abcdef0123456789abcde',
        Subnets: main.subnets,
        Scheme: 'internal',
        Type: 'network',
      }),
    );
    await v2.send(
      new CreateLoadBalancerCommand({
        Name: 'elsewhere',
        Subnets: other.subnets,
        Type: 'application',
      }),
    );
    const albArn = alb.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
    const nlbArn = nlb.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
    const albTg = await v2.send(
      new CreateTargetGroupCommand({
        Name: 'k8s-shop-web-tg',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: main.vpcId,
        TargetType: 'ip',
      }),
    );
    const nlbTg = await v2.send(
      new CreateTargetGroupCommand({
        Name: 'k8s-default-echo-tg',
        Protocol: 'TCP',
        Port: 31234,
        VpcId: main.vpcId,
        TargetType: 'instance',
        HealthCheckProtocol: 'HTTP',
        HealthCheckPath: '/healthz',
        HealthCheckPort: '32001',
      }),
    );
    const albTgArn = albTg.TargetGroups?.[0]?.TargetGroupArn ?? '';
    const nlbTgArn = nlbTg.TargetGroups?.[0]?.TargetGroupArn ?? '';
    await v2.send(
      new CreateListenerCommand({
        LoadBalancerArn: albArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: albTgArn }],
      }),
    );
    await v2.send(
      new CreateListenerCommand({
        LoadBalancerArn: nlbArn,
        Protocol: 'TCP',
        Port: 443,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: nlbTgArn }],
      }),
    );
    await v2.send(
      new AddTagsCommand({
        ResourceArns: [nlbArn, nlbTgArn],
        Tags: [
          { Key: 'kubernetes.io/service-name', Value: 'default/echo' },
          { Key: 'kubernetes.io/cluster/alpha', Value: 'owned' },
        ],
      }),
    );
    await v2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: nlbTgArn,
        Attributes: [{ Key: 'proxy_protocol_v2.enabled', Value: 'true' }],
      }),
    );
    await v2.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: albArn,
        Attributes: [
          {
            Key: 'routing.http.drop_invalid_header_fields.enabled',
            Value: 'true',
          },
        ],
      }),
    );
    await v1.send(
      new CreateClassicCommand({
        LoadBalancerName: 'a1111111111111111111111111111111',
        Listeners: [
          {
            Protocol: 'TCP',
            LoadBalancerPort: 80,
            InstanceProtocol: 'TCP',
            InstancePort: 30080,
          },
        ],
        Subnets: main.subnets,
        SecurityGroups: [lbSgId],
        Tags: [{ Key: 'kubernetes.io/service-name', Value: 'legacy/web' }],
      }),
    );
    w = {
      vpcId: main.vpcId,
      otherVpcId: other.vpcId,
      albArn,
      nlbArn,
      albTgArn,
      nlbTgArn,
      lbSgId,
    };
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
  });

  const run = async (handler: TestHandler, vpcIds = [w.vpcId]) => {
    const clients = clientsFor(handler);
    const ctx = createCollectContext({
      clients,
      concurrency: 4,
      callTimeoutMs: 30_000,
    });
    const out = await collectLoadBalancers(
      ctx,
      { accountId: ACCOUNT, region: REGION },
      vpcIds,
    );
    return { out, gaps: ctx.gaps };
  };

  it('keeps the load balancers, listeners and target groups of the cluster VPCs with tags and attributes', async () => {
    // Prepare
    const calls: string[] = [];

    // Act
    const { out, gaps } = await run(elbHandler(http, calls));

    // Assess
    expect(gaps).toEqual([]);
    const lbs = out.loadBalancers ?? [];
    expect(lbs.map((lb) => [lb.type, lb.loadBalancerName, lb.scheme])).toEqual(
      expect.arrayContaining([
        ['application', 'k8s-shop-web-0123456789', 'internet-facing'],
        ['network', 'a0123456789abcdef0123456789abcde', 'internal'],
        ['classic', 'a1111111111111111111111111111111', 'internet-facing'],
      ]),
    );
    expect(lbs).toHaveLength(3);
    const alb = lbs.find((lb) => lb.loadBalancerArn === w.albArn);
    expect(alb).toMatchObject({
      vpcId: w.vpcId,
      securityGroups: [w.lbSgId],
      tags: {
        'elbv2.k8s.aws/cluster': 'alpha',
        'ingress.k8s.aws/stack': 'shop/web',
        'ingress.k8s.aws/resource': 'LoadBalancer',
      },
    });
    expect(alb?.subnetIds).toHaveLength(2);
    expect(
      alb?.attributes?.['routing.http.drop_invalid_header_fields.enabled'],
    ).toBe('true');
    const nlb = lbs.find((lb) => lb.loadBalancerArn === w.nlbArn);
    expect(nlb?.tags).toEqual({
      'kubernetes.io/cluster/alpha': 'owned',
      'kubernetes.io/service-name': 'default/echo',
    });
    expect(nlb?.securityGroups).toEqual([]);
    const classic = lbs.find((lb) => lb.type === 'classic');
    expect(classic).toMatchObject({
      loadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/a1111111111111111111111111111111`,
      vpcId: w.vpcId,
      securityGroups: [w.lbSgId],
      tags: { 'kubernetes.io/service-name': 'legacy/web' },
      classicListeners: [
        {
          protocol: 'TCP',
          loadBalancerPort: 80,
          instanceProtocol: 'TCP',
          instancePort: 30080,
          policyNames: [],
        },
      ],
    });
    expect(classic?.attributes?.['access_logs.s3.enabled']).toBe('false');

    expect(
      (out.listeners ?? []).map((l) => [l.loadBalancerArn, l.protocol, l.port]),
    ).toEqual(
      expect.arrayContaining([
        [w.albArn, 'HTTP', 80],
        [w.nlbArn, 'TCP', 443],
      ]),
    );
    const nlbListener = out.listeners?.find(
      (l) => l.loadBalancerArn === w.nlbArn,
    );
    expect(nlbListener?.defaultActions).toEqual([
      { type: 'forward', targetGroupArns: [w.nlbTgArn] },
    ]);

    const tgs = out.targetGroups ?? [];
    expect(tgs.map((tg) => tg.targetGroupArn).sort()).toEqual(
      [w.albTgArn, w.nlbTgArn].sort(),
    );
    const nlbTg = tgs.find((tg) => tg.targetGroupArn === w.nlbTgArn);
    expect(nlbTg).toMatchObject({
      protocol: 'TCP',
      port: 31234,
      targetType: 'instance',
      healthCheckProtocol: 'HTTP',
      healthCheckPath: '/healthz',
      healthCheckPort: '32001',
      loadBalancerArns: [w.nlbArn],
      tags: {
        'kubernetes.io/cluster/alpha': 'owned',
        'kubernetes.io/service-name': 'default/echo',
      },
    });
    expect(nlbTg?.attributes?.['proxy_protocol_v2.enabled']).toBe('true');
    // ALB target groups are not read for attributes (no rule needs them).
    expect(
      tgs.find((tg) => tg.targetGroupArn === w.albTgArn)?.attributes,
    ).toBeUndefined();
  });

  it('sends exactly the calls of the call-plan formula', async () => {
    // Prepare
    const calls: string[] = [];

    // Act
    await run(elbHandler(http, calls));

    // Assess: 3 listings, 1 v2 tag batch (2 LBs + 2 TGs), 2 per v2 LB,
    // 1 NLB target group, 1 v1 tag batch, 1 Classic attributes call.
    expect(calls.length).toBe(3 + 1 + 4 + 1 + 1 + 1);
    const formula =
      expectedCallCount({
        clusters: 1,
        nodegroups: 0,
        fargateProfiles: 0,
        vpcs: 1,
        instanceTypesToFetch: 0,
        elb: {
          loadBalancersAll: 3,
          loadBalancers: 2,
          targetGroupsAll: 2,
          targetGroups: 2,
          nlbTargetGroups: 1,
          classicAll: 1,
          classic: 1,
        },
      }) -
      expectedCallCount({
        clusters: 1,
        nodegroups: 0,
        fargateProfiles: 0,
        vpcs: 1,
        instanceTypesToFetch: 0,
      });
    expect(calls.length).toBe(formula);
    expect(calls.filter((c) => c.startsWith('DescribeTags'))).toHaveLength(2);
  });

  it.each([
    {
      name: 'a denied v2 listing leaves listeners absent and keeps only Classic load balancers',
      action: 'DescribeLoadBalancers',
      expectAbsent: ['listeners'],
      collection: 'loadBalancers',
      types: ['classic'],
    },
    {
      name: 'a denied target-group listing leaves target groups absent',
      action: 'DescribeTargetGroups',
      expectAbsent: ['targetGroups'],
      collection: 'targetGroups',
      types: ['application', 'classic', 'network'],
    },
  ])(
    'records a gap: $name',
    async ({ action, expectAbsent, collection, types }) => {
      // Prepare
      const calls: string[] = [];
      const handler = elbHandler(http, calls, {
        [action]: { status: 403, code: 'AccessDenied' },
      });

      // Act
      const { out, gaps } = await run(handler);

      // Assess
      for (const key of expectAbsent) {
        expect(out[key as keyof typeof out]).toBeUndefined();
      }
      expect(out.loadBalancers?.map((lb) => lb.type).sort()).toEqual(types);
      expect(gaps).toContainEqual({
        collection,
        api: action,
        iamAction: `elasticloadbalancing:${action}`,
        errorCode: 'AccessDenied',
        message: 'injected AccessDenied',
      });
    },
  );

  it('scopes a failed attribute call to its load balancer and keeps the rest', async () => {
    // Prepare
    const calls: string[] = [];
    const handler = elbHandler(http, calls, {
      DescribeTargetGroupAttributes: {
        status: 400,
        code: 'TargetGroupNotFound',
      },
    });

    // Act
    const { out, gaps } = await run(handler);

    // Assess
    expect(gaps).toEqual([
      {
        collection: 'targetGroups',
        api: 'DescribeTargetGroupAttributes',
        iamAction: 'elasticloadbalancing:DescribeTargetGroupAttributes',
        errorCode: 'TargetGroupNotFound',
        message: 'injected TargetGroupNotFound',
        scope: { vpcId: w.vpcId, resourceId: w.nlbArn },
      },
    ]);
    expect(
      out.targetGroups?.find((tg) => tg.targetGroupArn === w.nlbTgArn)
        ?.attributes,
    ).toBeUndefined();
    expect(out.loadBalancers).toHaveLength(3);
  });

  it('asks a tag batch again one ARN at a time when a resource vanished meanwhile', async () => {
    // Prepare
    const calls: string[] = [];
    const handler = elbHandler(http, calls, {
      DescribeTags: { status: 400, code: 'LoadBalancerNotFound', times: 1 },
    });

    // Act
    const { out, gaps } = await run(handler);

    // Assess: the failed batch of 4 ARNs, then 4 single calls.
    expect(gaps).toEqual([]);
    expect(calls.filter((c) => c === 'DescribeTags')).toHaveLength(1 + 4);
    expect(
      out.loadBalancers?.find((lb) => lb.loadBalancerArn === w.albArn)?.tags,
    ).toMatchObject({ 'elbv2.k8s.aws/cluster': 'alpha' });
    expect(out.loadBalancers).toHaveLength(3);
  });

  it('leaves out a load balancer that is gone when its tags are asked for', async () => {
    // Prepare: the batch and the first single call say the resource is gone.
    const calls: string[] = [];
    const handler = elbHandler(http, calls, {
      DescribeTags: { status: 400, code: 'LoadBalancerNotFound', times: 2 },
    });

    // Act
    const { out, gaps } = await run(handler);

    // Assess
    expect(gaps).toEqual([]);
    const kept = (out.loadBalancers ?? []).map((lb) => lb.loadBalancerArn);
    const gone = [w.albArn, w.nlbArn].filter((arn) => !kept.includes(arn));
    expect(gone).toHaveLength(1);
    expect(kept).toHaveLength(2);
    expect(out.listeners?.map((l) => l.loadBalancerArn)).not.toContain(gone[0]);
  });

  it('reads nothing outside the cluster VPCs and fits the snapshot schema', async () => {
    // Prepare
    const calls: string[] = [];

    // Act
    const { out } = await run(elbHandler(http, calls), [w.otherVpcId]);

    // Assess
    expect(out.loadBalancers?.map((lb) => lb.loadBalancerName)).toEqual([
      'elsewhere',
    ]);
    expect(out.targetGroups).toEqual([]);
    expect(
      validateSnapshot({
        schemaVersion: 1,
        scanId: 's',
        target: { accountId: ACCOUNT, region: REGION },
        collectedAt: '2026-11-26T10:00:00.000Z',
        ...out,
        gaps: [],
        stats: { apiCalls: calls.length, callsByAction: {}, durationMs: 0 },
      }),
    ).toBeTruthy();
  });
});

describe('collectSnapshot with ELB clients against moto', () => {
  let moto: MotoServer;

  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('adds the load balancers of the cluster VPC in exactly the formula call count, and derive attributes them', async () => {
    // Prepare
    const region = 'ap-southeast-2';
    const w = await buildRegion({
      endpoint: moto.endpoint,
      region,
      clusterName: 'gamma',
      cidr: '10.30.0.0/16',
      nodegroups: [{ name: 'ng', instanceType: 'm5.large', nodes: 1 }],
      withFargate: false,
    });
    const config = { ...testCredentials, region, endpoint: moto.endpoint };
    await new ElasticLoadBalancingV2Client(config).send(
      new CreateLoadBalancerCommand({
        Name: 'k8s-web-web-0123456789',
        Subnets: [w.subnets.publicA, w.subnets.publicB],
        Scheme: 'internet-facing',
        Type: 'application',
        Tags: [
          { Key: 'elbv2.k8s.aws/cluster', Value: 'gamma' },
          { Key: 'ingress.k8s.aws/stack', Value: 'web/web' },
        ],
      }),
    );
    const base = makeClients({
      region,
      endpoint: moto.endpoint,
      handler: cannedHandler(eksExtras, http),
    });
    const elbConfig = {
      ...config,
      requestHandler: countingHandler(http, base.counter),
      retryStrategy: new ConfiguredRetryStrategy(1, () => 0),
    };
    const clients: TargetClients = {
      ...base,
      elbv2: new ElasticLoadBalancingV2Client(elbConfig),
      elb: new ElasticLoadBalancingClient(elbConfig),
    };

    // Act
    const snapshot = await collectSnapshot({
      target: { accountId: ACCOUNT, region },
      scanId: 'scan-elb',
      clients,
    });

    // Assess
    expect(snapshot.gaps).toEqual([]);
    expect(validateSnapshot(snapshot)).toBe(snapshot);
    expect(snapshot.loadBalancers?.map((lb) => lb.loadBalancerName)).toEqual([
      'k8s-web-web-0123456789',
    ]);
    expect(snapshot.listeners).toEqual([]);
    expect(snapshot.targetGroups).toEqual([]);
    // moto leaves vpcId out of DescribeCluster: one DescribeSubnets on top.
    expect(snapshot.stats.apiCalls).toBe(
      expectedCallCount({
        clusters: 1,
        nodegroups: 1,
        fargateProfiles: 0,
        vpcs: 1,
        instanceTypesToFetch: 1,
        elb: {
          loadBalancersAll: 1,
          loadBalancers: 1,
          targetGroupsAll: 0,
          targetGroups: 0,
          nlbTargetGroups: 0,
          classicAll: 0,
          classic: 0,
        },
      }) + 1,
    );
    const [lb] = derive(snapshot).resources.loadBalancer;
    expect(lb).toMatchObject({
      clusterName: 'gamma',
      controller: 'lbc',
      ownerKind: 'Ingress',
      owner: 'web/web',
      internetFacing: true,
    });
  }, 60_000);
});
