import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../lib/cli/main.js';
import { runSnapshot } from '../../../lib/cli/snapshotCommand.js';
import { parseSnapshotFlags } from '../../../lib/config/snapshotConfig.js';
import type { Snapshot } from '../../../lib/snapshot/types.js';
import { DirStore } from '../../../lib/store/dirStore.js';
import type { TargetStatus } from '../../../lib/store/types.js';
import { interceptingHandler, queryError } from '../../helpers/httpHandlers.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../../helpers/moto.js';
import { createMotoCluster } from '../../helpers/motoCluster.js';

const MANAGEMENT = '123456789012';
const MEMBER = '222233334444';
const DENIED = '555566667777';

const ENV_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

const useEnv = (endpoint: string): void => {
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_ACCESS_KEY_ID = testCredentials.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY =
    testCredentials.credentials.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
};

const restoreEnv = (): void => {
  for (const key of ENV_KEYS) {
    const value = savedEnv[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
};

/** Runs `main` in-process and captures what it writes to stderr. */
const runMain = async (
  argv: string[],
): Promise<{ code: number; stderr: string }> => {
  let stderr = '';
  const spy = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await main(argv), stderr };
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
};

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'snapshot-cli-'));
});

afterAll(async () => {
  restoreEnv();
  await rm(workDir, { recursive: true, force: true });
});

describe('snapshot command input validation', () => {
  let server: Server;
  let requests = 0;

  beforeAll(async () => {
    // Any AWS call would land here: the tests prove none is made.
    server = createServer((_req, res) => {
      requests += 1;
      res.statusCode = 500;
      res.end();
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    useEnv(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    restoreEnv();
    await new Promise((resolve) => server.close(resolve));
  });

  const cases: { name: string; args: string[]; message: RegExp }[] = [
    {
      name: 'an invalid account id',
      args: ['--accounts', '12345'],
      message: /--accounts: "12345" is not an account id/,
    },
    {
      name: 'an unknown region',
      args: ['--regions', 'us-east-1,moon-central-1'],
      message: /--regions: unknown region "moon-central-1"/,
    },
    {
      name: 'a role name with illegal characters',
      args: ['--role-name', 'team/Scanner'],
      message: /--role-name: "team\/Scanner" is not a valid IAM role name/,
    },
    {
      name: 'a too-short external id',
      args: ['--external-id', 'x'],
      message: /--external-id: /,
    },
    {
      name: '--org with --accounts',
      args: ['--org', '--accounts', '111122223333'],
      message: /'--org' cannot be used with option '--accounts/,
    },
    {
      name: '--regions with --all-regions',
      args: ['--regions', 'us-east-1', '--all-regions'],
      message: /'--regions <names>' cannot be used with option '--all-regions'/,
    },
    {
      name: '--include-ous without --org',
      args: ['--include-ous', 'ou-ab12-cdef3456'],
      message: /--include-ous needs --org/,
    },
    {
      name: 'a concurrency that is not a number',
      args: ['--concurrency', 'many'],
      message: /--concurrency: "many" is not a whole number/,
    },
    {
      name: 'an unknown flag',
      args: ['--everything'],
      message: /unknown option '--everything'/,
    },
  ];

  it.each(cases)(
    'rejects $name with one line and exit code 2, scanning nothing',
    async ({ args, message }) => {
      // Prepare
      const out = join(workDir, 'never');

      // Act
      const { code, stderr } = await runMain([
        'snapshot',
        ...args,
        '--out',
        out,
      ]);

      // Assess
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(requests).toBe(0);
      expect(existsSync(out)).toBe(false);
    },
  );

  it('rejects a missing --out with one line and exit code 2', async () => {
    // Act
    const { code, stderr } = await runMain(['snapshot']);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(/required option '--out <dir>' not specified/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(requests).toBe(0);
  });

  it('rejects an --out that cannot be created with exit code 2 before any AWS call', async () => {
    // Prepare
    const file = join(workDir, 'a-file');
    await writeFile(file, 'x');

    // Act
    const { code, stderr } = await runMain([
      'snapshot',
      '--regions',
      'us-east-1',
      '--out',
      join(file, 'sub'),
    ]);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^eks-netscan: --out: cannot create .*a-file\/sub: ENOTDIR\n$/,
    );
    expect(requests).toBe(0);
  });

  it('shows no stack trace to a user of the installed binary', () => {
    // Act
    const result = spawnSync(
      process.execPath,
      ['bin/eks-netscan.js', 'snapshot', '--accounts', 'abc', '--out', workDir],
      { encoding: 'utf8', env: { ...process.env } },
    );

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'eks-netscan: --accounts: "abc" is not an account id; use 12-digit ids such as 111122223333\n',
    );
    expect(requests).toBe(0);
  });

  it('prints the help with exit code 0', () => {
    // Act
    const result = spawnSync(
      process.execPath,
      ['bin/eks-netscan.js', 'snapshot', '--help'],
      { encoding: 'utf8' },
    );

    // Assess
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/--all-regions/);
    expect(result.stdout).toMatch(/--out <dir>/);
  });
});

describe('snapshot command against moto', () => {
  let moto: MotoServer;

  beforeAll(async () => {
    moto = await startMoto();
    await createMotoCluster({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      accountId: MEMBER,
      clusterName: 'member-east',
    });
  });

  afterAll(async () => {
    restoreEnv();
    await moto.stop();
  });

  it('writes snapshot and status per target in the store layout and prints one line per target', async () => {
    // Prepare
    useEnv(moto.endpoint);
    const out = join(workDir, 'e2e');

    // Act
    const { code, stderr } = await runMain([
      'snapshot',
      '--accounts',
      `${MANAGEMENT},${MEMBER}`,
      '--regions',
      'us-east-1,eu-west-1',
      '--role-name',
      'Scanner',
      '--out',
      out,
    ]);

    // Assess
    expect(code).toBe(0);
    const keys = await new DirStore(out).list('scans/');
    const scanId = keys[0]?.split('/')[1] ?? '';
    expect(scanId).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[0-9a-f]{4}$/);
    expect(keys).toEqual(
      [MANAGEMENT, MEMBER].flatMap((account) =>
        ['eu-west-1', 'us-east-1'].flatMap((region) =>
          ['snapshot.json.gz', 'status.json'].map(
            (file) => `scans/${scanId}/targets/${account}/${region}/${file}`,
          ),
        ),
      ),
    );
    const dir = join(out, 'scans', scanId, 'targets', MEMBER, 'us-east-1');
    const status = JSON.parse(
      await readFile(join(dir, 'status.json'), 'utf8'),
    ) as TargetStatus;
    const snapshot = JSON.parse(
      gunzipSync(await readFile(join(dir, 'snapshot.json.gz'))).toString(),
    ) as Snapshot;
    expect(status).toMatchObject({
      status: 'ok',
      accountId: MEMBER,
      region: 'us-east-1',
      clusters: 1,
      enis: snapshot.networkInterfaces?.length,
      gaps: snapshot.gaps.length,
    });
    expect(status.enis).toBeGreaterThanOrEqual(1);
    expect(status.apiCalls).toBe(
      Object.values(status.callsByAction).reduce((a, b) => a + b, 0),
    );
    expect(status.callsByAction['eks:DescribeCluster']).toBe(1);
    expect(Date.parse(status.finishedAt)).toBeGreaterThanOrEqual(
      Date.parse(status.startedAt),
    );
    expect(snapshot.scanId).toBe(scanId);
    expect(snapshot.target).toEqual({
      accountId: MEMBER,
      region: 'us-east-1',
      roleArn: `arn:aws:iam::${MEMBER}:role/Scanner`,
    });
    expect(snapshot.clusters?.map((c) => c.name)).toEqual(['member-east']);
    const lines = stderr.trimEnd().split('\n');
    for (const account of [MANAGEMENT, MEMBER]) {
      for (const region of ['us-east-1', 'eu-west-1']) {
        expect(lines).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^${account} ${region} ok clusters=\\d+ enis=\\d+ gaps=\\d+ calls=\\d+ \\d+\\.\\ds$`,
            ),
          ),
        );
      }
    }
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${MEMBER} us-east-1 ok clusters=1 enis=${status.enis} `),
      ),
    );
  });

  it('marks a target whose role cannot be assumed as failed, finishes the others and exits with 3', async () => {
    // Prepare
    const { handler } = interceptingHandler((r) =>
      r.action === 'AssumeRole' && r.body.includes(DENIED)
        ? { status: 403, body: queryError('AccessDenied', 'not authorized') }
        : undefined,
    );
    const out = join(workDir, 'denied');
    let stderr = '';
    const config = parseSnapshotFlags({
      accounts: `${MANAGEMENT},${MEMBER},${DENIED}`,
      regions: 'us-east-1',
      out,
    });

    // Act
    const summary = await runSnapshot(config, {
      factoryOptions: {
        endpoint: moto.endpoint,
        credentials: testCredentials.credentials,
        requestHandler: handler,
      },
      stderr: { write: (text: string) => (stderr += text) },
      stdout: { write: () => true },
    });

    // Assess
    expect(summary.exitCode).toBe(3);
    const store = new DirStore(out);
    const prefix = `scans/${summary.scanId}/targets`;
    expect(await store.list(`${prefix}/`)).toEqual([
      `${prefix}/${MANAGEMENT}/us-east-1/snapshot.json.gz`,
      `${prefix}/${MANAGEMENT}/us-east-1/status.json`,
      `${prefix}/${MEMBER}/us-east-1/snapshot.json.gz`,
      `${prefix}/${MEMBER}/us-east-1/status.json`,
      `${prefix}/${DENIED}/us-east-1/status.json`,
    ]);
    const denied = JSON.parse(
      Buffer.from(
        (await store.get(`${prefix}/${DENIED}/us-east-1/status.json`)) ?? [],
      ).toString(),
    ) as TargetStatus;
    expect(denied).toMatchObject({
      status: 'error',
      errorCode: 'AccessDenied',
      accountId: DENIED,
      region: 'us-east-1',
      apiCalls: 0,
    });
    expect(denied.reason).toMatch(
      /^AccessDenied: cannot assume arn:aws:iam::555566667777:role\/EksNetscanReadOnly/,
    );
    expect(summary.statuses.filter((s) => s.status === 'ok')).toHaveLength(2);
    expect(stderr).toMatch(
      new RegExp(`^${DENIED} us-east-1 error AccessDenied: `, 'm'),
    );
    expect(stderr).toMatch(/3 targets, 2 ok, 1 failed/);
    expect(stderr).not.toContain('\u001b[');
  });

  it('records an account whose regions cannot be listed as a failed target under the hub region', async () => {
    // Prepare
    const { handler } = interceptingHandler((r) =>
      r.action === 'AssumeRole' && r.body.includes(DENIED)
        ? { status: 403, body: queryError('AccessDenied', 'not authorized') }
        : undefined,
    );
    const out = join(workDir, 'all-regions');

    // Act
    const summary = await runSnapshot(
      parseSnapshotFlags({ accounts: `${DENIED}`, allRegions: true, out }),
      {
        factoryOptions: {
          endpoint: moto.endpoint,
          credentials: testCredentials.credentials,
          requestHandler: handler,
          region: 'eu-west-1',
        },
        stderr: { write: () => true },
        stdout: { write: () => true },
      },
    );

    // Assess
    expect(summary.exitCode).toBe(3);
    expect(summary.statuses).toEqual([
      expect.objectContaining({
        status: 'error',
        accountId: DENIED,
        region: 'eu-west-1',
        errorCode: 'AccessDenied',
      }),
    ]);
  });

  it('stops with one line and exit code 3 when the caller cannot be identified', async () => {
    // Prepare
    const { handler } = interceptingHandler((r) =>
      r.action === 'GetCallerIdentity'
        ? {
            status: 403,
            body: queryError(
              'InvalidClientTokenId',
              'The security token is invalid',
            ),
          }
        : undefined,
    );
    let stderr = '';
    const out = join(workDir, 'no-caller');

    // Act
    const summary = await runSnapshot(
      parseSnapshotFlags({ regions: 'us-east-1', out }),
      {
        factoryOptions: {
          endpoint: moto.endpoint,
          credentials: testCredentials.credentials,
          requestHandler: handler,
        },
        stderr: { write: (text: string) => (stderr += text) },
        stdout: { write: () => true },
      },
    );

    // Assess
    expect(summary.exitCode).toBe(3);
    expect(stderr).toMatch(
      /^eks-netscan: cannot identify the caller \(sts:GetCallerIdentity\): InvalidClientTokenId: /,
    );
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(await new DirStore(out).list('')).toEqual([]);
  });

  it('marks targets not started before an abort as Aborted and exits with 3', async () => {
    // Prepare
    const out = join(workDir, 'aborted');

    // Act
    const summary = await runSnapshot(
      parseSnapshotFlags({ regions: 'us-east-1,eu-west-1', out }),
      {
        factoryOptions: {
          endpoint: moto.endpoint,
          credentials: testCredentials.credentials,
        },
        stderr: { write: () => true },
        stdout: { write: () => true },
        signal: AbortSignal.abort(),
      },
    );

    // Assess
    expect(summary.exitCode).toBe(3);
    expect(
      summary.statuses.map((s) => [s.region, s.status, s.errorCode]),
    ).toEqual(
      expect.arrayContaining([
        ['us-east-1', 'error', 'Aborted'],
        ['eu-west-1', 'error', 'Aborted'],
      ]),
    );
    expect(
      (await new DirStore(out).list('')).filter((k) => k.endsWith('.gz')),
    ).toEqual([]);
  });

  it('draws a progress bar only on a terminal', async () => {
    // Prepare
    let tty = '';
    const out = join(workDir, 'tty');

    // Act
    const summary = await runSnapshot(
      parseSnapshotFlags({ regions: 'us-east-1', out }),
      {
        factoryOptions: {
          endpoint: moto.endpoint,
          credentials: testCredentials.credentials,
        },
        stderr: {
          isTTY: true,
          write: (text: string) => {
            tty += text;
            return true;
          },
        },
        stdout: { write: () => true },
      },
    );

    // Assess
    expect(summary.exitCode).toBe(0);
    expect(tty).toMatch(/\d+\/\d+ targets/);
    expect(tty).toMatch(new RegExp(`${MANAGEMENT} us-east-1 ok `));
  });
});
