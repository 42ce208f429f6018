import {
  CreateBucketCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConfigError, isSinkError } from '../../../lib/errors.js';
import { MirrorStore } from '../../../lib/store/mirrorStore.js';
import { S3Store } from '../../../lib/store/s3Store.js';
import { cannedHandler } from '../../helpers/httpHandlers.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../../helpers/moto.js';

let moto: MotoServer;
let client: S3Client;
const BUCKET = 'store-tests';

beforeAll(async () => {
  moto = await startMoto();
  client = new S3Client({
    ...testCredentials,
    endpoint: moto.endpoint,
    forcePathStyle: true,
  });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

const s3Error = (code: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code} happened</Message><RequestId>t</RequestId></Error>`;

describe('S3Store', () => {
  it('reads back the exact bytes it wrote, below its prefix', async () => {
    // Prepare
    const store = new S3Store({ client, bucket: BUCKET, prefix: 'a/' });
    const bytes = new Uint8Array([0x1f, 0x8b, 0, 255, 10, 13]);

    // Act
    await store.put('scans/x/targets/1/r/snapshot.json.gz', bytes);
    const back = await store.get('scans/x/targets/1/r/snapshot.json.gz');

    // Assess
    expect(back).toEqual(bytes);
  });

  it('returns undefined for a key that does not exist', async () => {
    // Prepare
    const store = new S3Store({ client, bucket: BUCKET, prefix: 'missing/' });

    // Act + Assess
    expect(await store.get('latest.json')).toBeUndefined();
  });

  it('lists keys relative to its prefix, sorted, across pages', async () => {
    // Prepare
    const store = new S3Store({
      client,
      bucket: BUCKET,
      prefix: 'list/',
      listPageSize: 4,
    });
    const keys = Array.from(
      { length: 11 },
      (_, i) => `scans/s/k-${String(i).padStart(4, '0')}`,
    );
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(
        keys.slice(i, i + 50).map((key) => store.put(key, Buffer.from(key))),
      );
    }
    await store.put('other/x', Buffer.from('x'));

    // Act
    const listed = await store.list('scans/');

    // Assess
    expect(listed).toEqual(keys);
  });

  it.each([
    { options: {}, sse: 'AES256', kms: undefined },
    {
      options: {
        serverSideEncryption: 'aws:kms' as const,
        kmsKeyId: 'alias/eks-netscan',
      },
      sse: 'aws:kms',
      kms: 'alias/eks-netscan',
    },
  ])('encrypts every object ($sse)', async ({ options, sse, kms }) => {
    // Prepare
    const { handler, requests } = cannedHandler(() => ({
      status: 200,
      body: '',
    }));
    const recording = new S3Client({
      ...testCredentials,
      forcePathStyle: true,
      endpoint: 'http://127.0.0.1:9',
      requestHandler: handler,
    });
    const store = new S3Store({
      client: recording,
      bucket: BUCKET,
      ...options,
    });

    // Act
    await store.put('summary.json', Buffer.from('{}'));

    // Assess
    expect(requests[0]?.headers['x-amz-server-side-encryption']).toBe(sse);
    expect(
      requests[0]?.headers['x-amz-server-side-encryption-aws-kms-key-id'],
    ).toBe(kms);
  });

  it('stores objects moto reports as AES256-encrypted', async () => {
    // Prepare
    const store = new S3Store({ client, bucket: BUCKET, prefix: 'sse/' });

    // Act
    await store.put('report.html', Buffer.from('<p>x</p>'));
    const head = await client.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: 'sse/report.html' }),
    );

    // Assess
    expect(head.ServerSideEncryption).toBe('AES256');
    expect(head.ContentType).toBe('text/html; charset=utf-8');
  });

  it('retries a PutObject the SDK gave up on, then succeeds', async () => {
    // Prepare: the SDK tries twice per send; the store sends up to 3 times.
    let calls = 0;
    const { handler } = cannedHandler(() => {
      calls += 1;
      return calls <= 3
        ? {
            status: 503,
            body: s3Error('SlowDown'),
            headers: { 'content-type': 'application/xml' },
          }
        : { status: 200, body: '' };
    });
    const flaky = new S3Client({
      ...testCredentials,
      forcePathStyle: true,
      endpoint: 'http://127.0.0.1:9',
      requestHandler: handler,
      retryStrategy: new ConfiguredRetryStrategy(2, () => 0),
    });
    const store = new S3Store({
      client: flaky,
      bucket: BUCKET,
      retryDelayMs: () => 0,
    });

    // Act
    await store.put('results.jsonl', Buffer.from('{}\n'));

    // Assess
    expect(calls).toBe(4);
  });

  it('fails with a SinkError naming the object when access is denied, without retrying', async () => {
    // Prepare
    let calls = 0;
    const { handler } = cannedHandler(() => {
      calls += 1;
      return {
        status: 403,
        body: s3Error('AccessDenied'),
        headers: { 'content-type': 'application/xml' },
      };
    });
    const denied = new S3Client({
      ...testCredentials,
      forcePathStyle: true,
      endpoint: 'http://127.0.0.1:9',
      requestHandler: handler,
    });
    const store = new S3Store({
      client: denied,
      bucket: BUCKET,
      prefix: 'p/',
      retryDelayMs: () => 0,
    });

    // Act
    const error = await store
      .put('summary.json', Buffer.from('{}'))
      .catch((e: unknown) => e);

    // Assess
    expect(isSinkError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^cannot write s3:\/\/store-tests\/p\/summary\.json: AccessDenied: /,
    );
    expect(calls).toBe(1);
  });

  it.each([
    {
      options: { prefix: 'no-slash' },
      message: /prefix "no-slash" must be empty or end in \//,
    },
    {
      options: { kmsKeyId: 'alias/x' },
      message: /kmsKeyId needs serverSideEncryption aws:kms/,
    },
  ])('rejects inconsistent options: $message', ({ options, message }) => {
    // Act
    let error: unknown;
    try {
      new S3Store({ client, bucket: BUCKET, ...options });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it.each(['../escape', '/abs', 'a/./b'])('refuses the key %s', async (key) => {
    // Prepare
    const store = new S3Store({ client, bucket: BUCKET });

    // Act + Assess
    await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(
      /store key escapes/,
    );
  });
});

describe('MirrorStore', () => {
  it('writes to every store and reads from the primary', async () => {
    // Prepare
    const primary = new S3Store({ client, bucket: BUCKET, prefix: 'primary/' });
    const mirror = new S3Store({ client, bucket: BUCKET, prefix: 'mirror/' });
    const store = new MirrorStore(primary, mirror);

    // Act
    await store.put('latest.json', Buffer.from('{"scanId":"x"}'));
    await mirror.put('only-in-mirror', Buffer.from('m'));

    // Assess
    expect(
      Buffer.from((await mirror.get('latest.json')) ?? []).toString(),
    ).toBe('{"scanId":"x"}');
    expect(await store.list('')).toEqual(['latest.json']);
    expect(await store.get('only-in-mirror')).toBeUndefined();
  });
});
