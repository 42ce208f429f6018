/**
 * The rules engine: policy loading (YAML → schema → CEL), evaluation,
 * params, waivers and stable result ids.
 *
 * @module
 */
export { CATALOG, CATALOG_IDS, missingCatalogIds } from './catalog.js';
export { NETWORK_FUNCTIONS } from './celEnvironment.js';
export { type EvaluateOptions, evaluate } from './evaluate.js';
export {
  defaultPolicyDirs,
  type LoadedPolicies,
  type LoadPoliciesOptions,
  loadPolicies,
  loadPolicyFile,
  POLICIES_DIR,
  type SkippedPolicy,
} from './loadPolicies.js';
export { loadParams, resolveParams } from './params.js';
export { resultId } from './resultId.js';
export type * from './types.js';
export { type LoadWaiversOptions, loadWaivers } from './waivers.js';
