/**
 * Target planning: which accounts and regions a scan visits.
 *
 * @module
 */
export {
  ACCOUNT_ID_PATTERN,
  DEFAULT_ROLE_NAME,
  EXTERNAL_ID_PATTERN,
  KNOWN_REGIONS,
  OU_ID_PATTERN,
  REGION_PATTERN,
  ROLE_NAME_PATTERN,
} from './constants.js';
export type { OrganizationAccount } from './organization.js';
export { accountIdsUnder, listActiveAccounts } from './organization.js';
export { planTargets } from './planTargets.js';
export { listEnabledRegions } from './regions.js';
export type {
  AccountSelection,
  PlanFailure,
  RegionSelection,
  TargetPlan,
  TargetSelection,
} from './types.js';
export {
  splitList,
  validateAccountIds,
  validateExternalId,
  validateOuIds,
  validateRegions,
  validateRoleName,
} from './validate.js';
