/**
 * Store keys of ARCHITECTURE §3. Every store (`DirStore`, a later `S3Store`)
 * builds its keys here, so a local directory and an S3 prefix hold identical
 * layouts.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';

/** Key of the scans tree. */
const SCANS_PREFIX = 'scans';

// Keys become path segments and S3 key parts: refuse anything that could
// climb out of the tree or smuggle a separator in.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const segment = (name: string, value: string): string => {
  if (!SEGMENT.test(value) || value.includes('..')) {
    throw new TypeError(`invalid ${name} for a store key: ${value}`);
  }
  return value;
};

/**
 * Prefix of every key of one scan: `scans/<scanId>/`.
 *
 * @param scanId - Id from {@link newScanId}.
 */
const scanPrefix = (scanId: string): string =>
  `${SCANS_PREFIX}/${segment('scanId', scanId)}/`;

/**
 * Prefix of one target's keys:
 * `scans/<scanId>/targets/<accountId>/<region>/`.
 */
const targetPrefix = (
  scanId: string,
  target: { readonly accountId: string; readonly region: string },
): string =>
  `${scanPrefix(scanId)}targets/${segment('accountId', target.accountId)}/${segment('region', target.region)}/`;

/** Key of a target's gzipped snapshot. */
const snapshotKey = (
  scanId: string,
  target: { readonly accountId: string; readonly region: string },
): string => `${targetPrefix(scanId, target)}snapshot.json.gz`;

/** Key of a target's `status.json`. */
const statusKey = (
  scanId: string,
  target: { readonly accountId: string; readonly region: string },
): string => `${targetPrefix(scanId, target)}status.json`;

/** Key of a target's `results.jsonl` (one Result per line). */
const resultsKey = (
  scanId: string,
  target: { readonly accountId: string; readonly region: string },
): string => `${targetPrefix(scanId, target)}results.jsonl`;

/** Key of a target's `inventory.json` (per-cluster data of the HTML report). */
const inventoryKey = (
  scanId: string,
  target: { readonly accountId: string; readonly region: string },
): string => `${targetPrefix(scanId, target)}inventory.json`;

/** Prefix of every target's keys of one scan: `scans/<scanId>/targets/`. */
const targetsPrefix = (scanId: string): string =>
  `${scanPrefix(scanId)}targets/`;

/** Files of the report stage, written once per scan beside `targets/`. */
const REPORT_FILES = [
  'summary.json',
  'digest.txt',
  'report.md',
  'report.html',
  'findings.ocsf.json',
  'findings.asff.json',
] as const;

/** One of {@link REPORT_FILES}. */
type ReportFile = (typeof REPORT_FILES)[number];

/** Key of one report file: `scans/<scanId>/<file>`. */
const reportKey = (scanId: string, file: ReportFile): string =>
  `${scanPrefix(scanId)}${file}`;

/** Key of the scan summary. */
const summaryKey = (scanId: string): string =>
  reportKey(scanId, 'summary.json');

/** Key of the pointer to the last completed scan. */
const LATEST_KEY = 'latest.json';

/**
 * A new scan id that sorts by time: the UTC instant to the second with `:`
 * replaced by `-` (safe in file names and S3 keys), then 4 random hex digits
 * so two scans started in the same second do not collide.
 *
 * @param now - Start of the scan.
 * @param random - Source of the suffix; injectable for tests.
 * @example
 * newScanId(new Date('2026-11-26T10:38:02.123Z')); // '2026-11-26T10-38-02Z-3fa1'
 */
const newScanId = (
  now: Date,
  random: () => string = () => randomBytes(2).toString('hex'),
): string => {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
  return `${stamp}-${random()}`;
};

/** Pattern every id from {@link newScanId} matches. */
const SCAN_ID_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-[0-9a-f]{4}$/;

export type { ReportFile };
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
};
