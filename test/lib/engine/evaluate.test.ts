import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, gapApplies } from '../../../lib/engine/evaluate.js';
import { loadPolicies } from '../../../lib/engine/loadPolicies.js';
import {
  buildTestFacts,
  type TestGap,
} from '../../../lib/engine/policyTests.js';
import type {
  CompiledPolicy,
  LoadedWaiver,
  Waiver,
} from '../../../lib/engine/types.js';
import type { FactsBase } from '../../../lib/snapshot/facts.js';
import type { Gap, Snapshot } from '../../../lib/snapshot/types.js';

const ENGINE_POLICIES = fileURLToPath(
  new URL('../../fixtures/policies/engine/', import.meta.url),
);
const NOW = new Date('2026-06-01T00:00:00Z');

let policies: CompiledPolicy[] = [];
let subnetPolicy: CompiledPolicy;
let clusterPolicy: CompiledPolicy;

beforeAll(async () => {
  ({ policies } = await loadPolicies([ENGINE_POLICIES]));
  subnetPolicy = policies.find((p) => p.id === 'NET-TST-010') as CompiledPolicy;
  clusterPolicy = policies.find(
    (p) => p.id === 'NET-TST-011',
  ) as CompiledPolicy;
});

/** A node subnet with the given free share. */
const subnet = (id: string, freePercent: number, extra = {}) => ({
  id,
  vpcId: 'vpc-1',
  cidrBlock: '10.0.0.0/24',
  isNodeSubnet: true,
  freePercent,
  ...extra,
});

const facts = (
  subnets: Record<string, unknown>[],
  gaps: TestGap[] = [],
  clusters: Record<string, unknown>[] = [],
) =>
  buildTestFacts({
    facts: { subnet: subnets as never, cluster: clusters as never },
    gaps,
  });

const waiver = (
  overrides: Partial<Waiver> = {},
  expiresAt = Date.parse('2026-12-31T00:00:00Z'),
): LoadedWaiver => {
  const value: Waiver = {
    rule: 'NET-TST-010',
    resource: 'subnet-low',
    reason: 'migration in progress',
    owner: 'team-net',
    expires: '2026-12-30',
    ...overrides,
  };
  return {
    waiver: value,
    file: 'waivers.yaml',
    expiresAt,
    matches: (id, arn) => id === value.resource || arn === value.resource,
  };
};

describe('evaluate', () => {
  it.each([
    ['a subnet at or above the threshold', subnet('s', 10), 'pass', 'medium'],
    ['a subnet below the threshold', subnet('s', 7), 'fail', 'medium'],
    ['a subnet below the first override', subnet('s', 3), 'fail', 'high'],
    ['a subnet matching two overrides', subnet('s', 0.5), 'fail', 'critical'],
    [
      'a subnet outside the precondition',
      subnet('s', 0, { isNodeSubnet: false }),
      'skip',
      'medium',
    ],
    [
      'a subnet without a CIDR',
      { id: 's', isNodeSubnet: true, freePercent: 0 },
      'unknown',
      'medium',
    ],
    [
      'a subnet missing the asserted field',
      { id: 's', isNodeSubnet: true, cidrBlock: '10.0.0.0/24' },
      'unknown',
      'medium',
    ],
  ])(
    'gives %s the status %s with severity %s',
    (_name, resource, status, severity) => {
      // Act
      const { results } = evaluate(facts([resource]), [subnetPolicy], {
        now: NOW,
      });

      // Assess
      expect(results).toHaveLength(1);
      expect(results[0]?.status).toBe(status);
      expect(results[0]?.severity).toBe(severity);
      expect(results[0]?.message).toMatch(/\.$/);
    },
  );

  it('fills every Result field from the policy, the target and the resource', () => {
    // Prepare
    const input = facts([
      subnet('subnet-a', 7, {
        arn: 'arn:aws:ec2:us-east-1:111111111111:subnet/subnet-a',
        clusterName: 'prod',
      }),
    ]);

    // Act
    const [result] = evaluate(input, [subnetPolicy], {
      now: NOW,
      scanId: 'scan-1',
    }).results;

    // Assess
    expect(result).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      scanId: 'scan-1',
      ruleId: 'NET-TST-010',
      title: 'Test subnets keep enough free addresses',
      severity: 'medium',
      status: 'fail',
      accountId: '111111111111',
      region: 'us-east-1',
      clusterName: 'prod',
      resourceType: 'subnet',
      resourceId: 'subnet-a',
      resourceArn: 'arn:aws:ec2:us-east-1:111111111111:subnet/subnet-a',
      message:
        'Subnet subnet-a in 111111111111/us-east-1 has 7 % free, below 10 %.',
      evidence: { freePercent: 7, cidr: '10.0.0.0/24' },
      remediation: { text: 'Add addresses.' },
      references: ['https://example.com/subnets'],
    });
  });

  it('records evidence for pass results but not for skip results', () => {
    // Act
    const { results } = evaluate(
      facts([subnet('a', 50), subnet('b', 0, { isNodeSubnet: false })]),
      [subnetPolicy],
      { now: NOW },
    );

    // Assess
    expect(results.map((r) => [r.resourceId, r.status, r.evidence])).toEqual([
      ['a', 'pass', { freePercent: 50, cidr: '10.0.0.0/24' }],
      ['b', 'skip', {}],
    ]);
  });

  it('turns a CEL evaluation error into unknown with the error in the message', () => {
    // Prepare
    const input = facts([], [], [{ id: 'prod', cniEnv: {} }]);

    // Act
    const [result] = evaluate(input, [clusterPolicy], { now: NOW }).results;

    // Assess
    expect(result?.status).toBe('unknown');
    expect(result?.message).toBe(
      'NET-TST-011 could not be evaluated on cluster prod in 111111111111/us-east-1: No such key: WARM_IP_TARGET.',
    );
  });

  it('returns unknown naming the API, error code and IAM action when a required collection sits in a gap', () => {
    // Prepare
    const gap: TestGap = {
      collection: 'networkInterfaces',
      api: 'DescribeNetworkInterfaces',
      iamAction: 'ec2:DescribeNetworkInterfaces',
      errorCode: 'UnauthorizedOperation',
    };

    // Act
    const { results } = evaluate(
      facts([subnet('a', 50)], [gap]),
      [subnetPolicy],
      { now: NOW },
    );

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe('unknown');
    expect(results[0]?.message).toBe(
      'NET-TST-010 cannot be evaluated on subnet a in 111111111111/us-east-1: networkInterfaces could not be read: DescribeNetworkInterfaces failed with UnauthorizedOperation (needs ec2:DescribeNetworkInterfaces).',
    );
  });

  it('checks the gap before the precondition, so a gap never yields skip', () => {
    // Act
    const { results } = evaluate(
      facts(
        [subnet('a', 0, { isNodeSubnet: false })],
        [{ collection: 'networkInterfaces' }],
      ),
      [subnetPolicy],
      { now: NOW },
    );

    // Assess
    expect(results[0]?.status).toBe('unknown');
  });

  it.each([
    ['a gap scoped to the resource VPC', { vpcId: 'vpc-1' }, 'unknown'],
    ['a gap scoped to another VPC', { vpcId: 'vpc-2' }, 'pass'],
    ['a gap scoped to the resource id', { resourceId: 'a' }, 'unknown'],
    ['a gap scoped to another resource', { resourceId: 'b' }, 'pass'],
    [
      'a gap scoped to the resource cluster',
      { clusterName: 'prod' },
      'unknown',
    ],
    ['a gap scoped to another cluster', { clusterName: 'dev' }, 'pass'],
  ])('applies %s as %s', (_name, scope, status) => {
    // Prepare
    const input = facts(
      [subnet('a', 50, { clusterName: 'prod' })],
      [{ collection: 'subnetCidrReservations', scope }],
    );
    const policy: CompiledPolicy = {
      ...subnetPolicy,
      requires: new Set([...subnetPolicy.requires, 'subnetCidrReservations']),
    };

    // Act
    const { results } = evaluate(input, [policy], { now: NOW });

    // Assess
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['a', status],
    ]);
  });

  // Every scope shape lib/collect records, against the resources it must and
  // must not reach.
  it.each([
    // addons: DescribeAddon of one cluster.
    [
      'addons',
      { clusterName: 'prod', resourceId: 'vpc-cni' },
      { kind: 'cluster', id: 'prod', name: 'prod' },
      true,
    ],
    [
      'addons',
      { clusterName: 'prod', resourceId: 'vpc-cni' },
      { kind: 'cluster', id: 'dev', name: 'dev' },
      false,
    ],
    [
      'addons',
      { clusterName: 'prod', resourceId: 'vpc-cni' },
      { kind: 'nodegroup', id: 'prod/ng', name: 'ng', clusterName: 'prod' },
      true,
    ],
    // clusters: DescribeCluster of one cluster.
    [
      'clusters',
      { clusterName: 'prod', resourceId: 'prod' },
      { kind: 'cluster', id: 'prod', name: 'prod' },
      true,
    ],
    [
      'clusters',
      { clusterName: 'prod', resourceId: 'prod' },
      { kind: 'cluster', id: 'dev', name: 'dev' },
      false,
    ],
    [
      'clusters',
      { clusterName: 'prod', resourceId: 'prod' },
      {
        kind: 'subnet',
        id: 'subnet-1',
        name: 'subnet-1',
        clusterName: 'dev,prod',
      },
      true,
    ],
    // nodegroups / fargateProfiles: the listing, then one describe per name.
    [
      'nodegroups',
      { clusterName: 'prod' },
      { kind: 'cluster', id: 'prod', name: 'prod' },
      true,
    ],
    [
      'nodegroups',
      { clusterName: 'prod', resourceId: 'ng-1' },
      { kind: 'cluster', id: 'prod', name: 'prod' },
      true,
    ],
    [
      'nodegroups',
      { clusterName: 'prod', resourceId: 'ng-1' },
      { kind: 'cluster', id: 'dev', name: 'dev' },
      false,
    ],
    [
      'nodegroups',
      { clusterName: 'prod', resourceId: 'ng-1' },
      { kind: 'nodegroup', id: 'prod/ng-1', name: 'ng-1', clusterName: 'prod' },
      true,
    ],
    [
      'nodegroups',
      { clusterName: 'prod', resourceId: 'ng-1' },
      { kind: 'nodegroup', id: 'prod/ng-2', name: 'ng-2', clusterName: 'prod' },
      false,
    ],
    [
      'fargateProfiles',
      { clusterName: 'prod', resourceId: 'fp' },
      { kind: 'cluster', id: 'prod', name: 'prod' },
      true,
    ],
    [
      'fargateProfiles',
      { clusterName: 'prod', resourceId: 'fp' },
      {
        kind: 'fargateProfile',
        id: 'prod/other',
        name: 'other',
        clusterName: 'prod',
      },
      false,
    ],
    // vpcAttributes: DescribeVpcAttribute of one attribute of one VPC.
    [
      'vpcAttributes',
      { vpcId: 'vpc-1', resourceId: 'enableDnsSupport' },
      { kind: 'vpc', id: 'vpc-1', name: 'vpc-1' },
      true,
    ],
    [
      'vpcAttributes',
      { vpcId: 'vpc-1', resourceId: 'enableDnsSupport' },
      { kind: 'vpc', id: 'vpc-2', name: 'vpc-2' },
      false,
    ],
    [
      'vpcAttributes',
      { vpcId: 'vpc-1', resourceId: 'enableDnsSupport' },
      { kind: 'subnet', id: 'subnet-1', name: 'subnet-1', vpcId: 'vpc-1' },
      true,
    ],
    // VPC-scoped EC2 listings.
    [
      'subnets',
      { vpcId: 'vpc-1' },
      { kind: 'vpc', id: 'vpc-1', name: 'vpc-1' },
      true,
    ],
    [
      'subnets',
      { vpcId: 'vpc-1' },
      { kind: 'subnet', id: 'subnet-1', name: 'subnet-1', vpcId: 'vpc-2' },
      false,
    ],
    [
      'subnets',
      { vpcId: 'vpc-1' },
      { kind: 'cluster', id: 'prod', name: 'prod' },
      true,
    ],
    // subnetCidrReservations: one subnet.
    [
      'subnetCidrReservations',
      { resourceId: 'subnet-1' },
      { kind: 'subnet', id: 'subnet-1', name: 'subnet-1', vpcId: 'vpc-1' },
      true,
    ],
    [
      'subnetCidrReservations',
      { resourceId: 'subnet-1' },
      { kind: 'subnet', id: 'subnet-2', name: 'subnet-2', vpcId: 'vpc-1' },
      false,
    ],
    [
      'subnetCidrReservations',
      { resourceId: 'subnet-1' },
      { kind: 'cluster', id: 'prod', name: 'prod' },
      true,
    ],
  ] as const)(
    'matches a %s gap scoped to %j against %j: %s',
    (collection, scope, resource, applies) => {
      // Prepare
      const gap = {
        collection,
        api: 'Api',
        iamAction: 'svc:Api',
        errorCode: 'AccessDenied',
        message: 'denied',
        scope,
      } as Gap;

      // Act
      const result = gapApplies(gap, resource as unknown as FactsBase);

      // Assess
      expect(result).toBe(applies);
    },
  );

  it('reports the add-on rule of the cluster whose vpc-cni add-on could not be read as unknown, and only that cluster', () => {
    // Prepare
    const input = facts(
      [],
      [
        {
          collection: 'addons',
          api: 'DescribeAddon',
          iamAction: 'eks:DescribeAddon',
          errorCode: 'AccessDeniedException',
          scope: { clusterName: 'prod', resourceId: 'vpc-cni' },
        },
      ],
      [
        { id: 'prod', cniEnv: { WARM_IP_TARGET: '1' } },
        { id: 'dev', cniEnv: { WARM_IP_TARGET: '1' } },
      ],
    );

    // Act
    const { results } = evaluate(input, [clusterPolicy], { now: NOW });

    // Assess
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['dev', 'pass'],
      ['prod', 'unknown'],
    ]);
    expect(results[1]?.message).toContain(
      'DescribeAddon failed with AccessDeniedException (needs eks:DescribeAddon)',
    );
  });

  it('emits one unknown placeholder per policy and scope when the kind source collection sits in a gap', () => {
    // Prepare
    const input = facts(
      [subnet('subnet-x', 50, { vpcId: 'vpc-2' })],
      [
        {
          collection: 'subnets',
          api: 'DescribeSubnets',
          scope: { vpcId: 'vpc-1' },
        },
        {
          collection: 'subnets',
          api: 'DescribeSubnets',
          errorCode: 'Throttling',
          scope: { vpcId: 'vpc-1' },
        },
        {
          collection: 'subnets',
          api: 'DescribeSubnets',
          scope: { resourceId: 'subnet-x' },
        },
      ],
    );

    // Act
    const { results } = evaluate(input, [subnetPolicy], { now: NOW });

    // Assess
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['subnet-x', 'unknown'],
      ['vpc/vpc-1/*', 'unknown'],
    ]);
    expect(results[1]?.message).toMatch(
      /every subnet in vpc\/vpc-1\/\* in 111111111111\/us-east-1 was seen: .*AccessDenied.*; .*Throttling/,
    );
  });

  it('names a placeholder after the cluster and records the cluster name', () => {
    // Prepare
    const input = facts(
      [],
      [{ collection: 'clusters', scope: { clusterName: 'prod' } }],
    );

    // Act
    const { results } = evaluate(input, [clusterPolicy], { now: NOW });

    // Assess
    expect(results.map((r) => [r.resourceId, r.clusterName, r.status])).toEqual(
      [['cluster/prod/*', 'prod', 'unknown']],
    );
  });

  it('uses params with account over OU over defaults over the policy default', () => {
    // Prepare
    const input = facts([subnet('a', 25)]);
    const params = {
      defaults: { 'NET-TST-010': { minFreePercent: 20 } },
      ous: {
        'ou-root-aaaa1111': { 'NET-TST-010': { minFreePercent: 50 } },
        'ou-root-bbbb2222': { 'NET-TST-010': { minFreePercent: 30 } },
      },
      accounts: { '111111111111': { 'NET-TST-010': { minFreePercent: 24 } } },
    };
    const run = (p: object, accountOus: string[] = []) =>
      evaluate(input, [subnetPolicy], { now: NOW, params: p, accountOus })
        .results[0]?.message;

    // Act & Assess
    expect(run({})).toMatch(/25 % free\.$/);
    expect(run({ defaults: params.defaults })).toMatch(/25 % free\.$/);
    expect(
      run({ defaults: params.defaults, ous: params.ous }, [
        'ou-root-aaaa1111',
        'ou-root-bbbb2222',
      ]),
    ).toMatch(/below 30 %\.$/);
    expect(run(params, ['ou-root-aaaa1111'])).toMatch(/25 % free\.$/);
  });

  it('attaches a matching waiver to a failing result, keeps it failing and reports its use', () => {
    // Prepare
    const input = facts([subnet('subnet-low', 2), subnet('subnet-ok', 50)]);
    const used = waiver();
    const otherAccount = waiver({
      resource: 'subnet-low',
      accounts: ['222222222222'],
    });
    const passing = waiver({ resource: 'subnet-ok' });

    // Act
    const output = evaluate(input, [subnetPolicy], {
      now: NOW,
      waivers: { active: [used, otherAccount, passing], expired: [] },
    });

    // Assess
    expect(
      output.results.map((r) => [r.resourceId, r.status, r.waiver]),
    ).toEqual([
      [
        'subnet-low',
        'fail',
        {
          reason: 'migration in progress',
          owner: 'team-net',
          expires: '2026-12-30',
        },
      ],
      ['subnet-ok', 'pass', undefined],
    ]);
    expect(output.counts).toEqual({
      total: 2,
      pass: 1,
      fail: 1,
      unknown: 0,
      skip: 0,
      waived: 1,
    });
    expect(output.waivers.used).toEqual([{ ...used.waiver, results: 1 }]);
    expect(output.waivers.expired).toEqual([]);
  });

  it('never applies a waiver that has expired by the evaluation time and reports it', () => {
    // Prepare
    const stale = waiver({}, Date.parse('2026-05-01T00:00:00Z'));
    const expiredAtLoad = waiver({ resource: 'subnet-other' }, 0);

    // Act
    const output = evaluate(facts([subnet('subnet-low', 2)]), [subnetPolicy], {
      now: NOW,
      waivers: { active: [stale], expired: [expiredAtLoad] },
    });

    // Assess
    expect(output.results[0]?.waiver).toBeUndefined();
    expect(output.counts.waived).toBe(0);
    expect(output.waivers.used).toEqual([]);
    expect(output.waivers.expired).toEqual([
      stale.waiver,
      expiredAtLoad.waiver,
    ]);
  });

  it('sorts results by rule and resource id and gives byte-identical output for the same input', () => {
    // Prepare
    const input = facts(
      [subnet('subnet-c', 1), subnet('subnet-a', 50), subnet('subnet-b', 5)],
      [],
      [{ id: 'prod', cniEnv: { WARM_IP_TARGET: '1' } }],
    );
    const reversed = [...policies].reverse();

    // Act
    const first = JSON.stringify(evaluate(input, policies, { now: NOW }));
    const second = JSON.stringify(
      evaluate(structuredClone(input), reversed, { now: NOW }),
    );

    // Assess
    expect(second).toBe(first);
    const results = JSON.parse(first).results as {
      ruleId: string;
      resourceId: string;
    }[];
    expect(results.map((r) => `${r.ruleId} ${r.resourceId}`)).toEqual([
      'NET-TST-010 subnet-a',
      'NET-TST-010 subnet-b',
      'NET-TST-010 subnet-c',
      'NET-TST-011 prod',
    ]);
  });

  it('gives a result the same id in every scan and a different id per resource', () => {
    // Act
    const [a] = evaluate(facts([subnet('a', 1)]), [subnetPolicy], {
      now: NOW,
    }).results;
    const [again] = evaluate(facts([subnet('a', 90)]), [subnetPolicy], {
      now: new Date(0),
    }).results;
    const [b] = evaluate(facts([subnet('b', 1)]), [subnetPolicy], {
      now: NOW,
    }).results;

    // Assess
    expect(again?.id).toBe(a?.id);
    expect(b?.id).not.toBe(a?.id);
  });

  it('rejects an unknown option key instead of ignoring it', () => {
    // Act & Assess
    expect(() =>
      evaluate(facts([]), [subnetPolicy], { now: NOW, waiver: [] } as never),
    ).toThrow(/^evaluate: unknown option 'waiver' \(known: now, params/);
  });

  it('derives facts when given a snapshot', () => {
    // Prepare
    const snapshot = {
      schemaVersion: 1,
      scanId: 'scan-9',
      target: { accountId: '222222222222', region: 'eu-west-1' },
      collectedAt: '2026-06-01T00:00:00Z',
      gaps: [
        {
          collection: 'clusters',
          api: 'ListClusters',
          iamAction: 'eks:ListClusters',
          errorCode: 'AccessDeniedException',
          message: 'denied',
        },
      ],
      stats: { apiCalls: 1, callsByAction: {}, durationMs: 1 },
    } as unknown as Snapshot;

    // Act
    const { results } = evaluate(snapshot, [clusterPolicy], { now: NOW });

    // Assess
    expect(
      results.map((r) => [
        r.scanId,
        r.accountId,
        r.region,
        r.resourceId,
        r.status,
      ]),
    ).toEqual([['scan-9', '222222222222', 'eu-west-1', '*', 'unknown']]);
    expect(results[0]?.message).toContain('eks:ListClusters');
  });
});

describe('evaluate against the example policies', () => {
  it('evaluates the bundled example policies of every feature', async () => {
    // Prepare
    const root = fileURLToPath(new URL('../../../policies/', import.meta.url));
    const { policies: examples } = await loadPolicies([
      join(root, 'endpoint', 'NET-EP-001'),
      join(root, 'observability', 'NET-OBS-001'),
    ]);
    const input = buildTestFacts({
      facts: {
        cluster: [
          {
            id: 'prod',
            endpointPublicAccess: true,
            endpointPrivateAccess: false,
            publicAccessCidrs: ['::/0'],
            loggingEnabledTypes: ['audit'],
          },
        ] as never,
      },
    });

    // Act
    const { results } = evaluate(input, examples, { now: NOW });

    // Assess
    expect(results.map((r) => [r.ruleId, r.status, r.severity])).toEqual([
      ['NET-EP-001', 'fail', 'high'],
      ['NET-OBS-001', 'fail', 'low'],
    ]);
  });
});
