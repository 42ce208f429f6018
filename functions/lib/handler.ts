/**
 * The one middy chain every handler uses: Powertools context injection with
 * the scan keys on every line, and one error line before a failure is
 * returned to Lambda.
 *
 * @module
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, setFunctionAccount, tagLogs } from './logger.js';

/** A handler as Lambda (and the tests) call it. */
type LambdaHandler<R> = (event: unknown, context: Context) => Promise<R>;

/**
 * Wraps a handler body in the shared middleware.
 *
 * @param name - Handler name, logged with every failure.
 * @param body - Validates the event and calls `lib`; tags the logs itself
 *   once the event names the scan, account and region.
 * @example
 * const handler = lambdaHandler('report', async (event) => report(validateEvent('report', event)));
 */
const lambdaHandler = <R>(
  name: string,
  body: (event: unknown, context: Context) => Promise<R>,
): LambdaHandler<R> =>
  middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: (request) => {
        setFunctionAccount(request.context.invokedFunctionArn);
        tagLogs({});
      },
      onError: (request) => {
        const error = request.error as Error | undefined;
        logger.error(`${name} failed`, {
          errorName: error?.name,
          errorMessage: error?.message,
        });
      },
    })
    .handler(body) as unknown as LambdaHandler<R>;

export type { LambdaHandler };
export { lambdaHandler };
