/**
 * `lib/collect`: Target → Snapshot with the minimal call plan.
 *
 * @module
 */
export { expectedCallCount } from './callPlan.js';
export { collectSnapshot } from './collectSnapshot.js';
export { DEFAULT_COLLECT_OPTIONS, PAGE_SIZES } from './constants.js';
export {
  createInstanceTypeCache,
  mergeInstanceType,
} from './instanceTypeCache.js';
export {
  COLLECTOR_PERMISSIONS,
  COLLECTORS,
  findCollector,
} from './registry.js';
export type {
  ApiInstanceType,
  CallPlanShape,
  CollectInput,
  CollectOptions,
  CollectorDescriptor,
  InstanceTypeCache,
  SubnetCidrReservationsMode,
} from './types.js';
