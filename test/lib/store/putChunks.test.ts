import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSinkError } from '../../../lib/errors.js';
import { putChunks, utf8Chunks } from '../../../lib/store/chunks.js';
import { DirStore } from '../../../lib/store/dirStore.js';
import { MirrorStore } from '../../../lib/store/mirrorStore.js';
import { S3Store } from '../../../lib/store/s3Store.js';
import type { ChunkSource, ResultStore } from '../../../lib/store/types.js';
import {
  type CannedResponse,
  cannedHandler,
} from '../../helpers/httpHandlers.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../../helpers/moto.js';

const MIB = 1024 * 1024;
const BUCKET = 'chunk-tests';

let moto: MotoServer;
let client: S3Client;
let root: string;

beforeAll(async () => {
  moto = await startMoto();
  client = new S3Client({
    ...testCredentials,
    endpoint: moto.endpoint,
    forcePathStyle: true,
  });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  root = await mkdtemp(join(tmpdir(), 'putchunks-'));
});

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
  await rm(root, { recursive: true, force: true });
});

/** `count` chunks of `size` bytes, each filled with its index. */
const pattern = (count: number, size: number): Uint8Array[] =>
  Array.from({ length: count }, (_, i) => new Uint8Array(size).fill(i % 251));

/** A source that iterates `chunks` asynchronously, counting iterations. */
const asyncSource = (
  chunks: readonly Uint8Array[],
): ChunkSource & { runs: number } => {
  const source = Object.assign(
    async function* () {
      source.runs += 1;
      for (const chunk of chunks) yield chunk;
    },
    { runs: 0 },
  );
  return source;
};

describe('putChunks', () => {
  it.each([
    { name: 'no chunks', chunks: [] as Uint8Array[] },
    { name: 'one small chunk', chunks: pattern(1, 10) },
    { name: 'many chunks', chunks: pattern(300, 1000) },
  ])(
    'writes the concatenated bytes of $name to a DirStore, leaving no temporary file',
    async ({ name, chunks }) => {
      // Prepare
      const store = new DirStore(root);
      const key = `dir/${name.replace(/ /g, '-')}.bin`;

      // Act
      await putChunks(store, key, asyncSource(chunks));

      // Assess
      expect(new Uint8Array(await readFile(join(root, key)))).toEqual(
        new Uint8Array(Buffer.concat(chunks)),
      );
      expect(
        (await readdir(join(root, 'dir'))).some((f) => f.endsWith('.tmp')),
      ).toBe(false);
    },
  );

  it('leaves the previous file and no temporary file when the source fails', async () => {
    // Prepare
    const store = new DirStore(root);
    await store.put('fail/report.html', Buffer.from('before'));
    const source = async function* () {
      yield Buffer.from('half');
      throw new Error('render failed');
    };

    // Act
    const failure = await putChunks(store, 'fail/report.html', source).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(isSinkError(failure)).toBe(true);
    expect(await readFile(join(root, 'fail/report.html'), 'utf8')).toBe(
      'before',
    );
    expect(await readdir(join(root, 'fail'))).toEqual(['report.html']);
  });

  it('falls back to one put on a store without putChunks', async () => {
    // Prepare
    const written = new Map<string, Uint8Array>();
    const store: ResultStore = {
      put: async (key, body) => {
        written.set(key, body);
      },
      get: async (key) => written.get(key),
      list: async () => [...written.keys()],
    };

    // Act
    await putChunks(store, 'k', () => utf8Chunks(['a', 'é', '', 'c'], 2));

    // Assess
    expect(Buffer.from(written.get('k') ?? []).toString('utf8')).toBe('aéc');
  });

  it.each([
    { name: 'one PutObject below a part', chunks: pattern(3, 1000) },
    { name: 'a multipart upload above a part', chunks: pattern(11, MIB + 7) },
  ])(
    'stores the exact bytes in S3 as $name, encrypted',
    async ({ name, chunks }) => {
      // Prepare
      const store = new S3Store({
        client,
        bucket: BUCKET,
        prefix: 's3/',
        partSize: 5 * MIB,
      });
      const key = `${name.replace(/ /g, '-')}.json`;

      // Act
      await putChunks(store, key, asyncSource(chunks));
      const back = await store.get(key);
      const head = await client.send(
        new HeadObjectCommand({ Bucket: BUCKET, Key: `s3/${key}` }),
      );

      // Assess
      expect(
        Buffer.compare(Buffer.from(back ?? []), Buffer.concat(chunks)),
      ).toBe(0);
      expect(head.ServerSideEncryption).toBe('AES256');
      expect(head.ContentType).toBe('application/json');
    },
  );

  it('aborts the multipart upload when the source fails after a part', async () => {
    // Prepare
    const store = new S3Store({
      client,
      bucket: BUCKET,
      prefix: 'abort/',
      partSize: 5 * MIB,
    });
    const source = async function* () {
      for (const chunk of pattern(6, MIB)) yield chunk;
      throw new Error('render failed');
    };

    // Act
    const failure = await putChunks(store, 'report.html', source).catch(
      (error: unknown) => error,
    );
    const uploads = await client.send(
      new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'abort/' }),
    );

    // Assess
    expect(isSinkError(failure)).toBe(true);
    expect((failure as Error).message).toContain('abort/report.html');
    expect(uploads.Uploads ?? []).toEqual([]);
    expect(await store.get('report.html')).toBeUndefined();
  });

  it('writes every store of a MirrorStore, each iterating the source', async () => {
    // Prepare
    const primary = new S3Store({ client, bucket: BUCKET, prefix: 'mp/' });
    const mirror = new DirStore(join(root, 'mirror'));
    const store = new MirrorStore(primary, mirror);
    const chunks = pattern(4, 100);
    const source = asyncSource(chunks);

    // Act
    await putChunks(store, 'scans/s/reports/report.md', source);

    // Assess
    const expected = Buffer.concat(chunks);
    expect(
      Buffer.compare(
        Buffer.from((await primary.get('scans/s/reports/report.md')) ?? []),
        expected,
      ),
    ).toBe(0);
    expect(
      Buffer.compare(
        await readFile(join(root, 'mirror/scans/s/reports/report.md')),
        expected,
      ),
    ).toBe(0);
    expect(source.runs).toBe(2);
  });

  it('retries a part the SDK gave up on and encrypts the upload where it starts', async () => {
    // Prepare: the SDK tries twice per send; the store sends up to 3 times.
    let partCalls = 0;
    const { handler, requests } = cannedHandler((request): CannedResponse => {
      if (
        request.method === 'POST' &&
        !request.body.includes('CompleteMultipartUpload')
      ) {
        return {
          status: 200,
          body: '<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>',
          headers: { 'content-type': 'application/xml' },
        };
      }
      if (request.method === 'PUT') {
        partCalls += 1;
        return partCalls === 2 || partCalls === 3
          ? {
              status: 503,
              body: '<Error><Code>SlowDown</Code><Message>slow</Message></Error>',
              headers: { 'content-type': 'application/xml' },
            }
          : { status: 200, body: '', headers: { etag: `"e${partCalls}"` } };
      }
      return {
        status: 200,
        body: '<CompleteMultipartUploadResult><ETag>"x"</ETag></CompleteMultipartUploadResult>',
        headers: { 'content-type': 'application/xml' },
      };
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
      partSize: 5 * MIB,
      retryDelayMs: () => 0,
    });

    // Act
    await putChunks(store, 'findings.ocsf.json', asyncSource(pattern(6, MIB)));

    // Assess: part 1 once, part 2 three times (two failed sends), then complete.
    expect(partCalls).toBe(4);
    expect(requests[0]?.headers['x-amz-server-side-encryption']).toBe('AES256');
    expect(requests.at(-1)?.body).toContain(
      '<ETag>&quot;e4&quot;</ETag><PartNumber>2</PartNumber>',
    );
  });
});
