import { describe, expect, it } from 'vitest';
import { EventValidationError } from '../../../functions/lib/errors.js';
import { validateEvent } from '../../../functions/lib/validate.js';

const SCAN_ID = '2026-11-26T10-38-02Z-3fa1';
const TARGET = { accountId: '111122223333', region: 'eu-west-1' };

describe('validateEvent', () => {
  it.each([
    ['plan', {}],
    ['plan', { trigger: 'schedule' }],
    [
      'plan',
      {
        accounts: ['111122223333'],
        regions: ['us-east-1', 'eu-west-1'],
        excludeAccounts: ['444455556666'],
      },
    ],
    ['plan', { includeOus: ['ou-ab12-cdef3456'], excludeOus: ['r-ab12'] }],
    ['scanTarget', { scanId: SCAN_ID, target: TARGET }],
    [
      'scanTarget',
      {
        scanId: SCAN_ID,
        target: {
          ...TARGET,
          accountName: 'prod',
          roleArn: 'arn:aws:iam::111122223333:role/EksNetscanReadOnly',
        },
      },
    ],
    ['report', { scanId: SCAN_ID }],
    ['scanNow', { accountId: '111122223333', region: 'us-east-1' }],
    [
      'scanNow',
      {
        accountId: '111122223333',
        region: 'us-east-1',
        clusterName: 'prod-1',
        onlyFailed: true,
      },
    ],
  ] as const)('accepts a valid %s event %j', (name, event) => {
    // Act
    const parsed = validateEvent(name, event);

    // Assess
    expect(parsed).toEqual(event);
  });

  it.each([
    ['report', {}, 'invalid report event: scanId: is required'],
    ['report', { scanId: 42 }, 'scanId: must be string, got number'],
    ['report', { scanId: 'yesterday' }, 'scanId: "yesterday" is not a scan id'],
    ['report', null, '(event): must be object, got null'],
    ['report', [], '(event): must be object, got array'],
    ['report', { scanId: SCAN_ID, scanID: SCAN_ID }, 'scanID: unknown field'],
    ['scanTarget', { scanId: SCAN_ID }, 'target: is required'],
    [
      'scanTarget',
      { scanId: SCAN_ID, target: { region: 'eu-west-1' } },
      'target.accountId: is required',
    ],
    [
      'scanTarget',
      { scanId: SCAN_ID, target: { ...TARGET, accountId: 111122223333 } },
      'target.accountId: must be string, got number',
    ],
    [
      'scanTarget',
      { scanId: SCAN_ID, target: { ...TARGET, accountId: '1111-2222-3333' } },
      'target.accountId: "1111-2222-3333" is not an account id',
    ],
    [
      'scanTarget',
      { scanId: SCAN_ID, target: { ...TARGET, region: 'mars-east-1' } },
      'target.region: "mars-east-1" is not a region',
    ],
    [
      'scanTarget',
      { scanId: SCAN_ID, target: { ...TARGET, region: 'EU_WEST_1' } },
      'target.region: "EU_WEST_1" is not a region',
    ],
    [
      'scanTarget',
      {
        scanId: SCAN_ID,
        target: {
          ...TARGET,
          roleArn: 'arn:aws:iam::999999999999:role/EksNetscanReadOnly',
        },
      },
      'target.roleArn: "arn:aws:iam::999999999999:role/EksNetscanReadOnly" is not a role ARN in account 111122223333',
    ],
    ['scanNow', { region: 'us-east-1' }, 'accountId: is required'],
    [
      'scanNow',
      { accountId: '111122223333', region: 'us-east-1', onlyFailed: 'yes' },
      'onlyFailed: must be boolean, got string',
    ],
    [
      'scanNow',
      { accountId: '111122223333', region: 'us-east-1', clusterName: '../x' },
      'clusterName: "../x" is not a valid value',
    ],
    ['plan', { accounts: '111122223333' }, 'accounts: must be array'],
    ['plan', { accounts: [] }, 'accounts: is empty'],
    [
      'plan',
      { regions: ['us-east-1', 'moon-1'] },
      'regions[1]: "moon-1" is not a region',
    ],
    [
      'plan',
      { includeOus: ['workloads'] },
      'includeOus[0]: "workloads" is not an OU id',
    ],
    ['plan', { acounts: ['111122223333'] }, 'acounts: unknown field'],
  ] as const)(
    'rejects the %s event %j naming the field',
    (name, event, message) => {
      // Act
      const act = (): unknown => validateEvent(name, event);

      // Assess
      expect(act).toThrow(EventValidationError);
      expect(act).toThrow(message);
    },
  );

  it('lists every problem of an event in one message', () => {
    // Act
    const act = (): unknown =>
      validateEvent('scanNow', { accountId: 'abc', region: 'nowhere' });

    // Assess
    expect(act).toThrow(
      'invalid scanNow event: accountId: "abc" is not an account id; use 12 digits such as 111122223333; region: "nowhere" is not a region; use a region name such as us-east-1 or eu-west-1',
    );
  });
});
