/**
 * `scanTarget`: one Distributed Map item (one account × region) through
 * `scanTarget()` of `lib/run`. It watches the Lambda's remaining time and
 * aborts collection early enough to evaluate and store what it has, so a
 * slow target ends with a partial snapshot (the rest as `Aborted` gaps)
 * instead of a Lambda timeout with nothing stored.
 *
 * @module
 */
import type { Context } from 'aws-lambda';
import {
  type ClientFactoryOptions,
  createClientFactory,
} from '../lib/aws/clientFactory.js';
import { createInstanceTypeCache } from '../lib/collect/instanceTypeCache.js';
import { scanTarget } from '../lib/run/scanTarget.js';
import type { TargetRunStatus } from '../lib/run/types.js';
import type { ResultStore } from '../lib/store/types.js';
import { resultStore } from './lib/clients.js';
import { type HandlerConfig, readHandlerConfig } from './lib/config.js';
import { lambdaHandler } from './lib/handler.js';
import { logger, tagLogs } from './lib/logger.js';
import { bundledPolicies } from './lib/policies.js';
import { type ScanTargetEvent, validateEvent } from './lib/validate.js';

/** What {@link scanOneTarget} needs besides the event. */
interface ScanTargetHandlerDeps {
  readonly config: HandlerConfig;
  readonly store: ResultStore;
  /** Milliseconds left before Lambda stops the invocation. */
  readonly remainingMs: () => number;
  /**
   * Time kept back for evaluation and the store writes; with less than this
   * left, collection stops at once and the target is stored as partial.
   * @default config.abortReserveMs
   */
  readonly reserveMs?: number;
  readonly factoryOptions?: Readonly<Partial<ClientFactoryOptions>>;
  readonly now?: () => Date;
}

// Warm invocations of one process share DescribeInstanceTypes answers.
const instanceTypeCache = createInstanceTypeCache();

/**
 * Scans the item's target and returns its small status.
 *
 * @example
 * const status = await scanOneTarget({ scanId, target }, { config, store, remainingMs: () => context.getRemainingTimeInMillis() });
 */
const scanOneTarget = async (
  event: ScanTargetEvent,
  deps: ScanTargetHandlerDeps,
): Promise<TargetRunStatus> => {
  const { scanId, target } = event;
  tagLogs({ scanId, accountId: target.accountId, region: target.region });
  // Policies load before the budget clock starts: loading is local work far
  // shorter than the reserve, and starting the clock after it means a tiny
  // budget always yields a partial snapshot of this target (Aborted gaps),
  // never a race between the timer and the first collection step.
  const { policies } = await bundledPolicies();
  const reserve = deps.reserveMs ?? deps.config.abortReserveMs;
  const budget = Math.max(0, deps.remainingMs() - reserve);
  const controller = new AbortController();
  const timer = setTimeout(() => {
    logger.warn('collection stopped before the Lambda timeout', {
      budgetMs: budget,
    });
    controller.abort(new Error('Lambda time budget used up'));
  }, budget);
  const factory = createClientFactory({
    ...(deps.config.externalId ? { externalId: deps.config.externalId } : {}),
    scanId,
    ...deps.factoryOptions,
  });
  try {
    const status = await scanTarget(target, {
      scanId,
      store: deps.store,
      factory,
      evaluation: { policies },
      instanceTypeCache,
      signal: controller.signal,
      ...(deps.now ? { now: deps.now } : {}),
    });
    logger.info('target scanned', {
      status: status.status,
      ...(status.reason ? { reason: status.reason } : {}),
      apiCalls: status.apiCalls,
      gaps: status.gaps,
      clusters: status.clusters,
      durationMs: status.durationMs,
      aborted: controller.signal.aborted,
    });
    return status;
  } finally {
    clearTimeout(timer);
    factory.destroy();
  }
};

/** Lambda entry point (the Distributed Map's item processor). */
const handler = lambdaHandler('scanTarget', async (raw, context: Context) => {
  const event = validateEvent('scanTarget', raw);
  const config = readHandlerConfig();
  return scanOneTarget(event, {
    config,
    store: resultStore(config),
    remainingMs: () => context.getRemainingTimeInMillis(),
  });
});

export type { ScanTargetHandlerDeps };
export { handler, scanOneTarget };
