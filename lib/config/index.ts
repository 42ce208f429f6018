/**
 * Typed, validated configuration for the CLI commands.
 *
 * @module
 */
export type { ScanConfig, ScanFlags, ScanFormat } from './scanConfig.js';
export {
  ensureWritableDir,
  loadScanInputs,
  parseScanFlags,
  SCAN_DEFAULTS,
  SCAN_FORMATS,
} from './scanConfig.js';
export type { SnapshotConfig, SnapshotFlags } from './snapshotConfig.js';
export { parseSnapshotFlags, SNAPSHOT_DEFAULTS } from './snapshotConfig.js';
