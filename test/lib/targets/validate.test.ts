import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lib/errors.js';
import {
  splitList,
  validateAccountIds,
  validateExternalId,
  validateOuIds,
  validateRegions,
  validateRoleName,
} from '../../../lib/targets/validate.js';

describe('target input validation', () => {
  const rejected: { name: string; run: () => unknown; message: RegExp }[] = [
    {
      name: 'an 11-digit account id',
      run: () => validateAccountIds('--accounts', ['12345678901']),
      message: /^--accounts: "12345678901" is not an account id; use 12-digit/,
    },
    {
      name: 'an account id with letters',
      run: () => validateAccountIds('--exclude-accounts', ['12345678901a']),
      message: /^--exclude-accounts: /,
    },
    {
      name: 'a region that does not exist',
      run: () => validateRegions('--regions', ['us-east-9']),
      message: /^--regions: unknown region "us-east-9"/,
    },
    {
      name: 'a region in the wrong shape',
      run: () => validateRegions('--regions', ['US_EAST_1']),
      message: /^--regions: unknown region "US_EAST_1"/,
    },
    {
      name: 'an empty region list',
      run: () => validateRegions('--regions', []),
      message: /^--regions: give at least one region/,
    },
    {
      name: 'a role name with a slash',
      run: () => validateRoleName('--role-name', 'path/Role'),
      message: /^--role-name: "path\/Role" is not a valid IAM role name/,
    },
    {
      name: 'a role name longer than 64 characters',
      run: () => validateRoleName('--role-name', 'r'.repeat(65)),
      message: /^--role-name: /,
    },
    {
      name: 'a one-character external id',
      run: () => validateExternalId('--external-id', 'x'),
      message: /^--external-id: the external id must be 2-1224/,
    },
    {
      name: 'an external id with a space',
      run: () => validateExternalId('--external-id', 'a b'),
      message: /^--external-id: /,
    },
    {
      name: 'an OU id without the ou- prefix',
      run: () => validateOuIds('--include-ous', ['ab12-cdef3456']),
      message: /^--include-ous: "ab12-cdef3456" is not an OU id/,
    },
  ];

  it.each(rejected)(
    'rejects $name with one line naming the flag',
    ({ run, message }) => {
      // Act
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }

      // Assess
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    },
  );

  it.each([
    {
      run: () =>
        validateAccountIds('--accounts', ['111122223333', '111122223333']),
      out: ['111122223333'],
    },
    {
      run: () =>
        validateRegions('--regions', [
          'eu-west-1',
          'us-gov-west-1',
          'cn-north-1',
        ]),
      out: ['eu-west-1', 'us-gov-west-1', 'cn-north-1'],
    },
    {
      run: () => validateRoleName('--role-name', 'Eks+Net=scan,ro.@-_'),
      out: 'Eks+Net=scan,ro.@-_',
    },
    {
      run: () => validateExternalId('--external-id', 'a:b/c=d'),
      out: 'a:b/c=d',
    },
    {
      run: () => validateOuIds('--include-ous', ['ou-ab12-cdef3456', 'r-ab12']),
      out: ['ou-ab12-cdef3456', 'r-ab12'],
    },
  ])('accepts valid input ($out)', ({ run, out }) => {
    // Act + Assess
    expect(run()).toEqual(out);
  });

  it('splits comma- and space-separated flag values and drops empties', () => {
    // Act + Assess
    expect(splitList(['a,b', ' c  d,', ''])).toEqual(['a', 'b', 'c', 'd']);
  });
});
