/**
 * The per-run context collectors share: injected clients, the abort signal,
 * bounded concurrency per service, and the one place where a failed call
 * becomes a {@link Gap}.
 *
 * @module
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { TargetClients } from '../aws/types.js';
import type { CollectionName, Gap } from '../snapshot/types.js';
import { MAX_GAP_MESSAGE } from './constants.js';

/** What one call is about, for the gap it leaves when it fails. */
interface CallSpec {
  readonly collection: CollectionName;
  /** IAM prefix; both ELB versions are `elasticloadbalancing`. */
  readonly service: 'eks' | 'ec2' | 'elasticloadbalancing';
  /** API operation, e.g. `DescribeSubnets`. */
  readonly api: string;
  readonly scope?: Gap['scope'];
}

/** Options handed to every `send` and paginator of one attempt. */
interface SendOptions {
  readonly abortSignal?: AbortSignal;
}

/** Outcome of {@link CollectContext.attempt}. */
type Attempt<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly gap: Gap };

/** Shared state of one {@link collectSnapshot} run. */
interface CollectContext {
  readonly clients: TargetClients;
  readonly signal?: AbortSignal;
  /**
   * Runs one call (or one paginated listing) under the service's concurrency
   * bound and the per-call timeout; `call` must pass `send` to every SDK
   * `send`/paginator. A failure is recorded as a gap and returned, never
   * thrown.
   */
  attempt<T>(
    spec: CallSpec,
    call: (send: SendOptions) => Promise<T>,
  ): Promise<Attempt<T>>;
  /** Records a gap that does not come from a call of this run. */
  addGap(gap: Gap): void;
  /** Gaps recorded so far, in the order they happened. */
  readonly gaps: Gap[];
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * The error code a gap records: the AWS code (the SDK sets it as `name`), or
 * a client-side code (`TimeoutError`, `NetworkError`, `Aborted`).
 */
const errorCodeOf = (error: unknown, signal?: AbortSignal): string => {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; Code?: unknown };
  const name = typeof e.name === 'string' ? e.name : '';
  if (name === 'AbortError' || signal?.aborted) return 'Aborted';
  if (typeof e.Code === 'string' && e.Code) return e.Code;
  if (typeof e.code === 'string') {
    if (e.code === 'ETIMEDOUT' || e.code === 'ESOCKETTIMEDOUT') {
      return 'TimeoutError';
    }
    if (NETWORK_CODES.has(e.code)) return 'NetworkError';
  }
  if (name && name !== 'Error') return name;
  return typeof e.code === 'string' ? e.code : 'UnknownError';
};

/** First line of the error message, bounded, without the stack. */
const messageOf = (error: unknown): string => {
  const message = (error as { message?: unknown } | undefined)?.message;
  const raw =
    typeof message === 'string' ? message : String(error ?? 'unknown error');
  const line = raw.split('\n', 1)[0]?.trim() || 'no message';
  return line.length > MAX_GAP_MESSAGE
    ? `${line.slice(0, MAX_GAP_MESSAGE - 1)}…`
    : line;
};

/** Builds the gap a failed call leaves. */
const gapFor = (spec: CallSpec, error: unknown, signal?: AbortSignal): Gap => ({
  collection: spec.collection,
  api: spec.api,
  iamAction: `${spec.service}:${spec.api}`,
  errorCode: errorCodeOf(error, signal),
  message: messageOf(error),
  ...(spec.scope ? { scope: spec.scope } : {}),
});

/** Creates the context of one run. */
const createCollectContext = (input: {
  clients: TargetClients;
  signal?: AbortSignal;
  concurrency: number;
  callTimeoutMs: number;
}): CollectContext => {
  const { clients, signal, callTimeoutMs } = input;
  const limits: Record<CallSpec['service'], LimitFunction> = {
    eks: pLimit(input.concurrency),
    ec2: pLimit(input.concurrency),
    elasticloadbalancing: pLimit(input.concurrency),
  };
  const gaps: Gap[] = [];
  const abortedGap = (spec: CallSpec): Gap =>
    gapFor(spec, { name: 'AbortError', message: 'collection aborted' }, signal);

  const attempt = async <T>(
    spec: CallSpec,
    call: (send: SendOptions) => Promise<T>,
  ): Promise<Attempt<T>> => {
    const outcome = await limits[spec.service](
      async (): Promise<Attempt<T>> => {
        // Checked inside the limiter: calls queued before an abort must not start.
        if (signal?.aborted) return { ok: false, gap: abortedGap(spec) };
        // Started inside the limiter so queueing does not eat the budget; a
        // safety net for HTTP clients configured without a request timeout.
        const timeout = AbortSignal.timeout(callTimeoutMs);
        const abortSignal = signal
          ? AbortSignal.any([signal, timeout])
          : timeout;
        try {
          return { ok: true, value: await call({ abortSignal }) };
        } catch (error) {
          if (timeout.aborted && !signal?.aborted) {
            const timedOut = {
              name: 'TimeoutError',
              message: `no answer within ${callTimeoutMs} ms`,
            };
            return { ok: false, gap: gapFor(spec, timedOut) };
          }
          return { ok: false, gap: gapFor(spec, error, signal) };
        }
      },
    );
    if (!outcome.ok) gaps.push(outcome.gap);
    return outcome;
  };

  return {
    clients,
    signal,
    attempt,
    addGap: (gap) => gaps.push(gap),
    gaps,
  };
};

/**
 * Drains an SDK paginator into one list. Callers set `stopOnSameToken` on the
 * paginator so an API that repeats its `NextToken` cannot loop forever.
 */
const collectPages = async <P, I>(
  pages: AsyncIterable<P>,
  pick: (page: P) => I[] | undefined,
): Promise<I[]> => {
  const items: I[] = [];
  for await (const page of pages) items.push(...(pick(page) ?? []));
  return items;
};

export type { Attempt, CallSpec, CollectContext, SendOptions };
export { collectPages, createCollectContext, errorCodeOf, gapFor, messageOf };
