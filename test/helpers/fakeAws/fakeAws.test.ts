/**
 * The fake AWS transport speaks the wire formats the real SDK parses, counts
 * every call and throttles like EC2.
 */
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { describe, expect, it } from 'vitest';
import { createClientFactory } from '../../../lib/aws/index.js';
import {
  collectSnapshot,
  expectedCallCount,
} from '../../../lib/collect/index.js';
import { createFakeAws } from './index.js';

describe('createFakeAws', () => {
  it('serves a target the real collector reads without gaps, in exactly the planned number of calls', async () => {
    // Prepare
    const fake = createFakeAws({
      accounts: 2,
      shape: { clusters: 2, nodegroupsPerCluster: 2, vpcs: 2, enis: 60 },
    });
    const factory = createClientFactory({
      requestHandler: fake.handler,
      credentials: fake.credentials,
    });
    const accountId = fake.accountIds[1] ?? '';
    const target = {
      accountId,
      region: 'us-east-1',
      roleArn: `arn:aws:iam::${accountId}:role/scanner`,
    };

    // Act
    const snapshot = await collectSnapshot({
      target,
      scanId: 'scan',
      clients: factory.clientsFor(target),
    });

    // Assess
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.clusters?.map((c) => c.name)).toEqual([
      'cluster-00',
      'cluster-01',
    ]);
    expect(snapshot.networkInterfaces).toHaveLength(120);
    expect(snapshot.networkInterfaces?.[0]?.ownerId).toBe(accountId);
    expect(snapshot.instanceTypes?.length).toBe(3);
    const { plan } = fake.model;
    expect(fake.stats.byTarget.get(`${accountId}|us-east-1`)).toBe(
      expectedCallCount({
        clusters: plan.clusters,
        nodegroups: plan.nodegroups,
        fargateProfiles: plan.fargateProfiles,
        vpcs: plan.vpcs,
        instanceTypesToFetch: plan.instanceTypes,
        elb: plan.elb,
      }),
    );
    expect(fake.stats.byAction.get('sts:AssumeRole')).toBe(1);
    factory.destroy();
  });

  it('answers RequestLimitExceeded like EC2 once an action bucket is empty', async () => {
    // Prepare
    const fake = createFakeAws({
      ec2Buckets: { capacity: 2, refillPerSecond: 0.001 },
    });
    const ec2 = new EC2Client({
      region: 'us-east-1',
      credentials: fake.credentials,
      requestHandler: fake.handler,
      retryStrategy: new ConfiguredRetryStrategy(2, () => 0),
    });
    const call = () =>
      ec2.send(
        new DescribeSubnetsCommand({
          Filters: [{ Name: 'vpc-id', Values: ['vpc-00000000'] }],
        }),
      );

    // Act
    await call();
    await call();
    const third = await call().catch((error: unknown) => error);

    // Assess
    expect((third as Error).name).toBe('RequestLimitExceeded');
    expect(
      (third as { $metadata: { httpStatusCode: number } }).$metadata,
    ).toMatchObject({ httpStatusCode: 503, attempts: 2 });
    expect(fake.stats.throttled).toBe(2);
    expect(fake.stats.byAction.get('ec2:DescribeSubnets')).toBe(4);
    expect(fake.maxEc2RatePerSecond().rate).toBe(4);
    ec2.destroy();
  });

  it('denies AssumeRole for the accounts it is told to', async () => {
    // Prepare
    const fake = createFakeAws({ accounts: 2 });
    const denied = fake.accountIds[0] ?? '';
    fake.reset();
    const factory = createClientFactory({
      requestHandler: createFakeAws({
        accounts: 2,
        denyAssumeRole: [denied],
      }).handler,
      credentials: fake.credentials,
    });

    // Act
    const error = await factory
      .resolveCredentials({
        accountId: denied,
        roleArn: `arn:aws:iam::${denied}:role/scanner`,
      })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ errorCode: 'AccessDenied' });
    factory.destroy();
  });
});
