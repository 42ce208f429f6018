/**
 * A {@link ResultStore} in an S3 bucket: the same keys and bytes as
 * `DirStore`, below an optional prefix, encrypted at rest on every write.
 *
 * @module
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { ConfigError, SinkError } from '../errors.js';
import type { ResultStore } from './types.js';

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
}

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
  }

  /** `s3://bucket/prefix` of this store. */
  get uri(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  /** {@inheritDoc ResultStore.put} */
  async put(key: string, body: Uint8Array): Promise<void> {
    const Key = this.#keyOf(key);
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.#putAttempts; attempt += 1) {
      if (attempt > 1) await sleep(this.#retryDelayMs(attempt));
      try {
        await this.#client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key,
            Body: body,
            ContentType: contentTypeOf(key),
            ServerSideEncryption: this.#sse,
            ...(this.#kmsKeyId ? { SSEKMSKeyId: this.#kmsKeyId } : {}),
          }),
        );
        return;
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
