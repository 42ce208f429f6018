/**
 * The handlers' configuration, read from the Lambda environment that
 * `serverless.yml` sets. Every value is validated with the rules of
 * `lib/targets`; a bad value is a `ConfigError` naming the variable.
 *
 * @module
 */

import type { Severity } from '../../lib/engine/types.js';
import { ConfigError } from '../../lib/errors.js';
import { SEVERITIES } from '../../lib/findings/severity.js';
import {
  splitList,
  validateAccountIds,
  validateExternalId,
  validateOuIds,
  validateRegions,
  validateRoleName,
} from '../../lib/targets/validate.js';

/** When the report publishes the digest. */
type NotifyThreshold = Severity | 'always';

/** Validated handler configuration. */
interface HandlerConfig {
  /** Results bucket (`EKS_NETSCAN_BUCKET`). */
  readonly bucket: string;
  /** Digest topic (`EKS_NETSCAN_TOPIC_ARN`); only `report` needs it. */
  readonly topicArn?: string;
  /** Member role name (`EKS_NETSCAN_ROLE_NAME`). */
  readonly roleName: string;
  /** `sts:ExternalId` of the member role (`EKS_NETSCAN_EXTERNAL_ID`). */
  readonly externalId?: string;
  /** Regions scanned; undefined = every enabled region (`EKS_NETSCAN_REGIONS`). */
  readonly regions?: readonly string[];
  readonly includeOus: readonly string[];
  readonly excludeOus: readonly string[];
  readonly excludeAccounts: readonly string[];
  /**
   * Lowest severity of a new or regressed finding that publishes the digest,
   * or `always` (`EKS_NETSCAN_NOTIFY_THRESHOLD`).
   * @default 'high'
   */
  readonly notifyThreshold: NotifyThreshold;
  /**
   * Lambda time `scanTarget` keeps back for evaluation and the store writes
   * (`EKS_NETSCAN_ABORT_RESERVE_MS`).
   * @default 60000
   */
  readonly abortReserveMs: number;
  /**
   * Path-style S3 addressing, for emulators only
   * (`EKS_NETSCAN_S3_FORCE_PATH_STYLE=true`).
   * @default false
   */
  readonly s3ForcePathStyle: boolean;
}

const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const TOPIC_ARN_PATTERN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;

const read = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/**
 * Reads and validates the handler configuration.
 *
 * @param env - The environment. @default process.env
 * @param need - Which optional parts the caller requires (`topic` for report).
 * @throws {ConfigError} Naming the variable and the accepted values.
 * @example
 * const config = readHandlerConfig(process.env, { topic: true });
 */
const readHandlerConfig = (
  env: NodeJS.ProcessEnv = process.env,
  need: { readonly topic?: boolean } = {},
): HandlerConfig => {
  const bucket = read(env, 'EKS_NETSCAN_BUCKET');
  if (!bucket || !BUCKET_PATTERN.test(bucket)) {
    throw new ConfigError(
      `EKS_NETSCAN_BUCKET: ${bucket === undefined ? 'is not set' : `${JSON.stringify(bucket)} is not a bucket name`}`,
    );
  }
  const topicArn = read(env, 'EKS_NETSCAN_TOPIC_ARN');
  if (topicArn !== undefined && !TOPIC_ARN_PATTERN.test(topicArn)) {
    throw new ConfigError(
      `EKS_NETSCAN_TOPIC_ARN: ${JSON.stringify(topicArn)} is not an SNS topic ARN`,
    );
  }
  if (need.topic && topicArn === undefined) {
    throw new ConfigError('EKS_NETSCAN_TOPIC_ARN: is not set');
  }
  const threshold = (
    read(env, 'EKS_NETSCAN_NOTIFY_THRESHOLD') ?? 'high'
  ).toLowerCase();
  if (threshold !== 'always' && !SEVERITIES.includes(threshold as Severity)) {
    throw new ConfigError(
      `EKS_NETSCAN_NOTIFY_THRESHOLD: ${JSON.stringify(threshold)} is not one of always, ${SEVERITIES.join(', ')}`,
    );
  }
  const reserveText = read(env, 'EKS_NETSCAN_ABORT_RESERVE_MS') ?? '60000';
  const abortReserveMs = Number(reserveText);
  if (!/^\d{1,7}$/.test(reserveText)) {
    throw new ConfigError(
      `EKS_NETSCAN_ABORT_RESERVE_MS: ${JSON.stringify(reserveText)} is not a whole number of milliseconds`,
    );
  }
  const list = (name: string): string[] => splitList(read(env, name) ?? '');
  const regions = list('EKS_NETSCAN_REGIONS');
  const externalId = read(env, 'EKS_NETSCAN_EXTERNAL_ID');
  return {
    bucket,
    ...(topicArn ? { topicArn } : {}),
    roleName: validateRoleName(
      'EKS_NETSCAN_ROLE_NAME',
      read(env, 'EKS_NETSCAN_ROLE_NAME') ?? 'EksNetscanReadOnly',
    ),
    ...(externalId
      ? {
          externalId: validateExternalId('EKS_NETSCAN_EXTERNAL_ID', externalId),
        }
      : {}),
    ...(regions.length > 0
      ? { regions: validateRegions('EKS_NETSCAN_REGIONS', regions) }
      : {}),
    includeOus: validateOuIds(
      'EKS_NETSCAN_INCLUDE_OUS',
      list('EKS_NETSCAN_INCLUDE_OUS'),
    ),
    excludeOus: validateOuIds(
      'EKS_NETSCAN_EXCLUDE_OUS',
      list('EKS_NETSCAN_EXCLUDE_OUS'),
    ),
    excludeAccounts: validateAccountIds(
      'EKS_NETSCAN_EXCLUDE_ACCOUNTS',
      list('EKS_NETSCAN_EXCLUDE_ACCOUNTS'),
    ),
    notifyThreshold: threshold as NotifyThreshold,
    abortReserveMs,
    s3ForcePathStyle: read(env, 'EKS_NETSCAN_S3_FORCE_PATH_STYLE') === 'true',
  };
};

export type { HandlerConfig, NotifyThreshold };
export { readHandlerConfig };
