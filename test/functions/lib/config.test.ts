import { describe, expect, it } from 'vitest';
import { readHandlerConfig } from '../../../functions/lib/config.js';
import { ConfigError } from '../../../lib/errors.js';

const BASE = { EKS_NETSCAN_BUCKET: 'eks-netscan-results' };

describe('readHandlerConfig', () => {
  it('reads the defaults from a minimal environment', () => {
    // Act
    const config = readHandlerConfig(BASE);

    // Assess
    expect(config).toEqual({
      bucket: 'eks-netscan-results',
      roleName: 'EksNetscanReadOnly',
      includeOus: [],
      excludeOus: [],
      excludeAccounts: [],
      notifyThreshold: 'high',
      abortReserveMs: 60_000,
      s3ForcePathStyle: false,
    });
  });

  it('reads every variable serverless.yml sets', () => {
    // Act
    const config = readHandlerConfig({
      ...BASE,
      EKS_NETSCAN_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:digest',
      EKS_NETSCAN_ROLE_NAME: 'Scanner',
      EKS_NETSCAN_EXTERNAL_ID: 'ext-123',
      EKS_NETSCAN_REGIONS: 'us-east-1, eu-west-1',
      EKS_NETSCAN_INCLUDE_OUS: 'ou-ab12-cdef3456',
      EKS_NETSCAN_EXCLUDE_OUS: '',
      EKS_NETSCAN_EXCLUDE_ACCOUNTS: '444455556666',
      EKS_NETSCAN_NOTIFY_THRESHOLD: 'ALWAYS',
      EKS_NETSCAN_ABORT_RESERVE_MS: '30000',
    });

    // Assess
    expect(config).toMatchObject({
      topicArn: 'arn:aws:sns:us-east-1:111122223333:digest',
      roleName: 'Scanner',
      externalId: 'ext-123',
      regions: ['us-east-1', 'eu-west-1'],
      includeOus: ['ou-ab12-cdef3456'],
      excludeOus: [],
      excludeAccounts: ['444455556666'],
      notifyThreshold: 'always',
      abortReserveMs: 30_000,
    });
  });

  it.each([
    [{}, 'EKS_NETSCAN_BUCKET: is not set'],
    [
      { EKS_NETSCAN_BUCKET: 'Bad_Bucket' },
      'EKS_NETSCAN_BUCKET: "Bad_Bucket" is not a bucket name',
    ],
    [
      { ...BASE, EKS_NETSCAN_TOPIC_ARN: 'digest' },
      'EKS_NETSCAN_TOPIC_ARN: "digest" is not an SNS topic ARN',
    ],
    [
      { ...BASE, EKS_NETSCAN_NOTIFY_THRESHOLD: 'urgent' },
      'EKS_NETSCAN_NOTIFY_THRESHOLD: "urgent" is not one of always, critical',
    ],
    [
      { ...BASE, EKS_NETSCAN_REGIONS: 'us-east-1,mars-1' },
      'EKS_NETSCAN_REGIONS: unknown region "mars-1"',
    ],
    [
      { ...BASE, EKS_NETSCAN_ROLE_NAME: 'arn:aws:iam::1:role/x' },
      'EKS_NETSCAN_ROLE_NAME:',
    ],
    [
      { ...BASE, EKS_NETSCAN_EXCLUDE_ACCOUNTS: 'prod' },
      'EKS_NETSCAN_EXCLUDE_ACCOUNTS: "prod" is not an account id',
    ],
    [
      { ...BASE, EKS_NETSCAN_ABORT_RESERVE_MS: '1m' },
      'EKS_NETSCAN_ABORT_RESERVE_MS: "1m" is not a whole number',
    ],
  ])('rejects %j naming the variable', (env, message) => {
    // Act
    const act = (): unknown => readHandlerConfig(env);

    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(message);
  });

  it('requires the topic when the caller needs it', () => {
    // Act
    const act = (): unknown => readHandlerConfig(BASE, { topic: true });

    // Assess
    expect(act).toThrow('EKS_NETSCAN_TOPIC_ARN: is not set');
  });
});
