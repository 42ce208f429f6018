import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectSnapshot,
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
  ec2Error,
  eksError,
  type Fault,
  faultHandler,
  makeClients,
  startHangingServer,
} from './support.js';

const REGION = 'us-west-2';

/** Collections a healthy run of this world fills. */
const ALL_COLLECTIONS = [
  'clusters',
  'clusterVersions',
  'vpcs',
  'dhcpOptions',
  'subnets',
  'routeTables',
  'natGateways',
  'vpcEndpoints',
  'securityGroups',
  'networkInterfaces',
  'instances',
  'instanceTypes',
  'flowLogs',
] as const;

const present = (snapshot: Snapshot) =>
  ALL_COLLECTIONS.filter((c) => snapshot[c] !== undefined);

describe('collectSnapshot with faults at the HTTP layer', () => {
  let moto: MotoServer;
  let world: RegionWorld;
  let hanging: Awaited<ReturnType<typeof startHangingServer>>;

  beforeAll(async () => {
    [moto, hanging] = await Promise.all([startMoto(), startHangingServer()]);
    world = await buildRegion({
      endpoint: moto.endpoint,
      region: REGION,
      clusterName: 'alpha',
      cidr: '10.0.0.0/16',
      nodegroups: [{ name: 'ng-1', instanceType: 'm5.large', nodes: 2 }],
      withFargate: false,
    });
  });

  afterAll(async () => {
    await Promise.all([moto?.stop(), hanging?.stop()]);
  });

  /** The world's plan: 1 cluster, 1 node group, 1 VPC, 1 instance type. */
  const plannedCalls = () =>
    expectedCallCount({
      clusters: 1,
      nodegroups: 1,
      fargateProfiles: 0,
      vpcs: 1,
      instanceTypesToFetch: 1,
    });

  /** Collects with `faults`; every snapshot must still match the schema. */
  const collect = async (
    faults: Record<string, Fault>,
    extra: {
      maxAttempts?: number;
      signal?: AbortSignal;
      clientTimeoutMs?: number | null;
      callTimeoutMs?: number;
    } = {},
  ): Promise<Snapshot> =>
    validateSnapshot(
      await collectSnapshot({
        target: { accountId: '123456789012', region: REGION },
        scanId: 'faults',
        clients: makeClients({
          region: REGION,
          endpoint: moto.endpoint,
          maxAttempts: extra.maxAttempts ?? 3,
          handler: faultHandler(
            cannedHandler(
              eksExtras,
              withClusterVpc(new NodeHttpHandler(), [world]),
            ),
            faults,
            {
              port: hanging.port,
              ...(extra.clientTimeoutMs === null
                ? {}
                : { requestTimeoutMs: extra.clientTimeoutMs ?? 250 }),
            },
          ),
        }),
        ...(extra.signal ? { signal: extra.signal } : {}),
        ...(extra.callTimeoutMs
          ? { options: { callTimeoutMs: extra.callTimeoutMs } }
          : {}),
      }),
    );

  it('turns an AccessDenied on one API into exactly that gap and collects the rest', async () => {
    // Prepare
    const denied = ec2Error(
      'UnauthorizedOperation',
      'You are not authorized to perform this operation.',
      403,
    );

    // Act
    const snapshot = await collect({
      'ec2:DescribeSecurityGroups': () => denied,
    });

    // Assess
    expect(snapshot.gaps).toEqual([
      {
        collection: 'securityGroups',
        api: 'DescribeSecurityGroups',
        iamAction: 'ec2:DescribeSecurityGroups',
        errorCode: 'UnauthorizedOperation',
        message: 'You are not authorized to perform this operation.',
        scope: { vpcId: world.vpcId },
      },
    ]);
    expect(snapshot.securityGroups).toBeUndefined();
    expect(present(snapshot)).toEqual(
      ALL_COLLECTIONS.filter((c) => c !== 'securityGroups'),
    );
    expect(snapshot.subnets).toHaveLength(4);
    expect(snapshot.clusters?.[0]?.nodegroups).toHaveLength(1);
    // Not retried: an authorization error is not transient.
    expect(snapshot.stats.apiCalls).toBe(plannedCalls());
  });

  it('absorbs a throttling burst through the SDK retries without a gap', async () => {
    // Prepare
    const throttled = ec2Error(
      'RequestLimitExceeded',
      'Request limit exceeded.',
      503,
    );

    // Act
    const snapshot = await collect({
      'ec2:DescribeNetworkInterfaces': (n) => (n < 2 ? throttled : undefined),
      'eks:DescribeCluster': (n) =>
        n < 1
          ? eksError('TooManyRequestsException', 'Too Many Requests', 429)
          : undefined,
    });

    // Assess
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.networkInterfaces?.length).toBeGreaterThan(0);
    expect(snapshot.stats.callsByAction['ec2:DescribeNetworkInterfaces']).toBe(
      3,
    );
    expect(snapshot.stats.callsByAction['eks:DescribeCluster']).toBe(2);
    expect(snapshot.stats.apiCalls).toBe(plannedCalls() + 3);
  });

  it('records persistent 500s as a gap with the error code after every retry', async () => {
    // Prepare
    const broken = ec2Error(
      'InternalError',
      'An internal error has occurred.',
      500,
    );

    // Act
    const snapshot = await collect(
      { 'ec2:DescribeNatGateways': () => broken },
      { maxAttempts: 3 },
    );

    // Assess
    expect(snapshot.gaps).toEqual([
      expect.objectContaining({
        collection: 'natGateways',
        api: 'DescribeNatGateways',
        iamAction: 'ec2:DescribeNatGateways',
        errorCode: 'InternalError',
        scope: { vpcId: world.vpcId },
      }),
    ]);
    expect(snapshot.natGateways).toBeUndefined();
    expect(snapshot.stats.callsByAction['ec2:DescribeNatGateways']).toBe(3);
    expect(present(snapshot)).toHaveLength(ALL_COLLECTIONS.length - 1);
  });

  it('turns a hanging response into a TimeoutError gap and finishes fast', async () => {
    // Prepare
    const started = Date.now();

    // Act
    const snapshot = await collect(
      { 'ec2:DescribeFlowLogs': () => 'hang' },
      { maxAttempts: 2 },
    );

    // Assess
    expect(snapshot.gaps).toEqual([
      expect.objectContaining({
        collection: 'flowLogs',
        api: 'DescribeFlowLogs',
        errorCode: 'TimeoutError',
        scope: { vpcId: world.vpcId },
      }),
    ]);
    expect(snapshot.flowLogs).toBeUndefined();
    expect(snapshot.vpcs).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('abandons a call after callTimeoutMs when the HTTP client never times out', async () => {
    // Prepare
    const started = Date.now();

    // Act
    const snapshot = await collect(
      { 'ec2:DescribeRouteTables': () => 'hang' },
      { clientTimeoutMs: null, callTimeoutMs: 400 },
    );

    // Assess
    expect(snapshot.gaps).toEqual([
      {
        collection: 'routeTables',
        api: 'DescribeRouteTables',
        iamAction: 'ec2:DescribeRouteTables',
        errorCode: 'TimeoutError',
        message: 'no answer within 400 ms',
        scope: { vpcId: world.vpcId },
      },
    ]);
    expect(snapshot.routeTables).toBeUndefined();
    expect(snapshot.subnets).toHaveLength(4);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('leaves only the DNS attribute that failed absent, with a VPC-scoped gap', async () => {
    // Prepare
    const denied = ec2Error('UnauthorizedOperation', 'Not authorized.', 403);

    // Act
    const snapshot = await collect({
      'ec2:DescribeVpcAttribute': (_, request) =>
        String(request.body).includes('enableDnsHostnames')
          ? denied
          : undefined,
    });

    // Assess
    expect(snapshot.gaps).toEqual([
      {
        collection: 'vpcAttributes',
        api: 'DescribeVpcAttribute',
        iamAction: 'ec2:DescribeVpcAttribute',
        errorCode: 'UnauthorizedOperation',
        message: 'Not authorized.',
        scope: { vpcId: world.vpcId, resourceId: 'enableDnsHostnames' },
      },
    ]);
    expect(snapshot.vpcs?.[0]?.enableDnsSupport).toBe(true);
    expect(snapshot.vpcs?.[0]).not.toHaveProperty('enableDnsHostnames');
  });

  it('keeps the cluster but drops its node groups when ListNodegroups is denied', async () => {
    // Prepare
    const denied = eksError(
      'AccessDeniedException',
      'User is not authorized to perform: eks:ListNodegroups',
      403,
    );

    // Act
    const snapshot = await collect({ 'eks:ListNodegroups': () => denied });

    // Assess
    expect(snapshot.gaps).toEqual([
      {
        collection: 'nodegroups',
        api: 'ListNodegroups',
        iamAction: 'eks:ListNodegroups',
        errorCode: 'AccessDeniedException',
        message: 'User is not authorized to perform: eks:ListNodegroups',
        scope: { clusterName: 'alpha' },
      },
    ]);
    const cluster = snapshot.clusters?.[0];
    expect(cluster?.name).toBe('alpha');
    expect(cluster).not.toHaveProperty('nodegroups');
    expect(cluster?.fargateProfiles).toEqual([]);
    // Instance types still come from the instances seen in the VPC.
    expect(snapshot.instanceTypes?.map((t) => t.instanceType)).toEqual([
      'm5.large',
    ]);
  });

  it('explains every collection it could not reach when ListClusters is denied', async () => {
    // Prepare
    const denied = eksError('AccessDeniedException', 'denied', 403);

    // Act
    const snapshot = await collect({ 'eks:ListClusters': () => denied });

    // Assess
    expect(present(snapshot)).toEqual(['clusterVersions']);
    expect(snapshot.gaps[0]).toEqual({
      collection: 'clusters',
      api: 'ListClusters',
      iamAction: 'eks:ListClusters',
      errorCode: 'AccessDeniedException',
      message: 'denied',
    });
    expect(
      snapshot.gaps
        .slice(1)
        .map((g) => `${g.collection}:${g.errorCode}`)
        .sort(),
    ).toEqual(
      ALL_COLLECTIONS.filter((c) => c !== 'clusters' && c !== 'clusterVersions')
        .map((c) => `${c}:DependencyFailed`)
        .sort(),
    );
    expect(snapshot.stats.apiCalls).toBe(2);
  });

  it('stops issuing calls on abort and records what is missing as Aborted', async () => {
    // Prepare: abort as soon as the first EC2 request goes out.
    const controller = new AbortController();
    const abortOnEc2: Fault = () => {
      controller.abort();
      return undefined;
    };

    // Act
    const snapshot = await collect(
      {
        'ec2:DescribeVpcs': abortOnEc2,
        'ec2:DescribeVpcAttribute': abortOnEc2,
        'ec2:DescribeSubnets': abortOnEc2,
      },
      { signal: controller.signal },
    );

    // Assess
    // The cluster was described before the abort; its listings, which run
    // alongside the VPC's EC2 reads, were cut off and are explained by gaps.
    expect(snapshot.clusters?.map((c) => c.name)).toEqual(['alpha']);
    expect(snapshot.clusters?.[0]?.nodegroups ?? []).toEqual([]);
    expect(snapshot.clusterVersions).toHaveLength(3);
    expect(snapshot.vpcs).toBeUndefined();
    expect(snapshot.gaps).toContainEqual(
      expect.objectContaining({
        collection: 'nodegroups',
        errorCode: 'Aborted',
        scope: expect.objectContaining({ clusterName: 'alpha' }),
      }),
    );
    expect(snapshot.gaps.length).toBeGreaterThan(0);
    expect(new Set(snapshot.gaps.map((g) => g.errorCode))).toEqual(
      new Set(['Aborted']),
    );
    for (const gap of snapshot.gaps) {
      expect(gap.message).not.toContain('[object');
    }
    for (const collection of ALL_COLLECTIONS) {
      const explained =
        snapshot[collection] !== undefined ||
        snapshot.gaps.some((g) => g.collection === collection);
      expect(explained, collection).toBe(true);
    }
    expect(
      snapshot.stats.callsByAction['ec2:DescribeInstanceTypes'],
    ).toBeUndefined();
  });
});
