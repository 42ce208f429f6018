/**
 * Fault matrix, sink side: `eks-netscan scan` against moto with the results
 * bucket and the SNS topic behind request handlers that fail on purpose.
 * Each case checks the stored objects, that every target's results were in
 * the bucket before the first Publish attempt, and the documented exit code.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type {
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
} from '@smithy/types';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScanCommand } from '../../lib/cli/scanCommand.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../helpers/moto.js';
import { createMotoCluster } from '../helpers/motoCluster.js';

const ACCOUNTS = ['111111111111', '222222222222'] as const;
const REGION = 'us-east-1';
const BUCKET = 'eks-netscan-results';

/** One request the wrapper saw, in order. */
interface Seen {
  readonly seq: number;
  readonly service: 's3' | 'sns';
  readonly action: string;
  readonly key: string;
  readonly status: number;
}

/** What a fault rule answers instead of moto, or `undefined` to pass. */
type Answer = { readonly status: number; readonly body: string } | undefined;

/** Wraps moto's HTTP handler: records every request in one timeline. */
const recordingHandler = (
  service: 's3' | 'sns',
  timeline: Seen[],
  fault: (action: string, key: string, attempt: number) => Answer,
) => {
  const inner = new NodeHttpHandler({
    httpAgent: new Agent({ keepAlive: false }),
  });
  return {
    handle: async (
      request: HttpRequest,
      options?: HttpHandlerOptions,
    ): Promise<{ response: HttpResponse }> => {
      const body =
        typeof request.body === 'string'
          ? request.body
          : request.body instanceof Uint8Array
            ? Buffer.from(request.body).toString('utf8')
            : '';
      const action =
        service === 's3'
          ? `${request.method} ${request.query?.['x-id'] ?? ''}`.trim()
          : (new URLSearchParams(body).get('Action') ?? '');
      const key = service === 's3' ? decodeURIComponent(request.path) : '';
      const attempt = Number(
        /attempt=(\d+)/.exec(request.headers['amz-sdk-request'] ?? '')?.[1] ??
          1,
      );
      const answer = fault(action, key, attempt);
      if (answer) {
        timeline.push({
          seq: timeline.length,
          service,
          action,
          key,
          status: answer.status,
        });
        return {
          response: {
            statusCode: answer.status,
            headers: { 'content-type': 'text/xml' },
            body: Readable.from([Buffer.from(answer.body)]),
          } as HttpResponse,
        };
      }
      const out = (await inner.handle(request as never, options)) as {
        response: HttpResponse;
      };
      timeline.push({
        seq: timeline.length,
        service,
        action,
        key,
        status: out.response.statusCode,
      });
      return out;
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
    destroy: () => inner.destroy(),
  };
};

const s3Error = (code: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>injected</Message><RequestId>fault</RequestId></Error>`;
const snsError = (code: string): string =>
  `<ErrorResponse><Error><Type>Receiver</Type><Code>${code}</Code><Message>injected</Message></Error><RequestId>fault</RequestId></ErrorResponse>`;

interface SinkCase {
  readonly name: string;
  readonly s3Fault: (action: string, key: string, attempt: number) => Answer;
  readonly snsFault: (action: string) => Answer;
  readonly exitCode: number;
  /** Whether the digest reached SNS. */
  readonly published: boolean;
  /** S3 attempts answered with an injected 500. */
  readonly s3Injected: number;
}

let putFailures = 0;
const cases: SinkCase[] = [
  {
    name: 'S3 PutObject failing twice then succeeding',
    // The first two PutObject attempts of the scan fail with a 500; the
    // retries absorb them and every object lands.
    s3Fault: (action) =>
      action.startsWith('PUT') && putFailures++ < 2
        ? { status: 500, body: s3Error('InternalError') }
        : undefined,
    snsFault: () => undefined,
    exitCode: 0,
    published: true,
    s3Injected: 2,
  },
  {
    name: 'SNS Publish failing',
    s3Fault: () => undefined,
    snsFault: (action) =>
      action === 'Publish'
        ? { status: 500, body: snsError('InternalFailure') }
        : undefined,
    // Documented: 3 when the digest could not be sent.
    exitCode: 3,
    published: false,
    s3Injected: 0,
  },
];

describe('fault matrix: result store and notification faults against moto', () => {
  let moto: MotoServer;
  let work: string;
  let topicArn: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    moto = await startMoto();
    work = await mkdtemp(join(tmpdir(), 'eks-netscan-sinks-'));
    for (const accountId of ACCOUNTS) {
      await createMotoCluster({
        endpoint: moto.endpoint,
        region: REGION,
        accountId,
        clusterName: `cluster-${accountId.slice(0, 3)}`,
      });
    }
    const s3 = new S3Client({
      ...testCredentials,
      endpoint: moto.endpoint,
      forcePathStyle: true,
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    s3.destroy();
    const sns = new SNSClient({ ...testCredentials, endpoint: moto.endpoint });
    topicArn =
      (await sns.send(new CreateTopicCommand({ Name: 'eks-netscan' })))
        .TopicArn ?? '';
    sns.destroy();
    // The CLI's own S3/SNS clients are injected; the env only keeps any
    // other client on loopback.
    for (const key of ['AWS_ENDPOINT_URL', 'AWS_REGION']) {
      saved[key] = process.env[key];
    }
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    process.env.AWS_REGION = REGION;
  }, 120_000);

  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await moto?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it.each(cases)(
    '$name: every result is stored before the notification and the exit code is $exitCode',
    async (c) => {
      // Prepare
      putFailures = 0;
      const timeline: Seen[] = [];
      const retryStrategy = new ConfiguredRetryStrategy(4, () => 0);
      const s3Client = new S3Client({
        ...testCredentials,
        endpoint: moto.endpoint,
        forcePathStyle: true,
        retryStrategy,
        requestHandler: recordingHandler('s3', timeline, c.s3Fault),
      });
      const snsClient = new SNSClient({
        ...testCredentials,
        endpoint: moto.endpoint,
        retryStrategy,
        requestHandler: recordingHandler('sns', timeline, c.snsFault),
      });
      const prefix = `run-${c.name.replace(/[^a-z0-9]+/gi, '-')}/`;
      let stderr = '';

      // Act
      const code = await runScanCommand(
        {
          accounts: [ACCOUNTS.join(',')],
          regions: [REGION],
          out: join(work, prefix),
          s3: `s3://${BUCKET}/${prefix}`,
          snsTopic: topicArn,
        },
        {
          s3Client,
          snsClient,
          factoryOptions: {
            endpoint: moto.endpoint,
            credentials: testCredentials.credentials,
            retryStrategy,
          },
          stdout: { write: () => true },
          stderr: { write: (text: string) => (stderr += text) },
        },
      );

      // Assess
      expect(code, stderr).toBe(c.exitCode);
      expect(
        timeline.filter((s) => s.service === 's3' && s.status === 500),
      ).toHaveLength(c.s3Injected);
      const listing = new S3Client({
        ...testCredentials,
        endpoint: moto.endpoint,
        forcePathStyle: true,
      });
      const keys =
        (
          await listing.send(
            new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }),
          )
        ).Contents?.map((o) => o.Key ?? '') ?? [];
      listing.destroy();
      for (const accountId of ACCOUNTS) {
        for (const file of [
          'results.jsonl',
          'snapshot.json.gz',
          'status.json',
        ]) {
          expect(keys, `${accountId} ${file}`).toContainEqual(
            expect.stringMatching(
              new RegExp(`targets/${accountId}/${REGION}/${file}$`),
            ),
          );
        }
      }
      expect(keys).toContainEqual(expect.stringMatching(/latest\.json$/));
      const publishes = timeline.filter(
        (s) => s.service === 'sns' && s.action === 'Publish',
      );
      expect(publishes.length).toBeGreaterThan(0);
      const firstPublish = publishes[0]?.seq ?? -1;
      const resultPuts = timeline.filter(
        (s) =>
          s.service === 's3' &&
          s.action.startsWith('PUT') &&
          /\/targets\/.+\/(results\.jsonl|status\.json)$/.test(s.key),
      );
      expect(resultPuts.length).toBeGreaterThanOrEqual(2 * ACCOUNTS.length);
      for (const put of resultPuts) {
        expect(put.seq, put.key).toBeLessThan(firstPublish);
      }
      expect(publishes.some((s) => s.status === 200)).toBe(c.published);
      if (!c.published) {
        expect(stderr).toMatch(/^eks-netscan: .*InternalFailure/m);
      }
      s3Client.destroy();
      snsClient.destroy();
    },
  );
});
