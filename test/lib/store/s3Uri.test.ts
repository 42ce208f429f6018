import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../../lib/errors.js';
import { parseS3Uri } from '../../../lib/store/s3Uri.js';

describe('parseS3Uri', () => {
  it.each([
    { uri: 's3://reports', bucket: 'reports', prefix: '' },
    { uri: 's3://reports/', bucket: 'reports', prefix: '' },
    { uri: 's3://reports/eks', bucket: 'reports', prefix: 'eks/' },
    { uri: 's3://reports/eks/', bucket: 'reports', prefix: 'eks/' },
    {
      uri: 's3://my.reports-1/a/b/c',
      bucket: 'my.reports-1',
      prefix: 'a/b/c/',
    },
  ])(
    'reads $uri as bucket $bucket and prefix "$prefix"',
    ({ uri, bucket, prefix }) => {
      // Act + Assess
      expect(parseS3Uri(uri)).toEqual({ bucket, prefix });
    },
  );

  it.each([
    { uri: 'reports/eks', why: 'it must start with s3://' },
    {
      uri: 'https://reports.s3.amazonaws.com/eks',
      why: 'it must start with s3://',
    },
    { uri: 's3://', why: '"" is not a valid bucket name' },
    { uri: 's3://ab/x', why: '"ab" is not a valid bucket name' },
    { uri: 's3://Reports/x', why: '"Reports" is not a valid bucket name' },
    { uri: 's3://my_bucket/x', why: '"my_bucket" is not a valid bucket name' },
    {
      uri: 's3://my..bucket/x',
      why: '"my..bucket" is not a valid bucket name',
    },
    {
      uri: 's3://192.168.1.1/x',
      why: '"192.168.1.1" is not a valid bucket name',
    },
    { uri: 's3://reports//x', why: 'the prefix has an empty path segment' },
    {
      uri: 's3://reports/a/../b',
      why: 'the prefix may not contain . or .. segments',
    },
    {
      uri: 's3://reports/a\\b',
      why: 'the prefix contains control characters or backslashes',
    },
  ])('rejects $uri with one line: $why', ({ uri, why }) => {
    // Act
    let error: unknown;
    try {
      parseS3Uri(uri, '--s3');
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(isConfigError(error), uri).toBe(true);
    expect((error as Error).message).toBe(
      `--s3: ${JSON.stringify(uri)} is not an S3 location (${why}); expected s3://bucket/prefix`,
    );
  });
});
