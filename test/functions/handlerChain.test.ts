import { readFile } from 'node:fs/promises';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseDocument } from 'yaml';
import type { Target } from '../../lib/snapshot/types.js';
import type { TargetStatus } from '../../lib/store/types.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../helpers/moto.js';
import { createMotoCluster } from '../helpers/motoCluster.js';
import {
  createMotoOrganization,
  MANAGEMENT_ACCOUNT,
  type MotoOrganization,
} from '../helpers/motoOrganization.js';
import { createSubscribedQueue } from '../helpers/snsQueue.js';

const BUCKET = 'eks-netscan-results';
const REGION = 'us-east-1';

/** A Lambda context: only what the handlers and Powertools read. */
const contextWith = (remainingMs: number, functionName: string): Context =>
  ({
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${MANAGEMENT_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `req-${functionName}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

type Json = Record<string, unknown>;

interface TaskState {
  Parameters: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  ItemReader?: { Parameters: Json };
  ItemSelector?: Json;
  ItemProcessor?: { States: Record<string, TaskState> };
}

/** The state machine definition as serverless.yml declares it. */
const readDefinition = async (): Promise<Record<string, TaskState>> => {
  const text = await readFile(
    new URL('../../serverless.yml', import.meta.url),
    'utf8',
  );
  const sls = parseDocument(text, { logLevel: 'silent' }).toJS() as {
    stepFunctions: {
      stateMachines: { scan: { definition: { States: Json } } };
    };
  };
  return sls.stepFunctions.stateMachines.scan.definition.States as Record<
    string,
    TaskState
  >;
};

/** The JSONPath subset the definition uses: `$`, `$.a.b`, `$$.a.b`. */
const pathValue = (path: string, input: unknown, context: Json): unknown => {
  const [root, ...parts] = path.split('.');
  let value: unknown = root === '$$' ? context : input;
  for (const part of parts) value = (value as Json | undefined)?.[part];
  return value;
};

/** Applies a Parameters/ItemSelector/ResultSelector template. */
const select = (template: Json, input: unknown, context: Json = {}): Json =>
  Object.fromEntries(
    Object.entries(template).map(([key, value]) =>
      key.endsWith('.$')
        ? [key.slice(0, -2), pathValue(String(value), input, context)]
        : [
            key,
            value && typeof value === 'object' && !Array.isArray(value)
              ? select(value as Json, input, context)
              : value,
          ],
    ),
  );

type Handler = (event: unknown, context: Context) => Promise<unknown>;
interface Handlers {
  plan: Handler;
  scanTarget: Handler;
  report: Handler;
  scanNow: Handler;
}

let moto: MotoServer;
let org: MotoOrganization;
let s3: S3Client;
let sqs: SQSClient;
let queueUrl: string;
let handlers: Handlers;
const savedEnv = { ...process.env };

const bucketKeys = async (): Promise<string[]> =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? [])
    .map((item) => item.Key ?? '')
    .sort();

const readObject = async (key: string): Promise<string> =>
  (await (
    await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
  ).Body?.transformToString()) ?? '';

/** Captures the JSON log lines Powertools writes while `run` runs. */
const captureLogs = async <T>(
  run: () => Promise<T>,
): Promise<{ value: T; lines: Record<string, unknown>[] }> => {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array): boolean => {
    chunks.push(String(chunk));
    return true;
  };
  // Powertools writes INFO lines to stdout and WARN/ERROR lines to stderr.
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  try {
    const value = await run();
    return {
      value,
      lines: chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
};

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: testCredentials.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: testCredentials.credentials.secretAccessKey,
    EKS_NETSCAN_BUCKET: BUCKET,
    EKS_NETSCAN_ROLE_NAME: 'EksNetscanReadOnly',
    EKS_NETSCAN_EXTERNAL_ID: 'test-external-id',
    EKS_NETSCAN_NOTIFY_THRESHOLD: 'always',
    EKS_NETSCAN_S3_FORCE_PATH_STYLE: 'true',
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  const config = { ...testCredentials, endpoint: moto.endpoint };
  s3 = new S3Client({ ...config, forcePathStyle: true });
  sqs = new SQSClient(config);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const subscription = await createSubscribedQueue(
    moto.endpoint,
    sqs,
    'eks-netscan-digest',
    'digest-reader',
  );
  const { topicArn } = subscription;
  queueUrl = subscription.queueUrl;
  process.env.EKS_NETSCAN_TOPIC_ARN = topicArn;
  org = await createMotoOrganization(moto.endpoint);
  await createMotoCluster({
    endpoint: moto.endpoint,
    region: REGION,
    accountId: org.a1,
    clusterName: 'prod',
  });
  // Imported after the environment is set, as Lambda loads them.
  handlers = {
    plan: (await import('../../functions/plan.js')).handler,
    scanTarget: (await import('../../functions/scanTarget.js')).handler,
    report: (await import('../../functions/report.js')).handler,
    scanNow: (await import('../../functions/scanNow.js')).handler,
  };
}, 120_000);

afterAll(async () => {
  s3?.destroy();
  sqs?.destroy();
  await moto?.stop();
  for (const key of Object.keys(process.env)) {
    if (!(key in savedEnv)) delete process.env[key];
  }
  Object.assign(process.env, savedEnv);
});

describe('the state machine’s handler chain', () => {
  it('plans, scans every manifest item, survives a failed item and reports with the digest on SNS', async () => {
    // Prepare: the execution input overrides the regions and drops an OU
    const input = { regions: [REGION], excludeOus: [org.ouB] };

    const states = await readDefinition();
    const planState = states.Plan as TaskState;
    const mapState = states.ScanTargets as TaskState;
    const itemState = mapState.ItemProcessor?.States.ScanTarget as TaskState;
    const reportState = states.Report as TaskState;

    // Act: Plan state (Lambda invoke task, ResultSelector, ResultPath $.plan)
    const planned = await captureLogs(() =>
      handlers.plan(
        select(planState.Parameters, input).Payload,
        contextWith(300_000, 'plan'),
      ),
    );
    const plan = select(planState.ResultSelector ?? {}, {
      Payload: planned.value,
    }) as {
      scanId: string;
      manifest: { bucket: string; key: string };
      targets: number;
    };
    const afterPlan = { ...input, plan };
    // ItemReader: the manifest object its Parameters name, a JSON array
    const reader = select(mapState.ItemReader?.Parameters ?? {}, afterPlan);
    expect(reader.Bucket).toBe(BUCKET);
    const items = JSON.parse(await readObject(String(reader.Key))) as Target[];
    // ItemSelector + item processor with its Catch; one item's Lambda fails
    // with a service error on every attempt, one runs out of time.
    const failing = items.find((t) => t.accountId === org.a2);
    const slow = items.find((t) => t.accountId === org.rootMember);
    const itemOutputs: unknown[] = [];
    let scanTargetLogs: Record<string, unknown>[] = [];
    for (const [index, item] of items.entries()) {
      const itemInput = select(mapState.ItemSelector ?? {}, afterPlan, {
        Map: { Item: { Index: index, Value: item } },
      });
      const event = select(itemState.Parameters, itemInput).Payload;
      if (item === failing) {
        itemOutputs.push({ status: 'error', error: 'Lambda.ServiceException' });
        continue;
      }
      // Less time left than the 60 s reserve: collection stops at once.
      const remaining = item === slow ? 5_000 : 600_000;
      const { value, lines } = await captureLogs(() =>
        handlers.scanTarget(event, contextWith(remaining, 'scanTarget')),
      );
      itemOutputs.push(value);
      scanTargetLogs = [...scanTargetLogs, ...lines];
    }
    // Report state: the map's ResultPath null leaves the state as it was
    expect(mapState.ResultPath).toBeNull();
    const reported = await captureLogs(() =>
      handlers.report(
        select(reportState.Parameters, afterPlan).Payload,
        contextWith(600_000, 'report'),
      ),
    );
    const report = reported.value as Record<string, unknown>;

    // Assess: plan
    expect(plan.manifest.bucket).toBe(BUCKET);
    expect(plan.scanId).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(plan.targets).toBe(4);
    expect(items.map((t) => t.accountId).sort()).toEqual(
      [MANAGEMENT_ACCOUNT, org.rootMember, org.a1, org.a2].sort(),
    );
    for (const item of items) {
      expect(item.region).toBe(REGION);
      expect(item.roleArn).toBe(
        `arn:aws:iam::${item.accountId}:role/EksNetscanReadOnly`,
      );
    }
    // Assess: items return only small statuses
    for (const output of itemOutputs) {
      expect(JSON.stringify(output).length).toBeLessThan(2000);
    }
    const statusOf = async (target: Target): Promise<TargetStatus> =>
      JSON.parse(
        await readObject(
          `scans/${plan.scanId}/targets/${target.accountId}/${target.region}/status.json`,
        ),
      );
    const a1 = items.find((t) => t.accountId === org.a1) as Target;
    expect(await statusOf(a1)).toMatchObject({ status: 'ok', clusters: 1 });
    const partial = await statusOf(slow as Target);
    expect(partial.status).toBe('ok');
    expect(partial.gaps).toBeGreaterThan(0);
    expect(
      partial.gapDetails?.every((gap) => gap.errorCode === 'Aborted'),
    ).toBe(true);
    // Assess: every scanTarget log line names the scan, account and region
    expect(scanTargetLogs.length).toBeGreaterThan(0);
    for (const line of scanTargetLogs) {
      expect(line).toMatchObject({ scanId: plan.scanId, region: REGION });
      expect(line.accountId).toMatch(/^\d{12}$/);
    }
    // Assess: hub-level lines name the scan and the function's own account
    for (const line of [...planned.lines, ...reported.lines]) {
      expect(line).toMatchObject({
        scanId: plan.scanId,
        accountId: MANAGEMENT_ACCOUNT,
        region: REGION,
      });
    }
    expect(planned.lines.length).toBeGreaterThan(0);
    expect(reported.lines.length).toBeGreaterThan(0);
    // Assess: report
    expect(report).toMatchObject({
      scanId: plan.scanId,
      targetsOk: 3,
      targetsFailed: 1,
      published: true,
      movedLatest: true,
      report: `s3://${BUCKET}/scans/${plan.scanId}/report.html`,
    });
    const keys = await bucketKeys();
    for (const file of [
      'summary.json',
      'digest.txt',
      'report.md',
      'report.html',
      'findings.ocsf.json',
      'findings.asff.json',
    ]) {
      expect(keys).toContain(`scans/${plan.scanId}/${file}`);
    }
    const summary = JSON.parse(
      await readObject(`scans/${plan.scanId}/summary.json`),
    );
    expect(summary.coverage.failed).toEqual([
      {
        accountId: org.a2,
        region: REGION,
        reason: expect.stringContaining('NotScanned'),
      },
    ]);
    expect(JSON.parse(await readObject('latest.json')).scanId).toBe(
      plan.scanId,
    );
    // Assess: the digest arrived through the SNS → SQS subscription
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    expect(received.Messages).toHaveLength(1);
    const envelope = JSON.parse(received.Messages?.[0]?.Body ?? '{}');
    const digest = await readObject(`scans/${plan.scanId}/digest.txt`);
    expect(envelope.Subject).toBe(report.subject);
    expect(digest.startsWith(`${report.subject}\n\n`)).toBe(true);
    expect(envelope.Message).toBe(digest.slice(`${report.subject}\n\n`.length));
    expect(envelope.MessageAttributes.failed_targets).toEqual({
      Type: 'Number',
      Value: '1',
    });
    expect(Object.keys(envelope.MessageAttributes).sort()).toEqual([
      'failed_targets',
      'new_critical',
      'new_high',
      'new_info',
      'new_low',
      'new_medium',
    ]);
  });
});

describe('scanNow', () => {
  it('scans one account and region synchronously, returns one cluster’s results and stores them', async () => {
    // Prepare
    const event = {
      accountId: org.a1,
      region: REGION,
      clusterName: 'prod',
    };

    // Act
    const { value, lines } = await captureLogs(() =>
      handlers.scanNow(event, contextWith(600_000, 'scanNow')),
    );
    const out = value as {
      scanId: string;
      status: { status: string; clusters: number };
      resultsKey: string;
      results: { clusterName?: string; accountId: string; status: string }[];
      truncated: boolean;
    };

    // Assess
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({
        scanId: out.scanId,
        accountId: org.a1,
        region: REGION,
      });
    }
    expect(out.status).toMatchObject({ status: 'ok', clusters: 1 });
    expect(out.truncated).toBe(false);
    expect(out.results.length).toBeGreaterThan(0);
    expect(out.results.some((r) => r.clusterName === 'prod')).toBe(true);
    for (const result of out.results) {
      expect(result.accountId).toBe(org.a1);
      expect([undefined, 'prod']).toContain(result.clusterName);
    }
    const stored = (await readObject(out.resultsKey))
      .split('\n')
      .filter((line) => line !== '');
    expect(stored.length).toBeGreaterThanOrEqual(out.results.length);
  });

  it('returns only failing and unknown results when asked', async () => {
    // Act
    const { value } = await captureLogs(() =>
      handlers.scanNow(
        { accountId: org.a1, region: REGION, onlyFailed: true },
        contextWith(600_000, 'scanNow'),
      ),
    );
    const out = value as { results: { status: string }[] };

    // Assess
    expect(out.results.length).toBeGreaterThan(0);
    expect(
      out.results.every((r) => r.status === 'fail' || r.status === 'unknown'),
    ).toBe(true);
  });
});

describe('bad events', () => {
  it.each([
    ['plan', { regions: 'us-east-1' }, 'regions: must be array'],
    [
      'plan',
      { regions: ['us-east-1', 'atlantis-1'] },
      'regions[1]: "atlantis-1" is not a region',
    ],
    [
      'plan',
      { accounts: ['12345'] },
      'accounts[0]: "12345" is not an account id',
    ],
    [
      'scanTarget',
      { target: { accountId: '111122223333', region: REGION } },
      'scanId: is required',
    ],
    [
      'scanTarget',
      {
        scanId: '2026-11-26T10-38-02Z-3fa1',
        target: { accountId: 111122223333, region: REGION },
      },
      'target.accountId: must be string, got number',
    ],
    [
      'scanTarget',
      {
        scanId: '2026-11-26T10-38-02Z-3fa1',
        target: { accountId: 'prod', region: REGION },
      },
      'target.accountId: "prod" is not an account id',
    ],
    [
      'scanTarget',
      {
        scanId: '2026-11-26T10-38-02Z-3fa1',
        target: { accountId: '111122223333', region: 'us-east-9' },
      },
      'target.region: "us-east-9" is not a region',
    ],
    ['report', {}, 'scanId: is required'],
    ['report', { scanId: '../../etc' }, 'scanId: "../../etc" is not a scan id'],
    ['scanNow', { accountId: '111122223333' }, 'region: is required'],
    [
      'scanNow',
      { accountId: '111122223333', region: 'europe' },
      'region: "europe" is not a region',
    ],
  ] as const)(
    'rejects a %s event %j with a clear error and writes nothing',
    async (name, event, message) => {
      // Prepare
      const before = await bucketKeys();

      // Act
      const { value: error, lines } = await captureLogs(() =>
        handlers[name](event, contextWith(600_000, name)).then(
          () => undefined,
          (thrown: unknown) => thrown,
        ),
      );

      // Assess
      expect(error).toMatchObject({
        name: 'EventValidationError',
        message: expect.stringContaining(`invalid ${name} event: ${message}`),
      });
      expect(lines).toEqual([
        expect.objectContaining({
          level: 'ERROR',
          errorName: 'EventValidationError',
          scanId: '-',
          accountId: MANAGEMENT_ACCOUNT,
          region: REGION,
        }),
      ]);
      expect(await bucketKeys()).toEqual(before);
    },
  );
});
