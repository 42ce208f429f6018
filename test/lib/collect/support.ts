/**
 * Test plumbing for the collector tests: request handlers that count, serve
 * canned responses or inject faults at the HTTP layer, so the SDK's signing,
 * retry and parsing always run. Only loopback addresses are ever contacted.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type {
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
} from '@smithy/types';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import type { CallCounter, TargetClients } from '../../../lib/aws/types.js';
import { testCredentials } from '../../helpers/moto.js';

/** A request handler as the SDK clients accept it. */
interface TestHandler {
  handle(
    request: HttpRequest,
    options?: HttpHandlerOptions,
  ): Promise<{ response: HttpResponse }>;
  updateHttpClientConfig(): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

/** A canned HTTP answer. */
interface Canned {
  readonly statusCode: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

const handler = (
  handle: (
    request: HttpRequest,
    options?: HttpHandlerOptions,
  ) => Promise<{ response: HttpResponse }>,
): TestHandler => ({
  handle,
  updateHttpClientConfig: () => {},
  httpHandlerConfigs: () => ({}),
  destroy: () => {},
});

const toResponse = (canned: Canned): { response: HttpResponse } => ({
  response: {
    statusCode: canned.statusCode,
    reason: undefined,
    headers: canned.headers ?? {},
    body: Buffer.from(canned.body),
  } as HttpResponse,
});

const EKS_ROUTES: [RegExp, string, string][] = [
  [/^\/clusters$/, 'GET', 'ListClusters'],
  [/^\/clusters\/[^/]+$/, 'GET', 'DescribeCluster'],
  [/^\/clusters\/[^/]+\/node-groups$/, 'GET', 'ListNodegroups'],
  [/^\/clusters\/[^/]+\/node-groups\/[^/]+$/, 'GET', 'DescribeNodegroup'],
  [/^\/clusters\/[^/]+\/addons\/[^/]+$/, 'GET', 'DescribeAddon'],
  [/^\/clusters\/[^/]+\/fargate-profiles$/, 'GET', 'ListFargateProfiles'],
  [
    /^\/clusters\/[^/]+\/fargate-profiles\/[^/]+$/,
    'GET',
    'DescribeFargateProfile',
  ],
  [/^\/cluster-versions$/, 'GET', 'DescribeClusterVersions'],
];

const bodyText = (request: HttpRequest): string =>
  typeof request.body === 'string' ? request.body : '';

/** `ec2:DescribeSubnets`, `eks:DescribeCluster`, … for one request. */
const actionOf = (request: HttpRequest): string => {
  const ec2Action = /(?:^|&)Action=([A-Za-z]+)/.exec(bodyText(request))?.[1];
  if (ec2Action) return `ec2:${ec2Action}`;
  for (const [pattern, method, api] of EKS_ROUTES) {
    if (request.method === method && pattern.test(request.path)) {
      return `eks:${api}`;
    }
  }
  return `eks:${request.method} ${request.path}`;
};

/** Action plus every request parameter: equal keys mean a repeated call. */
const requestKeyOf = (request: HttpRequest): string => {
  const query = Object.entries(request.query ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .sort()
    .join('&');
  return `${actionOf(request)} ${request.path}?${query} ${bodyText(request)
    .split('&')
    .filter((p) => !p.startsWith('Version='))
    .sort()
    .join('&')}`;
};

/** A plain {@link CallCounter}, as the client factory's middleware keeps it. */
const createTestCounter = (): CallCounter => {
  const counts = new Map<string, number>();
  return {
    record: (action) => counts.set(action, (counts.get(action) ?? 0) + 1),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    byAction: () => Object.fromEntries(counts),
  };
};

/** Every request key seen, in order (one per HTTP attempt). */
interface RequestLog {
  readonly keys: string[];
}

/** Wraps a handler: every HTTP attempt is counted and logged. */
const countingHandler = (
  inner: TestHandler | NodeHttpHandler,
  counter: CallCounter,
  log: RequestLog = { keys: [] },
): TestHandler =>
  handler(async (request, options) => {
    counter.record(actionOf(request));
    log.keys.push(requestKeyOf(request));
    return (await inner.handle(request as never, options)) as {
      response: HttpResponse;
    };
  });

/**
 * Serves answers from `route`; requests it does not answer go to `fallback`
 * (e.g. moto), or fail the test loudly.
 */
const cannedHandler = (
  route: (action: string, request: HttpRequest) => Canned | undefined,
  fallback?: TestHandler | NodeHttpHandler,
): TestHandler =>
  handler(async (request, options) => {
    const canned = route(actionOf(request), request);
    if (canned) return toResponse(canned);
    if (fallback) {
      return (await fallback.handle(request as never, options)) as {
        response: HttpResponse;
      };
    }
    throw new Error(`no canned response for ${requestKeyOf(request)}`);
  });

/** What a fault rule does with the n-th matching attempt (0-based). */
type Fault = (
  attempt: number,
  request: HttpRequest,
) => Canned | 'hang' | undefined;

/**
 * Injects faults per action; unmatched attempts pass through. `hang` sends
 * the attempt to a loopback server that never answers, through a real
 * `NodeHttpHandler` whose `requestTimeout` (when given) turns it into a
 * `TimeoutError`.
 */
const faultHandler = (
  inner: TestHandler | NodeHttpHandler,
  faults: Record<string, Fault>,
  hang?: { port: number; requestTimeoutMs?: number },
): TestHandler => {
  const attempts = new Map<string, number>();
  // Without `requestTimeoutMs` the client waits forever, like an SDK client
  // built without a request timeout.
  const hangClient = hang
    ? new NodeHttpHandler(
        hang.requestTimeoutMs
          ? {
              requestTimeout: hang.requestTimeoutMs,
              throwOnRequestTimeout: true,
            }
          : {},
      )
    : undefined;
  return handler(async (request, options) => {
    const action = actionOf(request);
    const fault = faults[action];
    const n = attempts.get(action) ?? 0;
    attempts.set(action, n + 1);
    const outcome = fault?.(n, request);
    if (outcome === 'hang' && hang && hangClient) {
      const redirected = { ...request, hostname: '127.0.0.1', port: hang.port };
      return (await hangClient.handle(redirected as never, options)) as {
        response: HttpResponse;
      };
    }
    if (outcome && outcome !== 'hang') return toResponse(outcome);
    return (await inner.handle(request as never, options)) as {
      response: HttpResponse;
    };
  });
};

/** A loopback HTTP server that accepts requests and never answers them. */
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

/** EC2 `UnauthorizedOperation`-style query-protocol error body. */
const ec2Error = (code: string, message: string, statusCode = 400): Canned => ({
  statusCode,
  headers: { 'content-type': 'text/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>test</RequestID></Response>`,
});

/** EKS REST-JSON error. */
const eksError = (
  code: string,
  message: string,
  statusCode: number,
): Canned => ({
  statusCode,
  headers: {
    'content-type': 'application/json',
    'x-amzn-errortype': code,
  },
  body: JSON.stringify({ message }),
});

/**
 * Reads `test/fixtures/aws/<service>/<operation>/<scenario>.(json|xml)` as a
 * 200 response of the matching content type.
 */
const fixture = (
  service: 'eks' | 'ec2',
  operation: string,
  scenario: string,
): Canned => {
  const ext = service === 'ec2' ? 'xml' : 'json';
  const url = new URL(
    `../../fixtures/aws/${service}/${operation}/${scenario}.${ext}`,
    import.meta.url,
  );
  return {
    statusCode: 200,
    headers: {
      'content-type': service === 'ec2' ? 'text/xml' : 'application/json',
    },
    body: readFileSync(url, 'utf8'),
  };
};

/** Options of {@link makeClients}. */
interface MakeClientsOptions {
  readonly handler: TestHandler | NodeHttpHandler;
  readonly region: string;
  /** Loopback endpoint; canned-only tests use a placeholder port. */
  readonly endpoint?: string;
  /** Attempts per call, backoff skipped. @default 3 */
  readonly maxAttempts?: number;
  readonly log?: RequestLog;
}

/**
 * Real `EKSClient`/`EC2Client` whose every HTTP attempt goes through a
 * counting wrapper around `handler`.
 */
const makeClients = (options: MakeClientsOptions): TargetClients => {
  const counter = createTestCounter();
  const config = {
    ...testCredentials,
    region: options.region,
    endpoint: options.endpoint ?? 'http://127.0.0.1:9',
    requestHandler: countingHandler(options.handler, counter, options.log),
    retryStrategy: new ConfiguredRetryStrategy(
      options.maxAttempts ?? 3,
      () => 0,
    ),
  };
  return {
    eks: new EKSClient(config),
    ec2: new EC2Client(config),
    counter,
  };
};

export type { Canned, Fault, RequestLog, TestHandler };
export {
  actionOf,
  cannedHandler,
  countingHandler,
  createTestCounter,
  ec2Error,
  eksError,
  faultHandler,
  fixture,
  makeClients,
  requestKeyOf,
  startHangingServer,
};
