/**
 * The scan orchestration both edges (CLI, Lambda) use: one target, a pool of
 * targets, and the report stage.
 *
 * @module
 */
export { resolveAccountOus } from './accountOus.js';
export { complianceOf } from './compliance.js';
export { type DiffStoredInput, diffStoredScans } from './diffStoredScans.js';
export { forEachInOrder } from './forEachInOrder.js';
export {
  type LatestPointer,
  type ReportOptions,
  type ReportOutcome,
  readLatest,
  readStatuses,
  runReport,
} from './runReport.js';
export {
  RUN_SCAN_DEFAULTS,
  type RunScanConfig,
  type RunScanDeps,
  type RunScanOutput,
  runScan,
} from './runScan.js';
export {
  type RunProgress,
  type RunTargetsInput,
  type RunTargetsOutput,
  runTargets,
} from './runTargets.js';
export { scanTarget } from './scanTarget.js';
export { errorStatus, toRunStatus } from './targetStatus.js';
export type {
  EvaluationSetup,
  ScanTargetDeps,
  SnapshotSource,
  TargetRunStatus,
} from './types.js';
