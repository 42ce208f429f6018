import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicies } from '../../../lib/engine/loadPolicies.js';
import { loadParams, resolveParams } from '../../../lib/engine/params.js';
import type { CompiledPolicy } from '../../../lib/engine/types.js';
import { isPolicyValidationError } from '../../../lib/errors.js';

const fixture = (name: string) =>
  fileURLToPath(
    new URL(`../../fixtures/policies/params/${name}`, import.meta.url),
  );
const ENGINE_POLICIES = fileURLToPath(
  new URL('../../fixtures/policies/engine/', import.meta.url),
);

let policies: CompiledPolicy[] = [];
beforeAll(async () => {
  ({ policies } = await loadPolicies([ENGINE_POLICIES]));
});

describe('loadParams', () => {
  it('reads defaults, OU and account overrides', async () => {
    // Act
    const params = await loadParams(fixture('valid.yaml'), policies);

    // Assess
    expect(params).toEqual({
      defaults: { 'NET-TST-010': { minFreePercent: 20 } },
      ous: { 'ou-abcd-11111111': { 'NET-TST-010': { minFreePercent: 30 } } },
      accounts: { '111111111111': { 'NET-TST-010': { minFreePercent: 40 } } },
    });
  });

  it.each([
    [
      'unknown-rule.yaml',
      4,
      "defaults.NET-NOPE-001: unknown rule id 'NET-NOPE-001'",
    ],
    [
      'unknown-param.yaml',
      4,
      'accounts["111111111111"].NET-TST-010.minFreePercnt: unknown parameter of NET-TST-010 (known: minFreePercent)',
    ],
    [
      'wrong-type.yaml',
      3,
      'defaults.NET-TST-010.minFreePercent: must be double like the policy default, is string',
    ],
    [
      'bad-account.yaml',
      2,
      'accounts["1234"]: is not a valid name (must match pattern "^\\d{12}$")',
    ],
    ['unknown-section.yaml', 1, 'default: is not a known field'],
  ])(
    'rejects %s with one line naming line %d, the field and the reason',
    async (name, line, reason) => {
      // Act
      const error = await loadParams(fixture(name), policies).catch((e) => e);

      // Assess
      expect(isPolicyValidationError(error)).toBe(true);
      expect(error.message).toBe(`${fixture(name)}:${line}: ${reason}`);
    },
  );
});

describe('resolveParams', () => {
  it.each([
    ['no params file', undefined, [], '111111111111', 10],
    [
      'file defaults',
      { defaults: { 'NET-TST-010': { minFreePercent: 20 } } },
      [],
      '111111111111',
      20,
    ],
    [
      'the nearest OU',
      {
        ous: {
          a: { 'NET-TST-010': { minFreePercent: 30 } },
          b: { 'NET-TST-010': { minFreePercent: 35 } },
        },
      },
      ['a', 'b'],
      '111111111111',
      35,
    ],
    [
      'the account',
      {
        defaults: { 'NET-TST-010': { minFreePercent: 20 } },
        accounts: { '111111111111': { 'NET-TST-010': { minFreePercent: 40 } } },
      },
      [],
      '111111111111',
      40,
    ],
    [
      'the defaults for another account',
      {
        defaults: { 'NET-TST-010': { minFreePercent: 20 } },
        accounts: { '222222222222': { 'NET-TST-010': { minFreePercent: 40 } } },
      },
      [],
      '111111111111',
      20,
    ],
  ])('takes the value from %s', (_name, params, ous, account, expected) => {
    // Prepare
    const policy = policies.find(
      (p) => p.id === 'NET-TST-010',
    ) as CompiledPolicy;

    // Act
    const resolved = resolveParams(policy, params, account, ous);

    // Assess
    expect(resolved.minFreePercent).toBe(expected);
  });
});
