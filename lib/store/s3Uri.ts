/**
 * Parses `s3://bucket/prefix` locations given on the command line or in the
 * Lambda environment.
 *
 * @module
 */
import { ConfigError } from '../errors.js';

/** A bucket and a key prefix (empty, or ending in `/`). */
interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

// S3 bucket naming rules (general purpose buckets): 3-63 characters,
// lowercase letters, digits, dots and hyphens, starting and ending with a
// letter or digit, no "..", not an IP address.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;

/**
 * Parses an S3 URI. The prefix is normalised to end in `/` (or be empty), so
 * `s3://b/scans` and `s3://b/scans/` address the same tree.
 *
 * @param uri - e.g. `s3://my-bucket/eks-netscan`.
 * @param flag - Named in the error message.
 * @default flag '--s3'
 * @throws ConfigError with one line naming the flag and the expected form.
 * @example
 * parseS3Uri('s3://reports/eks'); // { bucket: 'reports', prefix: 'eks/' }
 */
const parseS3Uri = (uri: string, flag = '--s3'): S3Location => {
  const fail = (why: string): never => {
    throw new ConfigError(
      `${flag}: ${JSON.stringify(uri)} is not an S3 location (${why}); expected s3://bucket/prefix`,
    );
  };
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(uri);
  if (!match) return fail('it must start with s3://');
  const bucket = match[1] ?? '';
  const rawPrefix = match[2] ?? '';
  if (
    !BUCKET.test(bucket) ||
    bucket.includes('..') ||
    IP_ADDRESS.test(bucket)
  ) {
    return fail(`"${bucket}" is not a valid bucket name`);
  }
  const parts = rawPrefix.split('/').filter((part) => part !== '');
  if (rawPrefix.includes('//') || rawPrefix.startsWith('/')) {
    return fail('the prefix has an empty path segment');
  }
  if (parts.some((part) => part === '.' || part === '..')) {
    return fail('the prefix may not contain . or .. segments');
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (/[\u0000-\u001f\u007f\\]/.test(rawPrefix)) {
    return fail('the prefix contains control characters or backslashes');
  }
  return { bucket, prefix: parts.length > 0 ? `${parts.join('/')}/` : '' };
};

export type { S3Location };
export { parseS3Uri };
