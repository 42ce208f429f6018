/**
 * A {@link ResultStore} in an S3 bucket: the same keys and bytes as
 * `DirStore`, below an optional prefix, encrypted at rest on every write.
 *
 * @module
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
  type ServerSideEncryption,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { ConfigError, SinkError } from '../errors.js';
import type { ChunkSource, ResultStore } from './types.js';

/** Options of {@link S3Store}. */
interface S3StoreOptions {
  /** Client to send with; its own retry strategy runs on every call. */
  readonly client: S3Client;
  readonly bucket: string;
  /**
   * Key prefix, empty or ending in `/` (see `parseS3Uri`).
   * @default ''
   */
  readonly prefix?: string;
  /**
   * Server-side encryption of every object.
   * @default 'AES256'
   */
  readonly serverSideEncryption?: 'AES256' | 'aws:kms';
  /** KMS key id or ARN; only with `serverSideEncryption: 'aws:kms'`. */
  readonly kmsKeyId?: string;
  /**
   * Attempts of one PutObject, on top of the SDK's own retries, for errors
   * the SDK gave up on (throttling, 5xx, network). Writes are idempotent
   * (same key, same bytes), so repeating one is safe.
   * @default 3
   */
  readonly putAttempts?: number;
  /**
   * Pause before put attempt `n` (1-based, from the second attempt).
   * @default (n) => 200 * 2 ** (n - 2) ms
   */
  readonly retryDelayMs?: (attempt: number) => number;
  /**
   * Keys per ListObjectsV2 page.
   * @default 1000 (the S3 maximum)
   */
  readonly listPageSize?: number;
  /**
   * Bytes per part of a streamed write (`putChunks`); a body no larger than
   * one part is one PutObject. S3 needs at least 5 MiB per part.
   * @default 8 MiB
   */
  readonly partSize?: number;
}

/** Smallest part S3 accepts (but the last). */
const MIN_PART_SIZE = 5 * 1024 * 1024;

const CONTENT_TYPES: readonly (readonly [string, string])[] = [
  ['.json.gz', 'application/gzip'],
  ['.jsonl', 'application/x-ndjson'],
  ['.json', 'application/json'],
  ['.html', 'text/html; charset=utf-8'],
  ['.md', 'text/markdown; charset=utf-8'],
  ['.txt', 'text/plain; charset=utf-8'],
];

const contentTypeOf = (key: string): string =>
  CONTENT_TYPES.find(([suffix]) => key.endsWith(suffix))?.[1] ??
  'application/octet-stream';

/** Errors worth another PutObject after the SDK's retries gave up. */
const isTransient = (error: unknown): boolean => {
  const e = error as {
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
    name?: string;
  };
  const status = e?.$metadata?.httpStatusCode;
  if (e?.$retryable) return true;
  if (status === undefined) return true;
  return (
    status >= 500 ||
    status === 429 ||
    e.name === 'SlowDown' ||
    e.name === 'RequestTimeout'
  );
};

const codeOf = (error: unknown): string => {
  const e = error as { name?: string; Code?: string; message?: string };
  return e?.Code ?? e?.name ?? 'Unknown';
};

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stores each key as an object `s3://<bucket>/<prefix><key>`. Every
 * PutObject carries `ServerSideEncryption`; a put that still fails after the
 * SDK's and this store's retries is a {@link SinkError} naming the object.
 *
 * @example
 * const { bucket, prefix } = parseS3Uri('s3://reports/eks-netscan');
 * const store = new S3Store({ client: new S3Client({}), bucket, prefix });
 */
class S3Store implements ResultStore {
  readonly bucket: string;
  readonly prefix: string;
  readonly #client: S3Client;
  readonly #sse: ServerSideEncryption;
  readonly #kmsKeyId?: string;
  readonly #putAttempts: number;
  readonly #retryDelayMs: (attempt: number) => number;
  readonly #listPageSize?: number;
  readonly #partSize: number;

  constructor(options: S3StoreOptions) {
    const prefix = options.prefix ?? '';
    if (prefix !== '' && !prefix.endsWith('/')) {
      throw new ConfigError(
        `S3Store: prefix ${JSON.stringify(prefix)} must be empty or end in /`,
      );
    }
    if (options.kmsKeyId && options.serverSideEncryption !== 'aws:kms') {
      throw new ConfigError(
        'S3Store: kmsKeyId needs serverSideEncryption aws:kms',
      );
    }
    this.bucket = options.bucket;
    this.prefix = prefix;
    this.#client = options.client;
    this.#sse = options.serverSideEncryption ?? 'AES256';
    this.#kmsKeyId = options.kmsKeyId;
    this.#putAttempts = Math.max(1, options.putAttempts ?? 3);
    this.#retryDelayMs =
      options.retryDelayMs ?? ((attempt) => 200 * 2 ** (attempt - 2));
    this.#listPageSize = options.listPageSize;
    this.#partSize = Math.max(
      MIN_PART_SIZE,
      options.partSize ?? 8 * 1024 * 1024,
    );
  }

  /** `s3://bucket/prefix` of this store. */
  get uri(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  /** {@inheritDoc ResultStore.put} */
  async put(key: string, body: Uint8Array): Promise<void> {
    const Key = this.#keyOf(key);
    await this.#withRetries(Key, () =>
      this.#client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: body,
          ContentType: contentTypeOf(key),
          ...this.#encryption(),
        }),
      ),
    );
  }

  /**
   * {@inheritDoc ResultStore.putChunks}
   *
   * A body of at most one part is one PutObject; a larger one is a multipart
   * upload of parts of about `partSize` bytes, each request retried like a
   * PutObject, aborted when one still fails. Encryption is set where S3
   * takes it: on the PutObject or on CreateMultipartUpload.
   */
  async putChunks(key: string, source: ChunkSource): Promise<void> {
    const Key = this.#keyOf(key);
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let uploadId: string | undefined;
    const parts: { ETag?: string; PartNumber: number }[] = [];
    const uploadPending = async (): Promise<void> => {
      const body = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      if (uploadId === undefined) {
        const created = await this.#withRetries(Key, () =>
          this.#client.send(
            new CreateMultipartUploadCommand({
              Bucket: this.bucket,
              Key,
              ContentType: contentTypeOf(key),
              ...this.#encryption(),
            }),
          ),
        );
        if (!created.UploadId) {
          throw new SinkError(
            `cannot write s3://${this.bucket}/${Key}: CreateMultipartUpload returned no UploadId`,
          );
        }
        uploadId = created.UploadId;
      }
      const UploadId = uploadId;
      const PartNumber = parts.length + 1;
      const out = await this.#withRetries(Key, () =>
        this.#client.send(
          new UploadPartCommand({
            Bucket: this.bucket,
            Key,
            UploadId,
            PartNumber,
            Body: body,
          }),
        ),
      );
      parts.push({ ETag: out.ETag, PartNumber });
    };
    try {
      for await (const chunk of source()) {
        pending.push(chunk);
        pendingBytes += chunk.byteLength;
        if (pendingBytes >= this.#partSize) await uploadPending();
      }
      if (uploadId === undefined) {
        // Small enough for one request: the same PutObject as `put`.
        const body = Buffer.concat(pending, pendingBytes);
        pending = [];
        await this.put(key, body);
        return;
      }
      if (pendingBytes > 0) await uploadPending();
      const UploadId = uploadId;
      await this.#withRetries(Key, () =>
        this.#client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.bucket,
            Key,
            UploadId,
            MultipartUpload: { Parts: parts },
          }),
        ),
      );
    } catch (error) {
      if (uploadId !== undefined) {
        const UploadId = uploadId;
        // Best effort: the parts of an abandoned upload are billed until then.
        await this.#client
          .send(
            new AbortMultipartUploadCommand({
              Bucket: this.bucket,
              Key,
              UploadId,
            }),
          )
          .catch(() => {});
      }
      if (error instanceof SinkError) throw error;
      throw new SinkError(
        `cannot write s3://${this.bucket}/${Key}: ${(error as Error)?.message ?? String(error)}`,
        { cause: error },
      );
    }
  }

  /** `ServerSideEncryption` (and KMS key) of every write. */
  #encryption(): {
    ServerSideEncryption: ServerSideEncryption;
    SSEKMSKeyId?: string;
  } {
    return {
      ServerSideEncryption: this.#sse,
      ...(this.#kmsKeyId ? { SSEKMSKeyId: this.#kmsKeyId } : {}),
    };
  }

  /**
   * Sends one idempotent write request, repeated on transient errors after
   * the SDK's own retries; a {@link SinkError} naming the object when it
   * still fails.
   */
  async #withRetries<T>(Key: string, send: () => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.#putAttempts; attempt += 1) {
      if (attempt > 1) await sleep(this.#retryDelayMs(attempt));
      try {
        return await send();
      } catch (error) {
        lastError = error;
        if (!isTransient(error)) break;
      }
    }
    throw new SinkError(
      `cannot write s3://${this.bucket}/${Key}: ${codeOf(lastError)}: ${(lastError as Error)?.message ?? String(lastError)}`,
      { cause: lastError },
    );
  }

  /** {@inheritDoc ResultStore.get} */
  async get(key: string): Promise<Uint8Array | undefined> {
    const Key = this.#keyOf(key);
    try {
      const out = await this.#client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key }),
      );
      if (!out.Body) return new Uint8Array();
      return await out.Body.transformToByteArray();
    } catch (error) {
      const code = codeOf(error);
      if (code === 'NoSuchKey' || code === 'NotFound') return undefined;
      throw new SinkError(
        `cannot read s3://${this.bucket}/${Key}: ${code}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** {@inheritDoc ResultStore.list} */
  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      let out: ListObjectsV2CommandOutput;
      try {
        out = await this.#client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: `${this.prefix}${prefix}`,
            ...(token ? { ContinuationToken: token } : {}),
            ...(this.#listPageSize ? { MaxKeys: this.#listPageSize } : {}),
          }),
        );
      } catch (error) {
        throw new SinkError(
          `cannot list s3://${this.bucket}/${this.prefix}${prefix}: ${codeOf(error)}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      for (const object of out.Contents ?? []) {
        if (object.Key) keys.push(object.Key.slice(this.prefix.length));
      }
      const next = out.IsTruncated ? out.NextContinuationToken : undefined;
      // A repeated token would loop forever; stop as the paginators do.
      token = next && next !== token ? next : undefined;
    } while (token);
    return keys.sort();
  }

  #keyOf(key: string): string {
    if (
      key === '' ||
      key.startsWith('/') ||
      key.split('/').some((part) => part === '..' || part === '.')
    ) {
      throw new SinkError(`store key escapes ${this.uri}: ${key}`);
    }
    return `${this.prefix}${key}`;
  }
}

export type { S3StoreOptions };
export { S3Store };
