/**
 * `plan`: the first state of the scan state machine. Discovers the targets
 * (Organizations accounts × regions, include/exclude from the configuration
 * or the execution input), writes them as the Distributed Map's manifest (a
 * JSON array in S3, read by `ItemReader`), records accounts that could not
 * be planned as failed targets, and returns the manifest's location.
 *
 * @module
 */
import {
  type ClientFactoryOptions,
  createClientFactory,
} from '../lib/aws/clientFactory.js';
import { roleArnFor } from '../lib/aws/credentials.js';
import type { Target } from '../lib/snapshot/types.js';
import { newScanId } from '../lib/store/keys.js';
import { putStatus } from '../lib/store/targetFiles.js';
import type { ResultStore, TargetStatus } from '../lib/store/types.js';
import { planTargets } from '../lib/targets/planTargets.js';
import type { TargetSelection } from '../lib/targets/types.js';
import { resultStore } from './lib/clients.js';
import { type HandlerConfig, readHandlerConfig } from './lib/config.js';
import { lambdaHandler } from './lib/handler.js';
import { logger, tagLogs } from './lib/logger.js';
import { manifestKey } from './lib/manifest.js';
import { type PlanEvent, validateEvent } from './lib/validate.js';

/** What `plan` returns to the state machine (small: the items are in S3). */
interface PlanResult {
  readonly scanId: string;
  /** Where the Distributed Map's `ItemReader` finds the targets. */
  readonly manifest: { readonly bucket: string; readonly key: string };
  /** Targets in the manifest. */
  readonly targets: number;
  /** Accounts that could not be planned (recorded as failed targets). */
  readonly planFailures: number;
}

/** Everything {@link planScan} needs besides the event. */
interface PlanDeps {
  readonly config: HandlerConfig;
  readonly store: ResultStore;
  /** Extra client factory options (endpoints, request handler). */
  readonly factoryOptions?: Readonly<Partial<ClientFactoryOptions>>;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

const selectionOf = (
  event: PlanEvent,
  config: HandlerConfig,
): TargetSelection => {
  const regions = event.regions ?? config.regions;
  return {
    accounts: event.accounts
      ? { source: 'list', accountIds: [...new Set(event.accounts)] }
      : {
          source: 'organization',
          includeOus: event.includeOus ?? config.includeOus,
          excludeOus: event.excludeOus ?? config.excludeOus,
        },
    excludeAccounts: event.excludeAccounts ?? config.excludeAccounts,
    regions: regions
      ? { source: 'list', regions: [...new Set(regions)] }
      : { source: 'enabled' },
    roleName: config.roleName,
  };
};

/**
 * Plans one scan and writes its manifest.
 *
 * @example
 * const { scanId, manifest } = await planScan({ regions: ['eu-west-1'] }, { config, store });
 */
const planScan = async (
  event: PlanEvent,
  deps: PlanDeps,
): Promise<PlanResult> => {
  const now = deps.now ?? (() => new Date());
  const scanId = newScanId(now());
  tagLogs({ scanId });
  const factory = createClientFactory({
    ...(deps.config.externalId ? { externalId: deps.config.externalId } : {}),
    scanId,
    ...deps.factoryOptions,
  });
  try {
    const plan = await planTargets(selectionOf(event, deps.config), factory);
    const { partition } = await factory.callerIdentity();
    // The Lambdas hold no read permissions of their own: the hub account is
    // scanned through its member role like every other account.
    const targets: Target[] = plan.targets.map((target) =>
      target.roleArn
        ? target
        : {
            ...target,
            roleArn: roleArnFor(
              partition,
              target.accountId,
              deps.config.roleName,
            ),
          },
    );
    for (const failure of plan.failures) {
      const at = now().toISOString();
      const status: TargetStatus = {
        status: 'error',
        reason: `${failure.error.errorCode ?? 'Unknown'}: ${failure.error.message}`,
        errorCode: failure.error.errorCode ?? 'Unknown',
        accountId: failure.target.accountId,
        ...(failure.target.accountName
          ? { accountName: failure.target.accountName }
          : {}),
        region: failure.target.region,
        apiCalls: 0,
        callsByAction: {},
        gaps: 0,
        clusters: 0,
        enis: 0,
        durationMs: 0,
        startedAt: at,
        finishedAt: at,
      };
      await putStatus(deps.store, scanId, status);
      logger.warn('account not planned', {
        failedAccountId: failure.target.accountId,
        reason: status.reason,
      });
    }
    const key = manifestKey(scanId);
    await deps.store.put(key, Buffer.from(JSON.stringify(targets)));
    logger.info('scan planned', {
      targets: targets.length,
      planFailures: plan.failures.length,
      manifestKey: key,
    });
    return {
      scanId,
      manifest: { bucket: deps.config.bucket, key },
      targets: targets.length,
      planFailures: plan.failures.length,
    };
  } finally {
    factory.destroy();
  }
};

/** Lambda entry point (Step Functions `Plan` state, execution input as event). */
const handler = lambdaHandler('plan', async (raw) => {
  const event = validateEvent('plan', raw ?? {});
  const config = readHandlerConfig();
  return planScan(event, { config, store: resultStore(config) });
});

export type { PlanDeps, PlanResult };
export { handler, planScan };
