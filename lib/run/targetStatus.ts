/**
 * Builds `status.json` contents for targets that could not be scanned.
 *
 * @module
 */
import { errorCodeOf } from '../aws/credentials.js';
import type { TargetClients } from '../aws/types.js';
import { isCollectionError } from '../errors.js';
import type { Target } from '../snapshot/types.js';
import type { TargetStatus } from '../store/types.js';
import type { TargetRunStatus } from './types.js';

/**
 * The error status of a target: the reason starts with the AWS error code
 * (`AccessDenied: …`) so the summary can group failures.
 */
const errorStatus = (
  target: Pick<Target, 'accountId' | 'accountName' | 'region'>,
  error: unknown,
  startedAt: Date,
  finishedAt: Date,
  clients?: TargetClients,
): TargetStatus => {
  const errorCode = isCollectionError(error)
    ? (error.errorCode ?? 'Unknown')
    : errorCodeOf(error);
  const message =
    error instanceof Error ? error.message : String(error ?? 'unknown error');
  return {
    status: 'error',
    reason: `${errorCode}: ${message.split('\n')[0]}`,
    errorCode,
    accountId: target.accountId,
    ...(target.accountName ? { accountName: target.accountName } : {}),
    region: target.region,
    apiCalls: clients?.counter.total() ?? 0,
    callsByAction: clients?.counter.byAction() ?? {},
    gaps: 0,
    gapDetails: [],
    clusters: 0,
    enis: 0,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
  };
};

/** Drops what the small status leaves in the store. */
const toRunStatus = (status: TargetStatus): TargetRunStatus => {
  const { callsByAction, gapDetails, waivers, ...rest } = status;
  return rest;
};

export { errorStatus, toRunStatus };
