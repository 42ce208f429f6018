import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateVpcCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFactory } from '../../../lib/aws/clientFactory.js';
import { roleArnFor } from '../../../lib/aws/credentials.js';
import { CollectionError } from '../../../lib/errors.js';
import { interceptingHandler, queryError } from '../../helpers/httpHandlers.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../../helpers/moto.js';

const MANAGEMENT = '123456789012';
const MEMBER = '222233334444';
const DENIED = '555566667777';

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMoto();
});

afterAll(async () => {
  await moto.stop();
});

const memberTarget = (accountId: string, region = 'us-east-1') => ({
  accountId,
  region,
  roleArn: roleArnFor('aws', accountId, 'Scanner'),
});

const vpcCidrs = async (
  ec2: ReturnType<ReturnType<typeof createClientFactory>['clientsFor']>['ec2'],
): Promise<string[]> =>
  ((await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).map(
    (vpc) => vpc.CidrBlock ?? '',
  );

describe('createClientFactory', () => {
  it('acts in the member account with the assumed-role credentials', async () => {
    // Prepare
    const factory = createClientFactory({
      endpoint: moto.endpoint,
      credentials: testCredentials.credentials,
      scanId: 'test-scan',
    });
    const member = factory.clientsFor(memberTarget(MEMBER));
    const management = factory.clientsFor({
      accountId: MANAGEMENT,
      region: 'us-east-1',
    });

    // Act
    await member.ec2.send(new CreateVpcCommand({ CidrBlock: '10.77.0.0/16' }));

    // Assess
    expect(await vpcCidrs(member.ec2)).toContain('10.77.0.0/16');
    expect(await vpcCidrs(management.ec2)).not.toContain('10.77.0.0/16');
  });

  it('assumes the role once per account and reuses it in every region', async () => {
    // Prepare
    const { handler, requests } = interceptingHandler(() => undefined);
    const factory = createClientFactory({
      endpoint: moto.endpoint,
      credentials: testCredentials.credentials,
      requestHandler: handler,
      scanId: '2026-11-26T10-38-02Z-3fa1',
      externalId: 'ext-id-42',
    });

    // Act
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
      const { ec2 } = factory.clientsFor(memberTarget(MEMBER, region));
      await Promise.all([vpcCidrs(ec2), vpcCidrs(ec2)]);
    }

    // Assess
    const assumes = requests.filter((r) => r.action === 'AssumeRole');
    expect(assumes).toHaveLength(1);
    const params = new URLSearchParams(assumes[0]?.body);
    expect(params.get('RoleArn')).toBe(`arn:aws:iam::${MEMBER}:role/Scanner`);
    expect(params.get('RoleSessionName')).toBe(
      'eks-netscan-2026-11-26T10-38-02Z-3fa1',
    );
    expect(params.get('ExternalId')).toBe('ext-id-42');
    expect(params.get('DurationSeconds')).toBe('3600');
    expect(factory.scanCounter.byAction()).toEqual({
      'ec2:DescribeVpcs': 6,
      'sts:AssumeRole': 1,
    });
  });

  it('reports a denied AssumeRole as a CollectionError with the code and the account, once', async () => {
    // Prepare
    const { handler, requests } = interceptingHandler((r) =>
      r.action === 'AssumeRole' && r.body.includes(DENIED)
        ? { status: 403, body: queryError('AccessDenied', 'not authorized') }
        : undefined,
    );
    const factory = createClientFactory({
      endpoint: moto.endpoint,
      credentials: testCredentials.credentials,
      requestHandler: handler,
    });

    // Act
    const first = await factory
      .resolveCredentials(memberTarget(DENIED))
      .catch((error: unknown) => error);
    const second = await factory
      .resolveCredentials(memberTarget(DENIED, 'eu-west-1'))
      .catch((error: unknown) => error);
    const other = await factory.resolveCredentials(memberTarget(MEMBER));

    // Assess
    expect(first).toBeInstanceOf(CollectionError);
    expect(first).toMatchObject({
      accountId: DENIED,
      api: 'AssumeRole',
      errorCode: 'AccessDenied',
    });
    expect(second).toBe(first);
    expect(other.accessKeyId).toBeTruthy();
    expect(requests.filter((r) => r.action === 'AssumeRole')).toHaveLength(2);
  });

  it('identifies the caller once, from the caller credentials', async () => {
    // Prepare
    const { handler, requests } = interceptingHandler(() => undefined);
    const factory = createClientFactory({
      endpoint: moto.endpoint,
      credentials: testCredentials.credentials,
      requestHandler: handler,
    });

    // Act
    const [a, b] = await Promise.all([
      factory.callerIdentity(),
      factory.callerIdentity(),
    ]);

    // Assess
    expect(a).toEqual(b);
    expect(a).toMatchObject({ accountId: MANAGEMENT, partition: 'aws' });
    expect(requests.map((r) => r.action)).toEqual(['GetCallerIdentity']);
  });

  it.each([
    { AWS_ENDPOINT_URL: 'moto' },
    { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_STS: 'moto' },
  ])(
    'honours the endpoint environment variables %j when no endpoint option is given',
    async (vars) => {
      // Prepare
      const saved = {
        AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL,
        AWS_ENDPOINT_URL_STS: process.env.AWS_ENDPOINT_URL_STS,
      };
      for (const [key, value] of Object.entries(vars)) {
        process.env[key] = value === 'moto' ? moto.endpoint : value;
      }
      try {
        const factory = createClientFactory({
          credentials: testCredentials.credentials,
        });

        // Act
        const identity = await factory.callerIdentity();

        // Assess
        expect(identity.accountId).toBe(MANAGEMENT);
      } finally {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
    },
  );

  it('signs with the named profile’s credentials when a profile is given', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'profile-'));
    const saved = {
      credentials: process.env.AWS_SHARED_CREDENTIALS_FILE,
      config: process.env.AWS_CONFIG_FILE,
    };
    await writeFile(
      join(dir, 'credentials'),
      '[default]\naws_access_key_id = AKIADEFAULTDEFAULT\naws_secret_access_key = x\n[audit]\naws_access_key_id = AKIAPROFILEAUDIT\naws_secret_access_key = y\n',
    );
    await writeFile(join(dir, 'config'), '[default]\nregion = us-east-1\n');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    const { handler, requests } = interceptingHandler(() => undefined);
    try {
      const factory = createClientFactory({
        endpoint: moto.endpoint,
        profile: 'audit',
        requestHandler: handler,
      });

      // Act
      await factory.callerIdentity();

      // Assess
      expect(requests.map((r) => r.accessKeyId)).toEqual(['AKIAPROFILEAUDIT']);
    } finally {
      for (const [key, value] of [
        ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials],
        ['AWS_CONFIG_FILE', saved.config],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives up on a hanging response with a TimeoutError after the retries and frees its slot', async () => {
    // Prepare
    let received = 0;
    const server = createServer(() => {
      received += 1;
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const factory = createClientFactory({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: testCredentials.credentials,
      requestTimeoutMs: 150,
      retryStrategy: new ConfiguredRetryStrategy(2, () => 0),
    });
    const { ec2 } = factory.clientsFor({
      accountId: MEMBER,
      region: 'us-east-1',
    });

    try {
      // Act
      const error = await ec2
        .send(new DescribeVpcsCommand({}))
        .catch((e: unknown) => e);

      // Assess
      expect((error as Error).name).toBe('TimeoutError');
      expect(received).toBe(2);
      expect(factory.limiter.inFlight(MEMBER)).toBe(0);
    } finally {
      ec2.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('rejects an unknown option, which is usually a typo', () => {
    // Act + Assess
    expect(() =>
      createClientFactory({ maxAttempt: 5 } as unknown as Parameters<
        typeof createClientFactory
      >[0]),
    ).toThrow('createClientFactory: unknown option maxAttempt');
  });
});
