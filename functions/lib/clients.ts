/**
 * SDK clients and stores the handlers share across invocations of one
 * Lambda process (built on first use, then reused).
 *
 * @module
 */
import { S3Client } from '@aws-sdk/client-s3';
import { S3Store } from '../../lib/store/s3Store.js';
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
 * The results bucket as a {@link ResultStore} (S3-managed encryption on
 * every object, matching the bucket default).
 */
const resultStore = (
  config: Pick<HandlerConfig, 'bucket' | 's3ForcePathStyle'>,
): ResultStore =>
  new S3Store({ client: s3Client(config), bucket: config.bucket });

export { resultStore, s3Client };
