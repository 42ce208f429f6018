/**
 * The `scan` command's flags, validated into a typed configuration, and the
 * inputs (policies, params, waivers, output directory) checked before any
 * AWS call is made.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultPolicyDirs, loadPolicies } from '../engine/loadPolicies.js';
import { loadParams } from '../engine/params.js';
import type { Severity } from '../engine/types.js';
import { loadWaivers } from '../engine/waivers.js';
import { ConfigError } from '../errors.js';
import { SEVERITIES } from '../findings/severity.js';
import { validateTopicArn } from '../notify/snsNotifier.js';
import type { EvaluationSetup } from '../run/types.js';
import { parseS3Uri, type S3Location } from '../store/s3Uri.js';
import type { TargetSelection } from '../targets/types.js';
import { parseSnapshotFlags, type SnapshotFlags } from './snapshotConfig.js';

/** Output formats of `scan` (what goes to stdout). */
const SCAN_FORMATS = [
  'table',
  'json',
  'jsonl',
  'md',
  'html',
  'ocsf',
  'asff',
] as const;

/** One of {@link SCAN_FORMATS}. */
type ScanFormat = (typeof SCAN_FORMATS)[number];

/** Flags as commander hands them over. */
interface ScanFlags extends Omit<SnapshotFlags, 'out'> {
  readonly out?: string;
  readonly policies?: readonly string[];
  readonly params?: string;
  readonly waivers?: string;
  readonly s3?: string;
  readonly snsTopic?: string;
  readonly format?: string;
  readonly onlyFailed?: boolean;
  readonly failOn?: string;
}

/** Validated configuration of one `scan` run. */
interface ScanConfig {
  readonly selection: TargetSelection;
  readonly externalId?: string;
  readonly profile?: string;
  readonly concurrency: number;
  /** Local directory: the store, or the local copy with `--s3`. */
  readonly out: string;
  readonly s3?: S3Location;
  readonly snsTopic?: string;
  readonly format: ScanFormat;
  readonly onlyFailed: boolean;
  /** Exit 1 when an unwaived failure is at or above this; never when absent. */
  readonly failOn?: Severity;
  readonly policyDirs: readonly string[];
  readonly paramsFile?: string;
  readonly waiversFile?: string;
}

/** Defaults of the `scan` command. */
const SCAN_DEFAULTS = {
  /** Targets scanned at the same time. */
  concurrency: 8,
  out: './eks-netscan-report/',
  format: 'table' as ScanFormat,
} as const;

/**
 * Validates the `scan` flags (the target selection rules of `snapshot`,
 * plus format, severity, S3 URI and topic ARN). Nothing here touches AWS or
 * the file system.
 *
 * @throws ConfigError with one line naming the flag.
 * @example
 * const config = parseScanFlags({ org: true, regions: 'eu-west-1', failOn: 'high' });
 */
const parseScanFlags = (flags: ScanFlags): ScanConfig => {
  const format = flags.format ?? SCAN_DEFAULTS.format;
  if (!(SCAN_FORMATS as readonly string[]).includes(format)) {
    throw new ConfigError(
      `--format: ${JSON.stringify(format)} is not one of ${SCAN_FORMATS.join(', ')}`,
    );
  }
  let failOn: Severity | undefined;
  if (flags.failOn !== undefined && flags.failOn !== 'none') {
    const value = flags.failOn.toLowerCase();
    if (!(SEVERITIES as readonly string[]).includes(value)) {
      throw new ConfigError(
        `--fail-on: ${JSON.stringify(flags.failOn)} is not one of ${SEVERITIES.join(', ')}, none`,
      );
    }
    failOn = value as Severity;
  }
  const base = parseSnapshotFlags({
    ...flags,
    out: flags.out ?? SCAN_DEFAULTS.out,
    concurrency: flags.concurrency ?? SCAN_DEFAULTS.concurrency,
  });
  return {
    selection: base.selection,
    ...(base.externalId ? { externalId: base.externalId } : {}),
    ...(base.profile ? { profile: base.profile } : {}),
    concurrency: base.concurrency,
    out: base.out,
    ...(flags.s3 !== undefined ? { s3: parseS3Uri(flags.s3) } : {}),
    ...(flags.snsTopic !== undefined
      ? { snsTopic: validateTopicArn(flags.snsTopic) }
      : {}),
    format: format as ScanFormat,
    onlyFailed: flags.onlyFailed ?? false,
    ...(failOn ? { failOn } : {}),
    policyDirs: defaultPolicyDirs(flags.policies ?? []),
    ...(flags.params !== undefined ? { paramsFile: flags.params } : {}),
    ...(flags.waivers !== undefined ? { waiversFile: flags.waivers } : {}),
  };
};

/**
 * Creates `dir` when needed and proves it is writable with a probe file.
 *
 * @throws ConfigError naming the flag and the OS error code.
 */
const ensureWritableDir = async (
  dir: string,
  flag = '--out',
): Promise<void> => {
  const probe = join(
    dir,
    `.eks-netscan-probe-${randomBytes(4).toString('hex')}`,
  );
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new ConfigError(
      `${flag}: cannot write to ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { cause: error },
    );
  }
};

/**
 * Loads and checks everything a scan reads from disk: policies (bundled and
 * `--policies`), `--params`, `--waivers`, and the `--out` directory.
 *
 * @param now - Load time; waivers already expired then are reported, never applied.
 * @throws ConfigError (policy, params and waiver errors name file and line).
 */
const loadScanInputs = async (
  config: ScanConfig,
  now: Date,
): Promise<EvaluationSetup> => {
  const { policies } = await loadPolicies(config.policyDirs);
  const params = config.paramsFile
    ? await loadParams(config.paramsFile, policies)
    : undefined;
  const waivers = config.waiversFile
    ? await loadWaivers(config.waiversFile, { now, policies })
    : undefined;
  await ensureWritableDir(config.out);
  return {
    policies,
    ...(params ? { params } : {}),
    ...(waivers ? { waivers } : {}),
  };
};

export type { ScanConfig, ScanFlags, ScanFormat };
export {
  ensureWritableDir,
  loadScanInputs,
  parseScanFlags,
  SCAN_DEFAULTS,
  SCAN_FORMATS,
};
