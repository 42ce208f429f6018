/**
 * The target manifest `plan` writes and the Distributed Map reads.
 *
 * @module
 */
import { scanPrefix } from '../../lib/store/keys.js';

/**
 * Key of a scan's target manifest: a JSON array of targets, the input format
 * the Distributed Map's `ItemReader` (`InputType: JSON`) accepts.
 */
const manifestKey = (scanId: string): string =>
  `${scanPrefix(scanId)}manifest.json`;

export { manifestKey };
