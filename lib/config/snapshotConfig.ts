/**
 * The `snapshot` command's flags, validated into a typed configuration before
 * any AWS call is made.
 *
 * @module
 */
import { ConfigError } from '../errors.js';
import { DEFAULT_ROLE_NAME } from '../targets/constants.js';
import type {
  AccountSelection,
  RegionSelection,
  TargetSelection,
} from '../targets/types.js';
import {
  splitList,
  validateAccountIds,
  validateExternalId,
  validateOuIds,
  validateRegions,
  validateRoleName,
} from '../targets/validate.js';

/** Flags as commander hands them over (all strings, lists or booleans). */
interface SnapshotFlags {
  readonly org?: boolean;
  readonly accounts?: string | readonly string[];
  readonly includeOus?: string | readonly string[];
  readonly excludeOus?: string | readonly string[];
  readonly excludeAccounts?: string | readonly string[];
  readonly regions?: string | readonly string[];
  readonly allRegions?: boolean;
  readonly roleName?: string;
  readonly externalId?: string;
  readonly profile?: string;
  readonly concurrency?: string | number;
  readonly out?: string;
}

/** Validated configuration of one `snapshot` run. */
interface SnapshotConfig {
  readonly selection: TargetSelection;
  readonly externalId?: string;
  readonly profile?: string;
  /** Targets collected at the same time. */
  readonly concurrency: number;
  /** Output directory (the store root). */
  readonly out: string;
}

/** Defaults of the `snapshot` command. */
const SNAPSHOT_DEFAULTS = {
  /** Targets collected at the same time. */
  concurrency: 4,
  /** Upper bound of `--concurrency`. */
  maxConcurrency: 64,
  roleName: DEFAULT_ROLE_NAME,
} as const;

const PROFILE_PATTERN = /^[\w+=,.@:/-]{1,128}$/;

const parseConcurrency = (value: string | number | undefined): number => {
  if (value === undefined) return SNAPSHOT_DEFAULTS.concurrency;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > SNAPSHOT_DEFAULTS.maxConcurrency) {
    throw new ConfigError(
      `--concurrency: ${JSON.stringify(String(value))} is not a whole number between 1 and ${SNAPSHOT_DEFAULTS.maxConcurrency}`,
    );
  }
  return n;
};

const listOf = (
  value: string | readonly string[] | undefined,
): string[] | undefined => (value === undefined ? undefined : splitList(value));

/**
 * Validates the `snapshot` flags. Every problem is a `ConfigError` with one
 * line naming the flag and the fix; nothing here touches AWS.
 *
 * @example
 * const config = parseSnapshotFlags({ org: true, allRegions: true, out: './out' });
 */
const parseSnapshotFlags = (flags: SnapshotFlags): SnapshotConfig => {
  if (flags.org && flags.accounts !== undefined) {
    throw new ConfigError(
      '--org and --accounts cannot be used together; pick one',
    );
  }
  if (flags.regions !== undefined && flags.allRegions) {
    throw new ConfigError(
      '--regions and --all-regions cannot be used together; pick one',
    );
  }
  const includeOus = listOf(flags.includeOus);
  const excludeOus = listOf(flags.excludeOus);
  if (!flags.org && (includeOus || excludeOus)) {
    throw new ConfigError(
      `${includeOus ? '--include-ous' : '--exclude-ous'} needs --org (OUs only exist in an organization)`,
    );
  }
  if (!flags.out || flags.out.trim() === '') {
    throw new ConfigError('--out: give the directory to write snapshots to');
  }

  let accounts: AccountSelection;
  if (flags.org) {
    accounts = {
      source: 'organization',
      includeOus: includeOus ? validateOuIds('--include-ous', includeOus) : [],
      excludeOus: excludeOus ? validateOuIds('--exclude-ous', excludeOus) : [],
    };
  } else if (flags.accounts !== undefined) {
    const ids = validateAccountIds('--accounts', splitList(flags.accounts));
    if (ids.length === 0) {
      throw new ConfigError(
        '--accounts: give at least one 12-digit account id',
      );
    }
    accounts = { source: 'list', accountIds: ids };
  } else {
    accounts = { source: 'caller' };
  }

  const regions: RegionSelection =
    flags.regions !== undefined
      ? {
          source: 'list',
          regions: validateRegions('--regions', splitList(flags.regions)),
        }
      : { source: 'enabled' };

  const excludeAccounts = listOf(flags.excludeAccounts);
  if (flags.profile !== undefined && !PROFILE_PATTERN.test(flags.profile)) {
    throw new ConfigError(
      `--profile: ${JSON.stringify(flags.profile)} is not a profile name from ~/.aws/config`,
    );
  }
  return {
    selection: {
      accounts,
      excludeAccounts: excludeAccounts
        ? validateAccountIds('--exclude-accounts', excludeAccounts)
        : [],
      regions,
      roleName: validateRoleName(
        '--role-name',
        flags.roleName ?? SNAPSHOT_DEFAULTS.roleName,
      ),
    },
    ...(flags.externalId !== undefined
      ? { externalId: validateExternalId('--external-id', flags.externalId) }
      : {}),
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    concurrency: parseConcurrency(flags.concurrency),
    out: flags.out,
  };
};

export type { SnapshotConfig, SnapshotFlags };
export { parseSnapshotFlags, SNAPSHOT_DEFAULTS };
