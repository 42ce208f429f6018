import { describe, expect, it } from 'vitest';
import { toAsff, toOcsf } from '../../../lib/findings/ocsf.js';
import { makeResult } from '../../helpers/results.js';

const options = {
  now: new Date('2026-11-26T06:00:00Z'),
  productVersion: '0.1.0',
  compliance: (ruleId: string) =>
    ruleId === 'NET-EP-001' ? { 'aws-fsbp': ['EKS.1'] } : undefined,
};

describe('toOcsf', () => {
  it('maps a failing result to an OCSF Compliance Finding', () => {
    // Act
    const finding = toOcsf(makeResult(), options);

    // Assess
    expect(finding).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      type_uid: 200301,
      severity_id: 4,
      severity: 'High',
      status: 'New',
      time: Date.parse('2026-11-26T06:00:00Z'),
      compliance: {
        control: 'NET-EP-001',
        status_id: 3,
        status: 'Fail',
        requirements: ['aws-fsbp:EKS.1'],
      },
      cloud: {
        provider: 'AWS',
        region: 'us-east-1',
        account: { uid: '111111111111' },
      },
    });
    expect(finding).toMatchObject({
      resources: [{ uid: 'prod', type: 'cluster', cloud_partition: 'aws' }],
    });
  });

  it.each([
    ['unknown', 0, 'Unknown'],
    ['pass', 1, 'Pass'],
  ] as const)(
    'keeps a %s result at compliance status %i',
    (status, id, name) => {
      // Act
      const finding = toOcsf(makeResult({ status }), options);

      // Assess
      expect(finding).toMatchObject({
        compliance: { status_id: id, status: name },
      });
    },
  );

  it('marks a waived failure as suppressed', () => {
    // Act
    const finding = toOcsf(
      makeResult({
        waiver: {
          reason: 'accepted',
          owner: 'net-team',
          expires: '2027-01-01',
        },
      }),
      options,
    );

    // Assess
    expect(finding).toMatchObject({ status_id: 3, status: 'Suppressed' });
  });
});

describe('toAsff', () => {
  it('builds a Security Hub finding in the scanned account and partition', () => {
    // Act
    const finding = toAsff(makeResult({ region: 'cn-north-1' }), options);

    // Assess
    expect(finding).toMatchObject({
      SchemaVersion: '2018-10-08',
      AwsAccountId: '111111111111',
      ProductArn:
        'arn:aws-cn:securityhub:cn-north-1:111111111111:product/111111111111/default',
      Severity: { Label: 'HIGH' },
      Compliance: { Status: 'FAILED', RelatedRequirements: ['aws-fsbp EKS.1'] },
      Workflow: { Status: 'NEW' },
      Resources: [
        {
          Type: 'AwsEksCluster',
          Id: 'prod',
          Partition: 'aws-cn',
          Region: 'cn-north-1',
        },
      ],
    });
    expect(JSON.stringify(finding)).toContain('"Description":"Cluster prod');
  });

  it('reports unknown results as not available, never passed', () => {
    // Act
    const finding = toAsff(makeResult({ status: 'unknown' }), options);

    // Assess
    expect(finding).toMatchObject({ Compliance: { Status: 'NOT_AVAILABLE' } });
  });
});
