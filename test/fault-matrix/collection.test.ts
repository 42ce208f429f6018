/**
 * Fault matrix, collection side: faults injected at the HTTP layer between
 * the real SDK clients and moto's server while every target of a small
 * organization is scanned. Each case checks that the other targets come out
 * exactly as in a clean run, that the failure is recorded with its reason,
 * that rules whose inputs are missing are `unknown` (never `pass`/`fail`),
 * and the documented exit code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionName } from '../../lib/snapshot/types.js';
import {
  ACCOUNTS,
  comparable,
  createMatrixWorld,
  ec2ErrorBody,
  type Fault,
  type MatrixWorld,
  REGION,
  stsErrorBody,
} from './harness.js';

const VICTIM = ACCOUNTS[1];

interface Case {
  readonly name: string;
  readonly fault: Fault;
  /** Accounts whose snapshots must equal the clean run's. */
  readonly untouched: readonly string[];
  /** What the victim's status says. */
  readonly victimStatus: 'ok' | 'error' | 'untouched';
  readonly errorCode?: string;
  /** Other codes the same fault may surface as (socket-level timing). */
  readonly alsoAccepted?: readonly string[];
  /** Collection the victim's snapshot must have a gap for. */
  readonly gap?: CollectionName;
  readonly exitCode: number;
  /** Least share of the action's attempts that must have been faulted. */
  readonly minShare?: { readonly action: string; readonly share: number };
}

const others = ACCOUNTS.filter((a) => a !== VICTIM);

const cases: Case[] = [
  {
    name: 'AssumeRole denied for one account',
    fault: ({ action, body }) =>
      action === 'sts:AssumeRole' && body.includes(VICTIM)
        ? {
            status: 403,
            body: stsErrorBody('AccessDenied', 'not authorized to assume'),
          }
        : undefined,
    untouched: others,
    victimStatus: 'error',
    errorCode: 'AccessDenied',
    exitCode: 3,
  },
  {
    name: 'AccessDenied on one EC2 action',
    fault: ({ accountId, action }) =>
      accountId === VICTIM && action === 'ec2:DescribeSecurityGroups'
        ? {
            status: 403,
            body: ec2ErrorBody(
              'UnauthorizedOperation',
              'You are not authorized to perform this operation.',
            ),
          }
        : undefined,
    untouched: others,
    victimStatus: 'ok',
    errorCode: 'UnauthorizedOperation',
    gap: 'securityGroups',
    exitCode: 0,
  },
  {
    name: 'a throttling storm on DescribeNetworkInterfaces that retries absorb',
    // The first two attempts of every call (2 in 3 attempts, over 60 %):
    // the third attempt gets through.
    fault: ({ action, attempt }) =>
      action === 'ec2:DescribeNetworkInterfaces' && attempt < 3
        ? {
            status: 503,
            body: ec2ErrorBody(
              'RequestLimitExceeded',
              'Request limit exceeded.',
            ),
          }
        : undefined,
    untouched: ACCOUNTS,
    victimStatus: 'untouched',
    exitCode: 0,
    minShare: { action: 'ec2:DescribeNetworkInterfaces', share: 0.6 },
  },
  {
    name: 'persistent 500s on one EKS action',
    fault: ({ accountId, action }) =>
      accountId === VICTIM && action === 'eks:ListNodegroups'
        ? {
            status: 500,
            json: true,
            errorType: 'ServerException',
            body: JSON.stringify({ message: 'internal failure' }),
          }
        : undefined,
    untouched: others,
    victimStatus: 'ok',
    errorCode: 'ServerException',
    gap: 'nodegroups',
    exitCode: 0,
  },
  {
    // Goes through collect, derive and evaluate: the add-on rules of the
    // victim's clusters must be unknown, never a verdict on the missing add-on.
    name: 'AccessDenied on DescribeAddon',
    fault: ({ accountId, action }) =>
      accountId === VICTIM && action === 'eks:DescribeAddon'
        ? {
            status: 403,
            json: true,
            errorType: 'AccessDeniedException',
            body: JSON.stringify({
              message: 'not authorized to perform: eks:DescribeAddon',
            }),
          }
        : undefined,
    untouched: others,
    victimStatus: 'ok',
    errorCode: 'AccessDeniedException',
    gap: 'addons',
    exitCode: 0,
  },
  {
    name: 'a response that never arrives (client timeout)',
    fault: ({ accountId, action }) =>
      accountId === VICTIM && action === 'ec2:DescribeRouteTables'
        ? 'hang'
        : undefined,
    untouched: others,
    victimStatus: 'ok',
    errorCode: 'TimeoutError',
    // Under load the last attempt's socket may be torn down before the
    // request timer fires; either way the listing is a gap.
    alsoAccepted: ['NetworkError'],
    gap: 'routeTables',
    exitCode: 0,
  },
];

describe('fault matrix: collection faults against moto', () => {
  let world: MatrixWorld;

  beforeAll(async () => {
    world = await createMatrixWorld();
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('has a clean baseline: every target ok with a snapshot and results', () => {
    // Assess
    for (const accountId of ACCOUNTS) {
      expect(world.baseline.statuses.get(accountId)?.status, accountId).toBe(
        'ok',
      );
      expect(world.baseline.snapshots.get(accountId)?.clusters).toHaveLength(1);
      expect(world.baseline.results.get(accountId)?.length).toBeGreaterThan(0);
    }
    expect(world.baseline.exitCode, world.baseline.stderr).toBe(0);
    expect(world.baseline.summary.coverage.failed).toEqual([]);
  });

  it.each(cases)(
    '$name: the other targets are complete and correct, the failure is recorded and its rules are unknown',
    async (c) => {
      // Act
      const run = await world.scan(c.fault);

      // Assess
      expect(
        [...run.injected.values()].reduce((a, b) => a + b, 0),
        c.name,
      ).toBeGreaterThan(0);
      if (c.minShare) {
        const { action, share } = c.minShare;
        expect(
          (run.injected.get(action) ?? 0) / (run.attempts.get(action) ?? 1),
        ).toBeGreaterThanOrEqual(share);
      }
      for (const accountId of c.untouched) {
        expect(run.statuses.get(accountId)?.status, accountId).toBe('ok');
        expect(comparable(run.snapshots.get(accountId)), accountId).toEqual(
          comparable(world.baseline.snapshots.get(accountId)),
        );
        expect(run.results.get(accountId), accountId).toEqual(
          world.baseline.results.get(accountId),
        );
      }
      if (c.victimStatus === 'error') {
        const status = run.statuses.get(VICTIM);
        expect(status).toMatchObject({
          status: 'error',
          errorCode: c.errorCode,
        });
        expect(status?.reason).toMatch(new RegExp(`^${c.errorCode}: .+`));
        expect(run.summary.coverage.failed).toContainEqual({
          accountId: VICTIM,
          region: REGION,
          reason: expect.stringMatching(new RegExp(`^${c.errorCode}: `)),
        });
        // No snapshot, hence no result can claim pass or fail.
        expect(run.snapshots.has(VICTIM)).toBe(false);
        expect(run.results.has(VICTIM)).toBe(false);
      }
      if (c.victimStatus === 'ok' && c.gap) {
        const snapshot = run.snapshots.get(VICTIM);
        const gaps = snapshot?.gaps.filter((g) => g.collection === c.gap) ?? [];
        expect(gaps.length, JSON.stringify(snapshot?.gaps)).toBeGreaterThan(0);
        expect(
          gaps.some((g) =>
            [c.errorCode, ...(c.alsoAccepted ?? [])].includes(g.errorCode),
          ),
          JSON.stringify(gaps),
        ).toBe(true);
        expect(run.statuses.get(VICTIM)?.gaps).toBe(snapshot?.gaps.length);
        const iamAction = gaps[0]?.iamAction ?? '';
        expect(run.summary.coverage.gapsByIamAction).toContainEqual(
          expect.objectContaining({
            iamAction,
            errorCodes: expect.arrayContaining([gaps[0]?.errorCode]),
          }),
        );
        const missing = new Set([c.gap]);
        const affected = new Set(
          world.policies
            .filter((p) => [...p.requires].some((k) => missing.has(k)))
            .map((p) => p.id),
        );
        expect(affected.size).toBeGreaterThan(0);
        const verdicts = (run.results.get(VICTIM) ?? []).filter((r) =>
          affected.has(r.ruleId),
        );
        expect(verdicts.length).toBeGreaterThan(0);
        for (const result of verdicts) {
          expect(
            ['unknown', 'skip'],
            `${result.ruleId} ${result.resourceId} ${result.message}`,
          ).toContain(result.status);
        }
        expect(verdicts.some((r) => r.status === 'unknown')).toBe(true);
      }
      expect(run.exitCode, run.stderr).toBe(c.exitCode);
    },
  );

  // moto answers DescribeAddon with an HTML 404, so every clean run carries
  // an `addons` gap scoped to { clusterName, resourceId: 'vpc-cni' }; the
  // add-on name is no resource id, so the gap must still reach the cluster.
  it('reports the add-on rules of a cluster whose vpc-cni add-on could not be read as unknown', () => {
    // Prepare
    const accountId = ACCOUNTS[0];
    const snapshot = world.baseline.snapshots.get(accountId);
    const addonGaps = snapshot?.gaps.filter((g) => g.collection === 'addons');
    const addonRules = new Set(
      world.policies.filter((p) => p.requires.has('addons')).map((p) => p.id),
    );

    // Act
    const verdicts = (world.baseline.results.get(accountId) ?? []).filter(
      (r) => addonRules.has(r.ruleId) && r.resourceType === 'cluster',
    );

    // Assess
    expect(addonGaps?.length).toBeGreaterThan(0);
    expect(verdicts.length).toBeGreaterThan(0);
    for (const result of verdicts) {
      expect(
        ['unknown', 'skip'],
        `${result.ruleId}: ${result.message}`,
      ).toContain(result.status);
    }
  });
});
