import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicies } from '../../../lib/engine/loadPolicies.js';
import {
  buildTestFacts,
  loadPolicyTests,
  type PolicyTestSuite,
  runPolicyTestCase,
} from '../../../lib/engine/policyTests.js';

const DIR = fileURLToPath(
  new URL('../../fixtures/policies/with-tests/', import.meta.url),
);

let suite: PolicyTestSuite;
beforeAll(async () => {
  const { policies } = await loadPolicies([DIR]);
  suite = await loadPolicyTests(policies[0] as never);
});

describe('buildTestFacts', () => {
  it('fills kind, name and the default target, and completes gaps', () => {
    // Act
    const facts = buildTestFacts({
      facts: { subnet: [{ id: 'subnet-1', vpcId: 'vpc-1' }] as never },
      gaps: [{ collection: 'subnets', scope: { vpcId: 'vpc-1' } }],
    });

    // Assess
    expect(facts.target).toEqual({
      accountId: '111111111111',
      region: 'us-east-1',
    });
    expect(facts.resources.subnet).toEqual([
      { kind: 'subnet', name: 'subnet-1', id: 'subnet-1', vpcId: 'vpc-1' },
    ]);
    expect(facts.resources.cluster).toEqual([]);
    expect(facts.gaps).toEqual([
      {
        collection: 'subnets',
        api: 'Describe(subnets)',
        iamAction: 'ec2:Describe(subnets)',
        errorCode: 'AccessDenied',
        message: 'test gap',
        scope: { vpcId: 'vpc-1' },
      },
    ]);
  });
});

describe('runPolicyTestCase', () => {
  it('evaluates a snapshot fixture through derive', async () => {
    // Act
    const outcome = await runPolicyTestCase(suite, suite.cases[0] as never);

    // Assess
    expect(outcome.failures).toEqual([]);
    expect(outcome.ok).toBe(true);
  });

  it('adds the case gaps to a snapshot fixture', async () => {
    // Act
    const outcome = await runPolicyTestCase(suite, suite.cases[1] as never);

    // Assess
    expect(outcome.failures).toEqual([]);
    expect(outcome.results[0]?.status).toBe('unknown');
  });

  it('reports every mismatch as its own sentence', async () => {
    // Act
    const outcome = await runPolicyTestCase(suite, suite.cases[2] as never);

    // Assess
    expect(outcome.ok).toBe(false);
    expect(outcome.failures).toEqual([
      'params.nope is not a parameter of NET-TST-030',
      'dev: expected status pass, got fail — Cluster dev in 222222222222/eu-west-1 lacks the private endpoint.',
      'ghost: no result (results for: dev)',
      'dev: expected severity high, got medium — Cluster dev in 222222222222/eu-west-1 lacks the private endpoint.',
      "dev: expected message containing 'has the private endpoint', got 'Cluster dev in 222222222222/eu-west-1 lacks the private endpoint.'",
    ]);
  });
});
