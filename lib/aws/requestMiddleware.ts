/**
 * The middleware that puts every request of a client, retries included,
 * through the {@link RateLimiter} and the {@link CallCounter}.
 *
 * @module
 */
import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  FinalizeRequestMiddleware,
  HandlerExecutionContext,
  MetadataBearer,
  MiddlewareStack,
  Pluggable,
} from '@smithy/types';
import type { RateLimiter } from './rateLimiter.js';
import type { CallCounter } from './types.js';

/** Where a client's requests are admitted and counted. */
interface RequestAccounting {
  readonly limiter: RateLimiter;
  /** Account the client acts in. */
  readonly accountId: string;
  readonly region: string;
  /** IAM prefix of the client's service, e.g. `ec2`. */
  readonly service: string;
  /** Counters that record every request (e.g. the target's and the scan's). */
  readonly counters: readonly CallCounter[];
}

/** Name of the middleware in the client's stack. */
const MIDDLEWARE_NAME = 'eksNetscanRequestAccounting';

const actionOf = (context: HandlerExecutionContext): string =>
  (context.commandName ?? 'Unknown').replace(/Command$/, '');

const accountingMiddleware =
  <Input extends object, Output extends MetadataBearer>(
    accounting: RequestAccounting,
  ): FinalizeRequestMiddleware<Input, Output> =>
  (next: FinalizeHandler<Input, Output>, context: HandlerExecutionContext) =>
  async (args: FinalizeHandlerArguments<Input>) => {
    const action = actionOf(context);
    const permit = await accounting.limiter.acquire({
      accountId: accounting.accountId,
      region: accounting.region,
      service: accounting.service,
      action,
    });
    for (const counter of accounting.counters) {
      counter.record(`${accounting.service}:${action}`);
    }
    try {
      // Only the HTTP handler's own set-up lies between here and the wire.
      permit.start();
      return await next(args);
    } finally {
      permit.release();
    }
  };

/**
 * A client plugin that admits and counts each HTTP attempt. It sits after the
 * SDK's retry middleware (so every retry is limited and counted) and after
 * signing, right before the request goes on the wire: the limit holds at the
 * wire, and credentials (maybe an AssumeRole) are resolved before a slot is
 * taken. The in-flight slot is held until the response is parsed. A request
 * waits at most a few seconds for its slot, far inside SigV4's 5-minute
 * window.
 *
 * @example
 * client.middlewareStack.use(requestAccountingPlugin({ limiter, accountId, region, service: 'ec2', counters: [counter] }));
 */
const requestAccountingPlugin = <
  Input extends object,
  Output extends MetadataBearer,
>(
  accounting: RequestAccounting,
): Pluggable<Input, Output> => ({
  applyToStack(stack: MiddlewareStack<Input, Output>) {
    stack.addRelativeTo(accountingMiddleware<Input, Output>(accounting), {
      name: MIDDLEWARE_NAME,
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      override: true,
    });
  },
});

export type { RequestAccounting };
export { MIDDLEWARE_NAME, requestAccountingPlugin };
