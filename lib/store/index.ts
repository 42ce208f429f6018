/**
 * Result stores: the key layout of ARCHITECTURE §3, the `DirStore`, and the
 * per-target file helpers.
 *
 * @module
 */
export { DirStore } from './dirStore.js';
export {
  LATEST_KEY,
  newScanId,
  SCAN_ID_PATTERN,
  SCANS_PREFIX,
  scanPrefix,
  snapshotKey,
  statusKey,
  summaryKey,
  targetPrefix,
} from './keys.js';
export {
  getSnapshot,
  getStatus,
  putSnapshot,
  putStatus,
} from './targetFiles.js';
export type { ResultStore, TargetStatus } from './types.js';
