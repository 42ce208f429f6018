import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicies } from '../../../lib/engine/loadPolicies.js';
import type { CompiledPolicy } from '../../../lib/engine/types.js';
import { loadWaivers, waiverMatcher } from '../../../lib/engine/waivers.js';
import { isPolicyValidationError } from '../../../lib/errors.js';

const fixture = (name: string) =>
  fileURLToPath(
    new URL(`../../fixtures/policies/waivers/${name}`, import.meta.url),
  );
const ENGINE_POLICIES = fileURLToPath(
  new URL('../../fixtures/policies/engine/', import.meta.url),
);
const NOW = new Date('2026-06-01T00:00:00Z');

let policies: CompiledPolicy[] = [];
beforeAll(async () => {
  ({ policies } = await loadPolicies([ENGINE_POLICIES]));
});

describe('loadWaivers', () => {
  it('splits waivers into active and already expired ones without failing', async () => {
    // Act
    const set = await loadWaivers(fixture('valid.yaml'), {
      now: NOW,
      policies,
    });

    // Assess
    expect(set.active.map((w) => w.waiver.resource)).toEqual([
      'subnet-legacy',
      'arn:aws:ec2:*:111111111111:subnet/subnet-batch-*',
    ]);
    expect(set.expired.map((w) => [w.waiver.rule, w.line])).toEqual([
      ['NET-TST-011', 13],
    ]);
    expect(set.active[0]?.expiresAt).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });

  it('keeps a waiver active through the whole of its expiry day', async () => {
    // Act
    const set = await loadWaivers(fixture('valid.yaml'), {
      now: new Date('2026-07-01T23:59:59Z'),
    });

    // Assess
    expect(set.active).toHaveLength(2);
  });

  it.each([
    ['unknown-rule.yaml', 6, "[1].rule: unknown rule id 'NET-TST-999'"],
    [
      'bad-date.yaml',
      5,
      "[0].expires: '2026-02-30' is not a calendar date (YYYY-MM-DD)",
    ],
    [
      'bad-date-format.yaml',
      5,
      '[0].expires: must match pattern "^\\d{4}-\\d{2}-\\d{2}$"',
    ],
    ['missing-owner.yaml', 1, '[0].owner: is required'],
    ['blank-reason.yaml', 3, '[0].reason: must not be blank'],
  ])(
    'rejects %s with one line naming line %d, the field and the reason',
    async (name, line, reason) => {
      // Act
      const error = await loadWaivers(fixture(name), {
        now: NOW,
        policies,
      }).catch((e) => e);

      // Assess
      expect(isPolicyValidationError(error)).toBe(true);
      expect(error.message).toBe(`${fixture(name)}:${line}: ${reason}`);
    },
  );
});

describe('waiverMatcher', () => {
  it.each([
    ['subnet-1', 'subnet-1', undefined, true],
    ['subnet-1', 'subnet-10', undefined, false],
    [
      'arn:aws:ec2:us-east-1:1:subnet/subnet-1',
      'subnet-1',
      'arn:aws:ec2:us-east-1:1:subnet/subnet-1',
      true,
    ],
    ['subnet-batch-*', 'subnet-batch-7', undefined, true],
    [
      'arn:aws:ec2:*:111111111111:subnet/subnet-batch-*',
      'subnet-batch-7',
      'arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-batch-7',
      true,
    ],
    [
      'arn:aws:ec2:*:111111111111:subnet/subnet-batch-*',
      'subnet-batch-7',
      'arn:aws:ec2:eu-west-1:222222222222:subnet/subnet-batch-7',
      false,
    ],
    ['prod/*', 'prod/ng-1', undefined, true],
  ])(
    'matches pattern %s against id %s / arn %s as %s',
    (pattern, id, arn, expected) => {
      // Act & Assess
      expect(waiverMatcher(pattern)(id, arn)).toBe(expected);
    },
  );
});
