/**
 * Result stores: the key layout of ARCHITECTURE §3, `DirStore`, `S3Store`,
 * `MirrorStore`, and the per-target file helpers.
 *
 * @module
 */
export { putChunks, utf8Chunks } from './chunks.js';
export { DirStore } from './dirStore.js';
export type { ReportFile } from './keys.js';
export {
  inventoryKey,
  LATEST_KEY,
  newScanId,
  REPORT_FILES,
  reportKey,
  resultsKey,
  SCAN_ID_PATTERN,
  SCANS_PREFIX,
  scanPrefix,
  snapshotKey,
  statusKey,
  summaryKey,
  targetPrefix,
  targetsPrefix,
} from './keys.js';
export { MirrorStore } from './mirrorStore.js';
export { S3Store, type S3StoreOptions } from './s3Store.js';
export { parseS3Uri, type S3Location } from './s3Uri.js';
export {
  getInventory,
  getResults,
  getSnapshot,
  getStatus,
  putInventory,
  putResults,
  putSnapshot,
  putStatus,
} from './targetFiles.js';
export type { ChunkSource, ResultStore, TargetStatus } from './types.js';
