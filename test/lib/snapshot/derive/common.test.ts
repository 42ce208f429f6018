import { describe, expect, it } from 'vitest';
import {
  ec2Arn,
  endpointShortName,
  isAvailable,
  nameOf,
  partitionOf,
  sortedUnique,
} from '../../../../lib/snapshot/derive/common.js';

describe('sortedUnique', () => {
  it('sorts and de-duplicates any iterable', () => {
    // Prepare
    const cases: [Iterable<string>, string[]][] = [
      [[], []],
      [['b'], ['b']],
      [
        ['b', 'a', 'b'],
        ['a', 'b'],
      ],
      [new Set(['z', 'y']), ['y', 'z']],
    ];

    for (const [input, expected] of cases) {
      // Act
      const result = sortedUnique(input);

      // Assess
      expect(result, JSON.stringify([...input])).toEqual(expected);
    }
  });

  it('returns a copy, never the input list', () => {
    // Prepare
    const input = ['only'];

    // Act
    const result = sortedUnique(input);

    // Assess
    expect(result).not.toBe(input);
  });
});

describe('partitionOf and ec2Arn', () => {
  it('builds ARNs in the partition of the region, with the owner when given', () => {
    // Prepare
    const cases: [string, string | undefined, string][] = [
      [
        'eu-west-1',
        undefined,
        'arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-1',
      ],
      [
        'cn-north-1',
        undefined,
        'arn:aws-cn:ec2:cn-north-1:111122223333:subnet/subnet-1',
      ],
      [
        'us-gov-west-1',
        '444455556666',
        'arn:aws-us-gov:ec2:us-gov-west-1:444455556666:subnet/subnet-1',
      ],
    ];

    for (const [region, owner, expected] of cases) {
      // Act
      const arn = ec2Arn(
        { accountId: '111122223333', region },
        'subnet',
        'subnet-1',
        owner,
      );

      // Assess
      expect(arn, region).toBe(expected);
      expect(arn.split(':')[1], region).toBe(partitionOf(region));
    }
  });
});

describe('nameOf', () => {
  it('uses the Name tag and falls back to the id', () => {
    // Act
    const named = nameOf({ Name: 'prod' }, 'vpc-1');
    const empty = nameOf({ Name: '' }, 'vpc-1');
    const none = nameOf({}, 'vpc-1');

    // Assess
    expect([named, empty, none]).toEqual(['prod', 'vpc-1', 'vpc-1']);
  });
});

describe('endpointShortName', () => {
  it('strips the regional service prefix and keeps other names whole', () => {
    // Prepare
    const cases: [string, string][] = [
      ['com.amazonaws.eu-west-1.ecr.dkr', 'ecr.dkr'],
      ['com.amazonaws.eu-west-1.s3', 's3'],
      ['cn.com.amazonaws.eu-west-1.ecr.api', 'ecr.api'],
      ['com.amazonaws.us-east-1.sts', 'com.amazonaws.us-east-1.sts'],
      [
        'com.amazonaws.vpce.eu-west-1.vpce-svc-1',
        'com.amazonaws.vpce.eu-west-1.vpce-svc-1',
      ],
    ];

    for (const [serviceName, expected] of cases) {
      // Act
      const short = endpointShortName(serviceName, 'eu-west-1');

      // Assess
      expect(short, serviceName).toBe(expected);
    }
  });
});

describe('isAvailable', () => {
  it('compares endpoint states case-insensitively', () => {
    // Act
    const results = [
      'available',
      'Available',
      'AVAILABLE',
      'pending',
      undefined,
    ].map(isAvailable);

    // Assess
    expect(results).toEqual([true, true, true, false, false]);
  });
});
