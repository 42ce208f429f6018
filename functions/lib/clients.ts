/**
 * SDK clients and stores the handlers share across invocations of one
 * Lambda process (built on first use, then reused).
 *
 * @module
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SinkError } from '../../lib/errors.js';
import type { ResultStore } from '../../lib/store/types.js';
import type { HandlerConfig } from './config.js';

let s3: S3Client | undefined;
let s3PathStyle: boolean | undefined;

/** The process's S3 client (region and endpoint from the environment). */
const s3Client = (
  config: Pick<HandlerConfig, 's3ForcePathStyle'>,
): S3Client => {
  if (!s3 || s3PathStyle !== config.s3ForcePathStyle) {
    s3?.destroy();
    s3 = new S3Client({ forcePathStyle: config.s3ForcePathStyle });
    s3PathStyle = config.s3ForcePathStyle;
  }
  return s3;
};

/**
 * A {@link ResultStore} over the results bucket with S3-managed encryption
 * on every write.
 */
class BucketStore implements ResultStore {
  readonly bucket: string;
  private readonly client: S3Client;

  constructor(client: S3Client, bucket: string) {
    this.client = client;
    this.bucket = bucket;
  }

  /** {@inheritDoc ResultStore.put} */
  async put(key: string, body: Uint8Array): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ServerSideEncryption: 'AES256',
        }),
      );
    } catch (error) {
      throw new SinkError(
        `cannot write s3://${this.bucket}/${key}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** {@inheritDoc ResultStore.get} */
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      return out.Body ? await out.Body.transformToByteArray() : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw new SinkError(
        `cannot read s3://${this.bucket}/${key}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** {@inheritDoc ResultStore.list} */
  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const out = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            ContinuationToken: token,
          }),
        );
        for (const item of out.Contents ?? []) {
          if (item.Key) keys.push(item.Key);
        }
        token = out.NextContinuationToken;
      } while (token);
    } catch (error) {
      throw new SinkError(
        `cannot list s3://${this.bucket}/${prefix}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return keys.sort();
  }
}

/** The results bucket as a {@link ResultStore}. */
const resultStore = (
  config: Pick<HandlerConfig, 'bucket' | 's3ForcePathStyle'>,
): ResultStore => new BucketStore(s3Client(config), config.bucket);

export { BucketStore, resultStore, s3Client };
