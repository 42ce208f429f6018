/**
 * The fault matrix's world: one moto server per test file with a few member
 * accounts that each run an EKS cluster, a wrapping request handler that
 * injects faults at the HTTP layer per (account, action), and
 * `eks-netscan scan` (runScan) over every target, read back from its output
 * directory, so each case can compare the faulted run with a clean baseline.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type {
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
} from '@smithy/types';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { runScanCommand } from '../../lib/cli/scanCommand.js';
import {
  type CompiledPolicy,
  defaultPolicyDirs,
  loadPolicies,
  type Result,
} from '../../lib/engine/index.js';
import type { ScanSummary } from '../../lib/report/types.js';
import type { Snapshot } from '../../lib/snapshot/types.js';
import type { TargetStatus } from '../../lib/store/index.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../helpers/moto.js';
import { createMotoCluster } from '../helpers/motoCluster.js';

/** Member accounts of the matrix; each has one cluster in {@link REGION}. */
const ACCOUNTS = ['111111111111', '222222222222', '333333333333'] as const;
const REGION = 'us-east-1';
/** Fixed evaluation time, so baseline and faulted results compare equal. */
const NOW = new Date('2026-06-01T00:00:00Z');

/** One request as the fault handler sees it. */
interface FaultRequest {
  /** Account the request acts in (from its credentials), `hub` for the caller. */
  readonly accountId: string;
  /** `ec2:DescribeSubnets`, `eks:ListNodegroups`, `sts:AssumeRole`, … */
  readonly action: string;
  /** Body text (query protocols). */
  readonly body: string;
  /** The SDK's attempt number of this call (1 = first try), from `amz-sdk-request`. */
  readonly attempt: number;
}

/** A canned HTTP answer, or `hang` for a response that never arrives. */
type FaultOutcome =
  | {
      readonly status: number;
      readonly body: string;
      readonly json?: boolean;
      readonly errorType?: string;
    }
  | 'hang';

/** Decides per request; `undefined` passes it through to moto. */
type Fault = (request: FaultRequest) => FaultOutcome | undefined;

/** What one scan of the world produced. */
interface MatrixRun {
  /** Exit code of `eks-netscan scan`. */
  readonly exitCode: number;
  readonly stderr: string;
  /** The scan's `summary.json` (coverage, counts). */
  readonly summary: ScanSummary;
  readonly statuses: Map<string, TargetStatus>;
  readonly snapshots: Map<string, Snapshot>;
  readonly results: Map<string, Result[]>;
  /** Faulted attempts per action. */
  readonly injected: Map<string, number>;
  /** Every attempt per action. */
  readonly attempts: Map<string, number>;
}

const EKS_ACTIONS: [RegExp, string][] = [
  [/^\/clusters$/, 'ListClusters'],
  [/^\/clusters\/[^/]+$/, 'DescribeCluster'],
  [/^\/clusters\/[^/]+\/node-groups$/, 'ListNodegroups'],
  [/^\/clusters\/[^/]+\/node-groups\/[^/]+$/, 'DescribeNodegroup'],
  [/^\/clusters\/[^/]+\/addons\/[^/]+$/, 'DescribeAddon'],
  [/^\/clusters\/[^/]+\/fargate-profiles$/, 'ListFargateProfiles'],
  [/^\/clusters\/[^/]+\/fargate-profiles\/[^/]+$/, 'DescribeFargateProfile'],
  [/^\/cluster-versions$/, 'DescribeClusterVersions'],
];

const bodyOf = (request: HttpRequest): string => {
  const body = request.body as unknown;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return '';
};

const actionOf = (request: HttpRequest, body: string): string => {
  const service =
    /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(
      request.headers.authorization ?? '',
    )?.[1] ?? '';
  if (service === 'eks') {
    const hit = EKS_ACTIONS.find(([pattern]) => pattern.test(request.path));
    return `eks:${hit?.[1] ?? request.path}`;
  }
  const target = request.headers['x-amz-target'];
  if (target) return `${service}:${target.split('.').pop() ?? ''}`;
  return `${service}:${new URLSearchParams(body).get('Action') ?? request.method}`;
};

const streamToBuffer = async (body: unknown): Promise<Buffer> => {
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
};

/**
 * The real HTTP handler wrapped with `fault`. It learns which account each
 * assumed-role access key belongs to from the `AssumeRole` answers it relays,
 * so faults can be aimed at one target.
 */
const faultingHandler = (
  fault: Fault,
  hang: { readonly port: number; readonly timeoutMs: number },
) => {
  // moto's server drops idle keep-alive sockets; a retry that picks one up
  // fails with "socket hang up", which is the test bed's flake, not a fault.
  const inner = new NodeHttpHandler({
    httpAgent: new Agent({ keepAlive: false }),
  });
  const hanging = new NodeHttpHandler({
    requestTimeout: hang.timeoutMs,
    throwOnRequestTimeout: true,
  });
  const accountOfKey = new Map<string, string>();
  const attempts = new Map<string, number>();
  const injected = new Map<string, number>();
  const handle = async (
    request: HttpRequest,
    options?: HttpHandlerOptions,
  ): Promise<{ response: HttpResponse }> => {
    const body = bodyOf(request);
    const action = actionOf(request, body);
    const key =
      /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ??
      '';
    const accountId = accountOfKey.get(key) ?? 'hub';
    attempts.set(action, (attempts.get(action) ?? 0) + 1);
    const attempt = Number(
      /attempt=(\d+)/.exec(request.headers['amz-sdk-request'] ?? '')?.[1] ?? 1,
    );
    const outcome = fault({ accountId, action, body, attempt });
    if (outcome === 'hang') {
      injected.set(action, (injected.get(action) ?? 0) + 1);
      return (await hanging.handle(
        { ...request, hostname: '127.0.0.1', port: hang.port } as never,
        options,
      )) as { response: HttpResponse };
    }
    if (outcome) {
      injected.set(action, (injected.get(action) ?? 0) + 1);
      return {
        response: {
          statusCode: outcome.status,
          headers: outcome.json
            ? {
                'content-type': 'application/json',
                ...(outcome.errorType
                  ? { 'x-amzn-errortype': outcome.errorType }
                  : {}),
              }
            : { 'content-type': 'text/xml' },
          body: Readable.from([Buffer.from(outcome.body)]),
        } as HttpResponse,
      };
    }
    // moto's single-process server sometimes drops a fresh connection under
    // load ("socket hang up"). That is the test bed failing, not a fault
    // under test, so it is absorbed here, below the SDK, where it cannot
    // change the attempt counts the matrix asserts on.
    const send = () =>
      inner.handle(request as never, options) as Promise<{
        response: HttpResponse;
      }>;
    const answer = await send().catch((error: unknown) => {
      if (/socket hang up|ECONNRESET/.test(String(error))) return send();
      throw error;
    });
    if (action === 'sts:AssumeRole' && answer.response.statusCode === 200) {
      const bytes = await streamToBuffer(answer.response.body);
      const text = bytes.toString('utf8');
      const assumedKey = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text)?.[1];
      const roleAccount = /RoleArn=arn%3Aaws%3Aiam%3A%3A(\d{12})/.exec(
        body,
      )?.[1];
      if (assumedKey && roleAccount) accountOfKey.set(assumedKey, roleAccount);
      answer.response.body = Readable.from([bytes]);
    }
    return answer;
  };
  return {
    handler: {
      handle,
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
      destroy: () => {
        inner.destroy();
        hanging.destroy();
      },
    },
    injected,
    attempts,
  };
};

/** A loopback server that accepts requests and never answers them. */
const startHangingServer = async (): Promise<{
  port: number;
  stop(): Promise<void>;
}> => {
  const server: Server = createServer(() => {});
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** The moto world of one test file. */
interface MatrixWorld {
  readonly moto: MotoServer;
  readonly policies: CompiledPolicy[];
  /** A clean scan of the same world, for "complete and correct". */
  readonly baseline: MatrixRun;
  scan(fault: Fault): Promise<MatrixRun>;
  stop(): Promise<void>;
}

const readJson = async <T>(path: string, gz = false): Promise<T> => {
  const bytes = await readFile(path);
  return JSON.parse((gz ? gunzipSync(bytes) : bytes).toString('utf8')) as T;
};

/** Starts moto, creates the member clusters and runs the clean baseline. */
const createMatrixWorld = async (): Promise<MatrixWorld> => {
  const moto = await startMoto();
  const hang = await startHangingServer();
  const work = await mkdtemp(join(tmpdir(), 'eks-netscan-fault-'));
  for (const accountId of ACCOUNTS) {
    await createMotoCluster({
      endpoint: moto.endpoint,
      region: REGION,
      accountId,
      clusterName: `cluster-${accountId.slice(0, 3)}`,
    });
  }
  const { policies } = await loadPolicies(defaultPolicyDirs());
  let runs = 0;

  const scan = async (fault: Fault): Promise<MatrixRun> => {
    const { handler, injected, attempts } = faultingHandler(fault, {
      port: hang.port,
      timeoutMs: 300,
    });
    runs += 1;
    const out = join(work, `run-${runs}`);
    const scanId = `2026-06-01T00-00-00Z-${String(runs).padStart(4, '0')}`;
    let stderr = '';
    const exitCode = await runScanCommand(
      { accounts: [ACCOUNTS.join(',')], regions: [REGION], out },
      {
        factoryOptions: {
          endpoint: moto.endpoint,
          credentials: testCredentials.credentials,
          requestHandler: handler,
          // Zero backoff keeps the matrix fast. Four attempts, not the
          // default three: under concurrent load moto now and then drops a
          // connection ("socket hang up"), and that flake must not look like
          // an injected fault.
          retryStrategy: new ConfiguredRetryStrategy(4, () => 0),
          // moto's server is one process: at the default 32 requests in
          // flight per account it drops connections under a loaded machine,
          // and those extra attempts dilute the injected-fault shares.
          maxInFlightPerAccount: 8,
        },
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
        now: () => NOW,
        scanId,
      },
    );
    handler.destroy();
    const scanDir = join(out, 'scans', scanId);
    const summary = await readJson<ScanSummary>(join(scanDir, 'summary.json'));
    const statuses = new Map<string, TargetStatus>();
    const snapshots = new Map<string, Snapshot>();
    const results = new Map<string, Result[]>();
    for (const accountId of ACCOUNTS) {
      const dir = join(scanDir, 'targets', accountId, REGION);
      const files = await readdir(dir).catch(() => [] as string[]);
      if (files.includes('status.json')) {
        statuses.set(
          accountId,
          await readJson<TargetStatus>(join(dir, 'status.json')),
        );
      }
      if (files.includes('snapshot.json.gz')) {
        snapshots.set(
          accountId,
          await readJson<Snapshot>(join(dir, 'snapshot.json.gz'), true),
        );
      }
      if (files.includes('results.jsonl')) {
        const text = await readFile(join(dir, 'results.jsonl'), 'utf8');
        results.set(
          accountId,
          text
            .split('\n')
            .filter(Boolean)
            .map((line) => {
              // The scan id is the only field that differs between runs.
              const { scanId: _scanId, ...rest } = JSON.parse(line) as Result;
              return rest as Result;
            }),
        );
      }
    }
    return {
      exitCode,
      stderr,
      summary,
      statuses,
      snapshots,
      results,
      injected,
      attempts,
    };
  };

  const baseline = await scan(() => undefined);
  return {
    moto,
    policies,
    baseline,
    scan,
    async stop() {
      await hang.stop();
      await moto.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
};

/** A snapshot without the fields that differ between two clean runs. */
const comparable = (snapshot: Snapshot | undefined): unknown => {
  if (!snapshot) return undefined;
  const {
    scanId: _scanId,
    collectedAt: _at,
    stats: _stats,
    ...rest
  } = snapshot;
  return rest;
};

/** EC2 query-protocol error body. */
const ec2ErrorBody = (code: string, message: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fault</RequestID></Response>`;

/** STS query-protocol error body. */
const stsErrorBody = (code: string, message: string): string =>
  `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`;

export type { Fault, FaultOutcome, FaultRequest, MatrixRun, MatrixWorld };
export {
  ACCOUNTS,
  comparable,
  createMatrixWorld,
  ec2ErrorBody,
  NOW,
  REGION,
  stsErrorBody,
};
