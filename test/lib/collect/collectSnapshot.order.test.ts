/**
 * The call graph of one collection: each call starts as soon as its inputs
 * exist, checked through the fake AWS transport (real SDK signing, retry and
 * parsing) with gates that hold chosen answers back.
 */
import type { HttpRequest, HttpResponse } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { createClientFactory } from '../../../lib/aws/index.js';
import {
  collectSnapshot,
  expectedCallCount,
} from '../../../lib/collect/index.js';
import type { Snapshot } from '../../../lib/snapshot/types.js';
import {
  createFakeAws,
  type FakeAws,
  type TargetShape,
} from '../../helpers/fakeAws/index.js';
import { type Canned, ec2Error } from './support.js';

/** `ec2:DescribeVpcs`, `eks:/clusters/a/node-groups/b`, … of one request. */
const callOf = (request: HttpRequest): string => {
  const service = request.hostname.split('.')[0] ?? '';
  if (service === 'eks') return `eks:${request.path}`;
  const body = typeof request.body === 'string' ? request.body : '';
  return `${service}:${new URLSearchParams(body).get('Action') ?? ''}`;
};

/** Longest a gate holds an answer: a broken graph fails, it does not hang. */
const GATE_MS = 5_000;

/**
 * Collects one target through the fake; `hold` may delay an answer (the
 * request has reached the fake) and `fault` may replace it.
 */
const collectThrough = async (
  shape: Partial<TargetShape>,
  hooks: {
    hold?: (call: string, seen: readonly string[]) => Promise<void>;
    fault?: (call: string, body: string) => Canned | undefined;
  },
): Promise<{
  snapshot: Snapshot;
  fake: FakeAws;
  seen: string[];
  events: string[];
}> => {
  const fake = createFakeAws({ shape });
  // `seen`: calls in arrival order; `events`: `>call` on arrival and
  // `<call` when its answer is handed back.
  const seen: string[] = [];
  const events: string[] = [];
  const handler = {
    ...fake.handler,
    handle: async (request: HttpRequest) => {
      const call = callOf(request);
      seen.push(call);
      events.push(`>${call}`);
      const body = typeof request.body === 'string' ? request.body : '';
      const canned = hooks.fault?.(call, body);
      const answer = canned
        ? {
            response: {
              statusCode: canned.statusCode,
              headers: canned.headers ?? {},
              body: Buffer.from(canned.body),
            } as unknown as HttpResponse,
          }
        : await fake.handler.handle(request);
      await hooks.hold?.(call, seen);
      events.push(`<${call}`);
      return answer;
    },
  };
  const factory = createClientFactory({
    requestHandler: handler,
    credentials: fake.credentials,
    region: 'us-east-1',
  });
  const target = {
    accountId: fake.accountIds[0] ?? '',
    region: fake.regions[0] ?? 'us-east-1',
  };
  const snapshot = await collectSnapshot({
    target,
    scanId: '20260101T000000Z-order',
    clients: factory.clientsFor(target),
  });
  factory.destroy();
  return { snapshot, fake, seen, events };
};

/** Resolves once `ready()` holds, polling; gives up after {@link GATE_MS}. */
const until = async (ready: () => boolean): Promise<void> => {
  const deadline = performance.now() + GATE_MS;
  while (!ready() && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('collectSnapshot call graph', () => {
  it('reads a VPC while the clusters in it still wait for their node groups', async () => {
    // Prepare: no DescribeNodegroup answers before the VPC's listings went out.
    const isNodegroupDescribe = (call: string) =>
      /^eks:\/clusters\/[^/]+\/node-groups\/[^/]+$/.test(call);
    const vpcReadsOut = (seen: readonly string[]) =>
      [
        'ec2:DescribeVpcs',
        'ec2:DescribeInstances',
        'ec2:DescribeSubnets',
      ].every((call) => seen.includes(call));

    // Act
    const { snapshot, events } = await collectThrough(
      { clusters: 3, nodegroupsPerCluster: 2 },
      {
        hold: (call, calls) =>
          isNodegroupDescribe(call)
            ? until(() => vpcReadsOut(calls))
            : Promise.resolve(),
      },
    );

    // Assess
    const vpcReadSent = events.indexOf('>ec2:DescribeVpcs');
    const firstNodegroupAnswered = events.findIndex(
      (event) => event.startsWith('<') && isNodegroupDescribe(event.slice(1)),
    );
    expect(snapshot.gaps).toEqual([]);
    expect(vpcReadSent).toBeGreaterThan(-1);
    expect(vpcReadSent).toBeLessThan(firstNodegroupAnswered);
    expect(snapshot.clusters?.flatMap((c) => c.nodegroups ?? [])).toHaveLength(
      6,
    );
  });

  it('asks for instance types only once every node group and every VPC’s instances are known', async () => {
    // Act
    const { snapshot, seen } = await collectThrough(
      { clusters: 2, nodegroupsPerCluster: 2, vpcs: 2 },
      {},
    );

    // Assess
    const typesAt = seen.indexOf('ec2:DescribeInstanceTypes');
    expect(snapshot.gaps).toEqual([]);
    expect(typesAt).toBeGreaterThan(-1);
    expect(seen.slice(typesAt + 1)).not.toContain('ec2:DescribeInstances');
    expect(
      seen.slice(typesAt + 1).filter((call) => call.includes('/node-groups')),
    ).toEqual([]);
  });

  it('keeps the other VPC when one VPC’s DescribeVpcs fails, with a gap scoped to the failed VPC', async () => {
    // Prepare: the first DescribeVpcs to arrive fails, whichever VPC it asks.
    let failedVpc = '';
    const fault = (call: string, body: string) => {
      if (call !== 'ec2:DescribeVpcs' || failedVpc) return undefined;
      failedVpc = new URLSearchParams(body).get('VpcId.1') ?? '';
      return ec2Error('UnauthorizedOperation', 'not allowed');
    };

    // Act
    const { snapshot, fake } = await collectThrough(
      { clusters: 2, vpcs: 2 },
      { fault },
    );

    // Assess
    const clusterVpcs = [
      ...new Set(snapshot.clusters?.map((c) => c.resourcesVpcConfig.vpcId)),
    ].sort();
    expect(clusterVpcs).toHaveLength(2);
    expect(clusterVpcs).toContain(failedVpc);
    expect(snapshot.vpcs?.map((v) => v.vpcId)).toEqual(
      clusterVpcs.filter((id) => id !== failedVpc),
    );
    expect(snapshot.gaps).toEqual([
      expect.objectContaining({
        collection: 'vpcs',
        api: 'DescribeVpcs',
        errorCode: 'UnauthorizedOperation',
        scope: { vpcId: failedVpc },
      }),
    ]);
    const { plan } = fake.model;
    expect(snapshot.stats.apiCalls).toBe(
      expectedCallCount({
        clusters: plan.clusters,
        nodegroups: plan.nodegroups,
        fargateProfiles: plan.fargateProfiles,
        vpcs: plan.vpcs,
        instanceTypesToFetch: plan.instanceTypes,
        elb: plan.elb,
      }),
    );
  });
});
