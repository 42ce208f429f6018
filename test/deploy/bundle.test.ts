import { execFile } from 'node:child_process';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltFunction, buildFunctions } from '../../bench/lambda.js';

const run = promisify(execFile);

let dir: string;
let built: BuiltFunction[];

/**
 * Invokes the bundled scanTarget handler in a fresh node process with a
 * store that refuses connections; prints the error it ends with.
 */
const invokeBundle = async (file: string): Promise<string> => {
  const script = join(dir, 'invoke.mjs');
  await writeFile(
    script,
    `const { handler } = await import(${JSON.stringify(`file://${file}`)});
const context = { getRemainingTimeInMillis: () => 600000, functionName: 'scanTarget', awsRequestId: 'r' };
try {
  await handler({ scanId: '2026-11-26T10-38-02Z-3fa1', target: { accountId: '111122223333', region: 'us-east-1' } }, context);
  console.log('RESULT ok');
} catch (error) {
  console.log('RESULT ' + error.name + ': ' + error.message);
}
`,
  );
  const { stdout } = await run(process.execPath, [script], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIATESTTESTTEST',
      AWS_SECRET_ACCESS_KEY: 'test',
      // Loopback port 9 (discard) refuses connections: every call fails fast.
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      EKS_NETSCAN_BUCKET: 'eks-netscan-results',
      EKS_NETSCAN_S3_FORCE_PATH_STYLE: 'true',
    },
    timeout: 60_000,
  });
  return stdout.split('\n').find((line) => line.startsWith('RESULT ')) ?? '';
};

beforeAll(async () => {
  // Prepare: the bundles as serverless.yml's esbuild settings build them
  dir = await mkdtemp(join(tmpdir(), 'eks-netscan-bundle-'));
  built = await buildFunctions(dir);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('function bundles', () => {
  it('builds one ESM bundle per function', () => {
    // Assess
    expect(built.map((fn) => [fn.name, fn.file])).toEqual(
      ['plan', 'scanTarget', 'report', 'scanNow'].map((name) => [
        name,
        join(dir, 'functions', `${name}.mjs`),
      ]),
    );
    for (const fn of built) expect(fn.bytes).toBeGreaterThan(0);
  });

  it('loads the packaged policies/ beside functions/ and gets as far as the store', async () => {
    // Prepare
    const scanTarget = built.find((fn) => fn.name === 'scanTarget');

    // Act
    const result = await invokeBundle(scanTarget?.file ?? '');

    // Assess: the status write failed, so policies loaded before it
    expect(result).toMatch(
      /^RESULT SinkError: cannot write s3:\/\/eks-netscan-results\/scans\/2026-11-26T10-38-02Z-3fa1\/targets\/111122223333\/us-east-1\/status\.json/,
    );
  });

  it('fails naming the policies directory when it is not packaged', async () => {
    // Prepare
    const scanTarget = built.find((fn) => fn.name === 'scanTarget');
    await rename(join(dir, 'policies'), join(dir, 'policies.moved'));

    // Act
    const result = await invokeBundle(scanTarget?.file ?? '');

    // Assess
    await rename(join(dir, 'policies.moved'), join(dir, 'policies'));
    expect(result).toBe(
      `RESULT PolicyValidationError: ${join(dir, 'policies')}: (directory): cannot read: ENOENT`,
    );
  });
});
