/**
 * End to end: a seeded organization in moto (management + 2 members,
 * clusters in two regions) scanned with `eks-netscan scan --org`, results
 * compared to what the seed predicts, the S3 copy compared byte for byte with
 * the local one, and the SNS digest read back from an SQS subscription.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../lib/cli/main.js';
import { runScanCommand } from '../../lib/cli/scanCommand.js';
import {
  defaultPolicyDirs,
  loadPolicies,
} from '../../lib/engine/loadPolicies.js';
import type { Result } from '../../lib/engine/types.js';
import type { Notification } from '../../lib/notify/types.js';
import type { ScanSummary } from '../../lib/report/types.js';
import { readStatuses } from '../../lib/run/runReport.js';
import { DirStore } from '../../lib/store/dirStore.js';
import {
  LATEST_KEY,
  REPORT_FILES,
  reportKey,
  resultsKey,
  snapshotKey,
  targetsPrefix,
} from '../../lib/store/keys.js';
import { interceptingHandler, queryError } from '../helpers/httpHandlers.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../helpers/moto.js';
import {
  SEEDED_CLUSTERS,
  type SeededOrg,
  seedOrg,
} from '../helpers/seedOrg.js';
import { createSubscribedQueue } from '../helpers/snsQueue.js';

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

const BUCKET = 'scan-results';
const REGIONS = 'us-east-1,eu-west-1';
const DAY1 = new Date('2026-11-26T06:00:00.000Z');
const DAY2 = new Date('2026-11-27T06:00:00.000Z');
const SCAN1 = '2026-11-26T06-00-00Z-e2e1';
const SCAN2 = '2026-11-27T06-00-00Z-e2e2';

/** Collects what a command writes. */
const sink = () => {
  let text = '';
  return {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
};

let moto: MotoServer;
let org: SeededOrg;
let workDir: string;
let topicArn: string;
let queueUrl: string;
let s3: S3Client;
let sqs: SQSClient;

beforeAll(async () => {
  moto = await startMoto();
  org = await seedOrg(moto.endpoint);
  const aws = { ...testCredentials, endpoint: moto.endpoint };
  s3 = new S3Client({ ...aws, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  sqs = new SQSClient(aws);
  ({ topicArn, queueUrl } = await createSubscribedQueue(
    moto.endpoint,
    sqs,
    'eks-netscan',
    'digest',
  ));
  workDir = await mkdtemp(join(tmpdir(), 'e2e-scan-'));
  useEnv(moto.endpoint);
});

afterAll(async () => {
  restoreEnv();
  s3?.destroy();
  sqs?.destroy();
  await moto?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Every object under `prefix` in the bucket, by key below the prefix. */
const s3Objects = async (prefix: string): Promise<Map<string, Buffer>> => {
  const objects = new Map<string, Buffer>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: BUCKET,
        Prefix: prefix,
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      const key = object.Key ?? '';
      const body = await s3.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: key }),
      );
      objects.set(
        key.slice(prefix.length),
        Buffer.from((await body.Body?.transformToByteArray()) ?? []),
      );
    }
    token = page.NextContinuationToken;
  } while (token);
  return objects;
};

describe('eks-netscan scan --org against moto', () => {
  const out = () => join(workDir, 'org');
  let stdout: ReturnType<typeof sink>;
  let stderr: ReturnType<typeof sink>;
  let code: number;
  let results: Result[];

  beforeAll(async () => {
    stdout = sink();
    stderr = sink();
    code = await runScanCommand(
      {
        org: true,
        regions: REGIONS,
        out: out(),
        s3: `s3://${BUCKET}/eks-netscan`,
        snsTopic: topicArn,
        format: 'jsonl',
      },
      { stdout, stderr, now: () => DAY1, scanId: SCAN1 },
    );
    results = stdout.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Result);
  });

  it('finishes complete with exit code 0 and names report.html', () => {
    // Assess
    expect(code, stderr.text).toBe(0);
    expect(stderr.text).toContain(join(out(), 'scans', SCAN1, 'report.html'));
  });

  it('scans every account of the organization in both regions', async () => {
    // Assess
    const targets = new Set(results.map((r) => `${r.accountId}/${r.region}`));
    for (const spec of SEEDED_CLUSTERS) {
      expect(targets).toContain(`${org.accountOf(spec.name)}/${spec.region}`);
    }
    // The count follows the policy catalog, which grows: it must equal what
    // every target's status.json and the summary counted.
    const summary = JSON.parse(
      await readFile(join(out(), 'scans', SCAN1, 'summary.json'), 'utf8'),
    ) as ScanSummary;
    const statuses = await readStatuses(new DirStore(out()), SCAN1, 8);
    expect(statuses).toHaveLength(6);
    expect(results.length).toBeGreaterThan(300);
    expect(results).toHaveLength(summary.totals.total);
    expect(results).toHaveLength(
      statuses.reduce((sum, s) => sum + (s.results?.total ?? 0), 0),
    );
    expect(new Set(results.map((r) => r.accountId))).toEqual(
      new Set([org.management, org.prod, org.dev]),
    );
  });

  it('gives the outcomes the seed predicts for endpoint, subnet and load-balancer rules', () => {
    // Prepare: each rule's verdict follows from one seeded setting.
    const expected = SEEDED_CLUSTERS.flatMap((spec) => {
      const open =
        spec.endpointPublicAccess &&
        (spec.publicAccessCidrs ?? []).includes('0.0.0.0/0');
      return [
        ['NET-EP-001', open ? 'fail' : 'pass'],
        ['NET-EP-002', spec.endpointPrivateAccess ? 'pass' : 'fail'],
        ['NET-SUB-002', spec.azs[0] === spec.azs[1] ? 'fail' : 'pass'],
        ['NET-LB-001', spec.lbTagged ? 'pass' : 'fail'],
      ].map(
        ([ruleId, status]) =>
          `${ruleId} ${org.accountOf(spec.name)} ${spec.region} ${spec.name} ${status}`,
      );
    }).sort();

    // Act
    const actual = results
      .filter((r) =>
        ['NET-EP-001', 'NET-EP-002', 'NET-SUB-002', 'NET-LB-001'].includes(
          r.ruleId,
        ),
      )
      .map(
        (r) =>
          `${r.ruleId} ${r.accountId} ${r.region} ${r.resourceId} ${r.status}`,
      )
      .sort();

    // Assess
    expect(actual).toEqual(expected);
  });

  it('maps each failing result to OCSF with the compliance controls of its policy', async () => {
    // Prepare
    const { policies } = await loadPolicies(defaultPolicyDirs());
    const policy = policies.find((p) => p.id === 'NET-EP-001');
    const expected = Object.entries(policy?.document.compliance ?? {}).flatMap(
      ([framework, ids]) => ids.map((id) => `${framework}:${id}`),
    );

    // Act
    const findings = JSON.parse(
      await readFile(join(out(), 'scans', SCAN1, 'findings.ocsf.json'), 'utf8'),
    ) as {
      class_uid: number;
      resources: { name: string }[];
      compliance: { control: string; requirements: string[]; status: string };
    }[];

    // Assess
    expect(findings).toHaveLength(
      results.filter((r) => r.status === 'fail' || r.status === 'unknown')
        .length,
    );
    const finding = findings.find(
      (f) =>
        f.compliance.control === 'NET-EP-001' &&
        f.resources[0]?.name === 'mgmt-tools',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(finding?.class_uid).toBe(2003);
    expect(finding?.compliance.status).toBe('Fail');
    expect(finding?.compliance.requirements).toEqual(expected);
  });

  it('prints the promised fields first on every jsonl line', () => {
    // Assess
    const first = stdout.text.split('\n')[0] ?? '';
    expect(Object.keys(JSON.parse(first)).slice(0, 9)).toEqual([
      'ruleId',
      'status',
      'severity',
      'accountId',
      'region',
      'clusterName',
      'resourceType',
      'resourceId',
      'message',
    ]);
  });

  it('writes the same objects to S3 as to --out, byte for byte, encrypted', async () => {
    // Act
    const remote = await s3Objects('eks-netscan/');
    const local = new DirStore(out());
    const localKeys = await local.list('');

    // Assess
    expect([...remote.keys()].sort()).toEqual(localKeys);
    expect(localKeys).toContain(LATEST_KEY);
    for (const file of REPORT_FILES) {
      expect(localKeys).toContain(reportKey(SCAN1, file));
    }
    for (const key of localKeys) {
      const bytes = Buffer.from((await local.get(key)) ?? []);
      expect(remote.get(key)?.equals(bytes), key).toBe(true);
    }
    const head = await s3.send(
      new HeadObjectCommand({
        Bucket: BUCKET,
        Key: `eks-netscan/${reportKey(SCAN1, 'summary.json')}`,
      }),
    );
    expect(head.ServerSideEncryption).toBe('AES256');
  });

  it('publishes the digest to SNS with severity counts as Number attributes', async () => {
    // Prepare
    const summary = JSON.parse(
      await readFile(join(out(), 'scans', SCAN1, 'summary.json'), 'utf8'),
    ) as ScanSummary;
    const digest = await readFile(
      join(out(), 'scans', SCAN1, 'digest.txt'),
      'utf8',
    );

    // Act
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
      }),
    );

    // Assess
    expect(received.Messages).toHaveLength(1);
    const envelope = JSON.parse(received.Messages?.[0]?.Body ?? '{}') as {
      Subject: string;
      Message: string;
      MessageAttributes: Record<string, { Type: string; Value: string }>;
    };
    expect(envelope.Subject).toBe(digest.split('\n')[0]);
    expect(envelope.Subject.length).toBeLessThan(100);
    expect(envelope.Subject).toMatch(
      /^eks-netscan: \d+ new critical.* in 3 accounts$/,
    );
    expect(`${envelope.Subject}\n\n${envelope.Message}`).toBe(digest);
    expect(envelope.Message).toContain(
      `s3://${BUCKET}/eks-netscan/${reportKey(SCAN1, 'report.html')}`,
    );
    expect(envelope.MessageAttributes.new_critical).toEqual({
      Type: 'Number',
      Value: String(summary.diff.newBySeverity.critical),
    });
    expect(envelope.MessageAttributes.failed_targets).toEqual({
      Type: 'Number',
      Value: '0',
    });
    // moto has no EKS add-ons: every cluster's DescribeAddon is a gap, and
    // the summary's coverage groups gaps by IAM action.
    expect(summary.coverage.gapsByIamAction).toContainEqual(
      expect.objectContaining({
        iamAction: 'eks:DescribeAddon',
        targets: SEEDED_CLUSTERS.length,
      }),
    );
  });

  it('diffs the next day against latest.json: the same failures persist, none are new', async () => {
    // Prepare
    const stdout2 = sink();
    const stderr2 = sink();

    // Act
    const code2 = await runScanCommand(
      {
        org: true,
        regions: REGIONS,
        out: out(),
        s3: `s3://${BUCKET}/eks-netscan`,
        format: 'json',
      },
      { stdout: stdout2, stderr: stderr2, now: () => DAY2, scanId: SCAN2 },
    );

    // Assess
    expect(code2, stderr2.text).toBe(0);
    const { summary } = JSON.parse(stdout2.text) as { summary: ScanSummary };
    expect(summary.diff.previousScanId).toBe(SCAN1);
    expect(summary.diff.new).toBe(0);
    expect(summary.diff.persisting).toBe(summary.totals.fail);
    expect(stderr2.text).toContain(
      'digest: eks-netscan: no new findings in 3 accounts',
    );
    const latest = JSON.parse(
      await readFile(join(out(), LATEST_KEY), 'utf8'),
    ) as { scanId: string };
    expect(latest.scanId).toBe(SCAN2);
  });

  it('diff SCAN_A SCAN_B over the stored scans agrees with the report', async () => {
    // Prepare
    const printed = sink();
    const spy = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk) => printed.write(String(chunk)));

    // Act
    let exit: number;
    try {
      exit = await main([
        'diff',
        SCAN1,
        SCAN2,
        '--s3',
        `s3://${BUCKET}/eks-netscan`,
        '--format',
        'json',
      ]);
    } finally {
      spy.mockRestore();
    }

    // Assess
    expect(exit).toBe(0);
    const diff = JSON.parse(printed.text) as {
      persisting: unknown[];
      new: unknown[];
    };
    expect(diff.new).toHaveLength(0);
    expect(diff.persisting).toHaveLength(
      results.filter((r) => r.status === 'fail').length,
    );
  });
});

describe('scan ordering and exit codes', () => {
  it('has every result and report in the store before the notifier is called', async () => {
    // Prepare
    const out = join(workDir, 'order');
    const store = new DirStore(out);
    const seen: { keys: string[]; notification?: Notification } = { keys: [] };
    const notifier = {
      notify: async (notification: Notification) => {
        seen.keys = await store.list('');
        seen.notification = notification;
      },
    };

    // Act
    const code = await runScanCommand(
      { org: true, regions: REGIONS, out, format: 'table' },
      {
        stdout: sink(),
        stderr: sink(),
        now: () => DAY1,
        scanId: SCAN1,
        notifier,
      },
    );

    // Assess
    expect(code).toBe(0);
    for (const spec of SEEDED_CLUSTERS) {
      const target = {
        accountId: org.accountOf(spec.name),
        region: spec.region,
      };
      expect(seen.keys).toContain(resultsKey(SCAN1, target));
    }
    for (const file of REPORT_FILES) {
      expect(seen.keys).toContain(reportKey(SCAN1, file));
    }
    // latest.json moves only after the notification.
    expect(seen.keys).not.toContain(LATEST_KEY);
    expect(await store.list('')).toContain(LATEST_KEY);
    expect(seen.notification?.attributes.new_critical).toBeGreaterThan(0);
  });

  it('exits 1 when an unwaived failure is at or above --fail-on', async () => {
    // Act
    const code = await runScanCommand(
      {
        org: true,
        regions: REGIONS,
        out: join(workDir, 'fail-on'),
        format: 'md',
        failOn: 'high',
      },
      { stdout: sink(), stderr: sink() },
    );

    // Assess
    expect(code).toBe(1);
  });

  it('exits 3 and keeps every other target when AssumeRole is denied in one account', async () => {
    // Prepare
    const out = join(workDir, 'denied');
    const { handler } = interceptingHandler((r) =>
      r.action === 'AssumeRole' && r.body.includes(org.dev)
        ? { status: 403, body: queryError('AccessDenied', 'not allowed') }
        : undefined,
    );
    const stderr = sink();

    // Act
    const code = await runScanCommand(
      { org: true, regions: REGIONS, out, format: 'json' },
      {
        stdout: sink(),
        stderr,
        factoryOptions: { requestHandler: handler },
        scanId: SCAN1,
        now: () => DAY1,
      },
    );

    // Assess
    expect(code).toBe(3);
    const summary = JSON.parse(
      await readFile(join(out, 'scans', SCAN1, 'summary.json'), 'utf8'),
    ) as ScanSummary;
    expect(summary.coverage.failed.map((f) => f.accountId)).toContain(org.dev);
    expect(summary.coverage.failed[0]?.reason).toMatch(/^AccessDenied: /);
    const keys = await new DirStore(out).list(targetsPrefix(SCAN1));
    expect(keys).toContain(
      resultsKey(SCAN1, { accountId: org.prod, region: 'eu-west-1' }),
    );
    expect(keys).toContain(
      resultsKey(SCAN1, { accountId: org.management, region: 'us-east-1' }),
    );
    expect(stderr.text).toContain(`${org.dev} us-east-1 error AccessDenied`);
  });

  it('exits 1 rather than 3 when an incomplete scan has failures at or above --fail-on', async () => {
    // Prepare
    const { handler } = interceptingHandler((r) =>
      r.action === 'AssumeRole' && r.body.includes(org.dev)
        ? { status: 403, body: queryError('AccessDenied', 'not allowed') }
        : undefined,
    );

    // Act
    const code = await runScanCommand(
      {
        org: true,
        regions: REGIONS,
        out: join(workDir, 'denied-fail-on'),
        format: 'ocsf',
        failOn: 'critical',
      },
      {
        stdout: sink(),
        stderr: sink(),
        factoryOptions: { requestHandler: handler },
      },
    );

    // Assess
    expect(code).toBe(1);
  });

  it('exits 3 with one line when the S3 bucket is missing, keeping every snapshot in --out', async () => {
    // Prepare
    const out = join(workDir, 'no-bucket');
    const stderr = sink();

    // Act
    const code = await runScanCommand(
      {
        org: true,
        regions: REGIONS,
        out,
        s3: 's3://no-such-bucket/x',
        format: 'json',
      },
      { stdout: sink(), stderr, scanId: SCAN1, now: () => DAY1 },
    );

    // Assess
    expect(code).toBe(3);
    const errors = stderr.text
      .split('\n')
      .filter((line) => line.startsWith('eks-netscan: '));
    expect(errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^eks-netscan: cannot list s3://no-such-bucket/x/scans/${SCAN1}/targets/: NoSuchBucket: .*; what was collected is in ${out}$`,
        ),
      ),
    ]);
    const keys = await new DirStore(out).list(targetsPrefix(SCAN1));
    for (const spec of SEEDED_CLUSTERS) {
      const target = {
        accountId: org.accountOf(spec.name),
        region: spec.region,
      };
      expect(keys).toContain(snapshotKey(SCAN1, target));
    }
  });

  it('treats a latest.json that points at a missing scan as a first scan, with a warning', async () => {
    // Prepare
    const out = join(workDir, 'dangling');
    await new DirStore(out).put(
      LATEST_KEY,
      Buffer.from(
        '{"scanId":"2026-01-01T00-00-00Z-dead","finishedAt":"2026-01-01T00:10:00.000Z"}\n',
      ),
    );
    const stdout = sink();
    const stderr = sink();

    // Act
    const code = await runScanCommand(
      { org: true, regions: REGIONS, out, format: 'json' },
      { stdout, stderr, scanId: SCAN1, now: () => DAY1 },
    );

    // Assess
    expect(code).toBe(0);
    expect(stderr.text).toContain(
      'warning: latest.json points at scan 2026-01-01T00-00-00Z-dead, which is not in the store; diffing as a first scan',
    );
    const { summary } = JSON.parse(stdout.text) as { summary: ScanSummary };
    expect(summary.diff.previousScanId).toBeUndefined();
    expect(summary.diff.new).toBe(summary.totals.fail);
  });
});

describe('scan with OU-level params', () => {
  it('applies a params override to the accounts below its OU only', async () => {
    // Prepare: move dev into an OU that requires three AZs.
    const orgs = new OrganizationsClient({
      ...testCredentials,
      endpoint: moto.endpoint,
    });
    const rootId =
      (await orgs.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
    const ouId =
      (
        await orgs.send(
          new CreateOrganizationalUnitCommand({
            ParentId: rootId,
            Name: 'strict',
          }),
        )
      ).OrganizationalUnit?.Id ?? '';
    await orgs.send(
      new MoveAccountCommand({
        AccountId: org.dev,
        SourceParentId: rootId,
        DestinationParentId: ouId,
      }),
    );
    orgs.destroy();
    const params = join(workDir, 'params.yaml');
    await writeFile(
      params,
      `ous:\n  ${ouId}:\n    NET-SUB-002:\n      minAzs: 3\n`,
    );
    const stdout = sink();

    // Act
    const code = await runScanCommand(
      {
        org: true,
        regions: REGIONS,
        out: join(workDir, 'ou-params'),
        params,
        format: 'jsonl',
      },
      { stdout, stderr: sink() },
    );

    // Assess
    expect(code).toBe(0);
    const verdicts = stdout.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Result)
      .filter((r) => r.ruleId === 'NET-SUB-002')
      .map((r) => `${r.resourceId} ${r.status}`)
      .sort();
    expect(verdicts).toEqual([
      'dev fail',
      'mgmt-tools pass',
      'prod-a pass',
      'prod-b fail',
    ]);
  });
});

describe('scan input validation', () => {
  let server: Server;
  let requests = 0;
  let blocker: string;

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
    blocker = join(workDir, 'a-file');
    await writeFile(blocker, 'not a directory');
  });

  afterAll(async () => {
    useEnv(moto.endpoint);
    await new Promise((resolve) => server.close(resolve));
  });

  const cases: { name: string; args: () => string[]; message: RegExp }[] = [
    {
      name: 'an unwritable --out',
      args: () => ['--out', join(blocker, 'sub')],
      message: /^eks-netscan: --out: cannot write to .*a-file\/sub: ENOTDIR$/,
    },
    {
      name: 'a malformed --s3 URI',
      args: () => ['--s3', 'https://bucket/prefix'],
      message:
        /^eks-netscan: --s3: "https:\/\/bucket\/prefix" is not an S3 location \(it must start with s3:\/\/\); expected s3:\/\/bucket\/prefix$/,
    },
    {
      name: 'an S3 bucket name with capitals',
      args: () => ['--s3', 's3://My_Bucket/x'],
      message: /^eks-netscan: --s3: .*is not a valid bucket name/,
    },
    {
      name: 'an unknown --format',
      args: () => ['--format', 'xml'],
      message:
        /^eks-netscan: --format: "xml" is not one of table, json, jsonl, md, html, ocsf, asff$/,
    },
    {
      name: 'an unknown --fail-on severity',
      args: () => ['--fail-on', 'severe'],
      message:
        /^eks-netscan: --fail-on: "severe" is not one of critical, high, medium, low, info, none$/,
    },
    {
      name: 'conflicting --org and --accounts',
      args: () => ['--org', '--accounts', '111122223333'],
      message: /'--org' cannot be used with option '--accounts/,
    },
    {
      name: 'a malformed SNS topic ARN',
      args: () => ['--sns-topic', 'eks-netscan'],
      message:
        /^eks-netscan: --sns-topic: "eks-netscan" is not an SNS topic ARN/,
    },
    {
      name: 'a missing params file',
      args: () => ['--params', join(workDir, 'nope.yaml')],
      message: /^eks-netscan: .*nope\.yaml.*ENOENT/,
    },
    {
      name: 'a concurrency of zero',
      args: () => ['--concurrency', '0'],
      message: /^eks-netscan: --concurrency: "0" is not a whole number/,
    },
  ];

  it.each(cases)(
    'rejects $name with one line and exit 2, before any AWS call',
    async ({ args, message }) => {
      // Prepare
      let stderr = '';
      const spy = vi
        .spyOn(process.stderr, 'write')
        .mockImplementation((chunk) => {
          stderr += String(chunk);
          return true;
        });
      const before = requests;

      // Act
      let code: number;
      try {
        code = await main(['scan', '--regions', 'us-east-1', ...args()]);
      } finally {
        spy.mockRestore();
      }

      // Assess
      expect(code).toBe(2);
      expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
      expect(stderr.trim()).toMatch(message);
      expect(requests - before).toBe(0);
    },
  );
});
