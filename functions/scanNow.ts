/**
 * `scanNow`: an on-demand, synchronous scan of one account and region for
 * pipelines and chat-ops. Runs the same `scanTarget()` as the state machine
 * under a fresh scan id, so everything is stored as usual, and returns the
 * results (optionally one cluster's, optionally failing ones only).
 *
 * @module
 */
import type { Context } from 'aws-lambda';
import {
  type ClientFactoryOptions,
  createClientFactory,
} from '../lib/aws/clientFactory.js';
import { roleArnFor } from '../lib/aws/credentials.js';
import type { Result } from '../lib/engine/types.js';
import type { TargetRunStatus } from '../lib/run/types.js';
import { newScanId, resultsKey } from '../lib/store/keys.js';
import { getResults } from '../lib/store/targetFiles.js';
import type { ResultStore } from '../lib/store/types.js';
import { resultStore } from './lib/clients.js';
import { type HandlerConfig, readHandlerConfig } from './lib/config.js';
import { lambdaHandler } from './lib/handler.js';
import { tagLogs } from './lib/logger.js';
import { type ScanNowEvent, validateEvent } from './lib/validate.js';
import { scanOneTarget } from './scanTarget.js';

/**
 * Largest results payload returned; Lambda's synchronous response limit is
 * 6 MB. Beyond it only failing and unknown results are returned.
 */
const MAX_RESULTS_BYTES = 5_000_000;

/** What `scanNow` returns. */
interface ScanNowResult {
  readonly scanId: string;
  readonly status: TargetRunStatus;
  /** Where all results of the target are stored. */
  readonly resultsKey: string;
  readonly results: Result[];
  /** True when passing results were left out to fit the response. */
  readonly truncated: boolean;
}

/** What {@link scanNow} needs besides the event. */
interface ScanNowDeps {
  readonly config: HandlerConfig;
  readonly store: ResultStore;
  readonly remainingMs: () => number;
  readonly factoryOptions?: Readonly<Partial<ClientFactoryOptions>>;
  readonly now?: () => Date;
}

const isProblem = (result: Result): boolean =>
  result.status === 'fail' || result.status === 'unknown';

/**
 * Scans one account and region now and returns its results.
 *
 * @example
 * const out = await scanNow({ accountId: '111122223333', region: 'eu-west-1', clusterName: 'prod' }, deps);
 */
const scanNow = async (
  event: ScanNowEvent,
  deps: ScanNowDeps,
): Promise<ScanNowResult> => {
  const now = deps.now ?? (() => new Date());
  const scanId = newScanId(now());
  tagLogs({ scanId, accountId: event.accountId, region: event.region });
  const identity = createClientFactory({
    scanId,
    ...deps.factoryOptions,
  });
  let partition: string;
  try {
    ({ partition } = await identity.callerIdentity());
  } finally {
    identity.destroy();
  }
  const target = {
    accountId: event.accountId,
    region: event.region,
    roleArn: roleArnFor(partition, event.accountId, deps.config.roleName),
  };
  const status = await scanOneTarget({ scanId, target }, deps);
  let results = (await getResults(deps.store, scanId, target)).filter(
    (result) =>
      (event.clusterName === undefined ||
        result.clusterName === undefined ||
        result.clusterName === event.clusterName) &&
      (!event.onlyFailed || isProblem(result)),
  );
  let truncated = false;
  if (Buffer.byteLength(JSON.stringify(results)) > MAX_RESULTS_BYTES) {
    results = results.filter(isProblem);
    truncated = true;
  }
  return {
    scanId,
    status,
    resultsKey: resultsKey(scanId, target),
    results,
    truncated,
  };
};

/** Lambda entry point (`aws lambda invoke … scanNow`). */
const handler = lambdaHandler('scanNow', async (raw, context: Context) => {
  const event = validateEvent('scanNow', raw);
  const config = readHandlerConfig();
  return scanNow(event, {
    config,
    store: resultStore(config),
    remainingMs: () => context.getRemainingTimeInMillis(),
  });
});

export type { ScanNowDeps, ScanNowResult };
export { handler, scanNow };
