/**
 * Typed, validated configuration for the CLI commands.
 *
 * @module
 */
export type { SnapshotConfig, SnapshotFlags } from './snapshotConfig.js';
export { parseSnapshotFlags, SNAPSHOT_DEFAULTS } from './snapshotConfig.js';
