/**
 * SDK request handlers for tests: a canned one (fake fast AWS) and a wrapper
 * around the real HTTP handler that can answer some requests itself (fault
 * injection). Both run the SDK's full middleware: signing, retries, parsing.
 */
import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type {
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
  RequestHandler,
} from '@smithy/types';

/** One request as a handler saw it. */
interface SeenRequest {
  /** `performance.now()` when the handler received it. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Query-protocol `Action`, JSON `X-Amz-Target`, else `METHOD path`. */
  readonly action: string;
  /** Access key id from the SigV4 `Authorization` header. */
  readonly accessKeyId?: string;
}

/** What a test handler answers. */
interface CannedResponse {
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
  /** Milliseconds to wait before answering. */
  readonly delayMs?: number;
}

type Handler = RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;

const bodyText = (body: unknown): string => {
  if (typeof body === 'string') return body;
  // TextDecoder reads the bytes; Buffer.from would call the SDK's
  // string-adapter valueOf() and log a deprecation warning.
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return '';
};

const seen = (request: HttpRequest): SeenRequest => {
  const body = bodyText(request.body);
  const action =
    new URLSearchParams(body).get('Action') ??
    request.headers['x-amz-target'] ??
    `${request.method} ${request.path}`;
  const accessKeyId = /Credential=([^/]+)\//.exec(
    request.headers.authorization ?? '',
  )?.[1];
  return {
    at: performance.now(),
    method: request.method,
    path: request.path,
    headers: { ...request.headers },
    body,
    action,
    accessKeyId,
  };
};

const toResponse = async (
  canned: CannedResponse,
): Promise<{ response: HttpResponse }> => {
  if (canned.delayMs) {
    await new Promise((resolve) => setTimeout(resolve, canned.delayMs));
  }
  return {
    response: {
      statusCode: canned.status,
      headers: { 'content-type': 'text/xml', ...canned.headers },
      body: Readable.from([Buffer.from(canned.body)]),
    },
  };
};

/**
 * A handler that answers every request with `respond(request)` and records
 * what it saw.
 */
const cannedHandler = (
  respond: (request: SeenRequest) => CannedResponse,
): { readonly handler: Handler; readonly requests: SeenRequest[] } => {
  const requests: SeenRequest[] = [];
  const handler: Handler = {
    handle: (request) => {
      const entry = seen(request);
      requests.push(entry);
      return toResponse(respond(entry));
    },
  };
  return { handler, requests };
};

/**
 * The real HTTP handler, except for requests `intercept` answers itself.
 * Records every request.
 */
const interceptingHandler = (
  intercept: (request: SeenRequest) => CannedResponse | undefined,
): { readonly handler: Handler; readonly requests: SeenRequest[] } => {
  const inner = new NodeHttpHandler();
  const requests: SeenRequest[] = [];
  const handler: Handler = {
    handle: (request, options) => {
      const entry = seen(request);
      requests.push(entry);
      const canned = intercept(entry);
      if (canned) return toResponse(canned);
      // The SDK hands every handler the same request object; only the two
      // packages' type declarations differ.
      return inner.handle(
        request as Parameters<NodeHttpHandler['handle']>[0],
        options,
      );
    },
    destroy: () => inner.destroy(),
  };
  return { handler, requests };
};

/** An AWS query-protocol (STS, EC2-style) error body. */
const queryError = (code: string, message: string): string =>
  `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>test</RequestId></ErrorResponse>`;

/** An EC2 error body (EC2 has its own envelope). */
const ec2Error = (code: string, message: string): string =>
  `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>test</RequestID></Response>`;

export type { CannedResponse, SeenRequest };
export { cannedHandler, ec2Error, interceptingHandler, queryError };
