/**
 * Stable result ids, so results of two scans can be diffed.
 *
 * @module
 */
import { hash } from 'node:crypto';

/**
 * First 16 hex digits of SHA-256 over rule id, account, region and resource
 * id (NUL-separated, so no two tuples collide by concatenation).
 *
 * @example
 * resultId('NET-EP-001', '111111111111', 'us-east-1', 'prod'); // '4f0c…'
 */
const resultId = (
  ruleId: string,
  accountId: string,
  region: string,
  resourceId: string,
): string =>
  hash('sha256', `${ruleId}\0${accountId}\0${region}\0${resourceId}`).slice(
    0,
    16,
  );

export { resultId };
