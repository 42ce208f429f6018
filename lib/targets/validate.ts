/**
 * Input checks for target selection. Each failure is a `ConfigError` with one
 * line that names the flag, the bad value and how to fix it.
 *
 * @module
 */
import { ConfigError } from '../errors.js';
import {
  ACCOUNT_ID_PATTERN,
  EXTERNAL_ID_PATTERN,
  KNOWN_REGIONS,
  OU_ID_PATTERN,
  REGION_PATTERN,
  ROLE_NAME_PATTERN,
} from './constants.js';

const known = new Set(KNOWN_REGIONS);

/** Splits a comma- or space-separated flag value; drops empties. */
const splitList = (value: string | readonly string[]): string[] =>
  (typeof value === 'string' ? [value] : value)
    .flatMap((part) => part.split(/[\s,]+/))
    .filter((part) => part.length > 0);

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/**
 * Account ids, each exactly 12 digits.
 *
 * @param flag - Flag named in the error, e.g. `--accounts`.
 * @example
 * validateAccountIds('--accounts', ['111122223333']);
 */
const validateAccountIds = (
  flag: string,
  values: readonly string[],
): string[] => {
  const bad = values.filter((value) => !ACCOUNT_ID_PATTERN.test(value));
  if (bad.length > 0) {
    throw new ConfigError(
      `${flag}: ${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is not an account id' : 'are not account ids'}; use 12-digit ids such as 111122223333`,
    );
  }
  return unique(values);
};

/** Region names that match AWS's pattern and are known regions. */
const validateRegions = (flag: string, values: readonly string[]): string[] => {
  if (values.length === 0) {
    throw new ConfigError(`${flag}: give at least one region, e.g. us-east-1`);
  }
  const bad = values.filter(
    (value) => !REGION_PATTERN.test(value) || !known.has(value),
  );
  if (bad.length > 0) {
    throw new ConfigError(
      `${flag}: unknown region ${bad.map((b) => JSON.stringify(b)).join(', ')}; use region names such as us-east-1 or eu-west-1, or --all-regions`,
    );
  }
  return unique(values);
};

/** An IAM role name: 1–64 characters of `[A-Za-z0-9_+=,.@-]`. */
const validateRoleName = (flag: string, value: string): string => {
  if (!ROLE_NAME_PATTERN.test(value)) {
    throw new ConfigError(
      `${flag}: ${JSON.stringify(value)} is not a valid IAM role name; use 1-64 characters of letters, digits and _+=,.@- (a name, not an ARN)`,
    );
  }
  return value;
};

/** An `ExternalId`: 2–1224 characters of `[A-Za-z0-9_+=,.@:/-]`. */
const validateExternalId = (flag: string, value: string): string => {
  if (!EXTERNAL_ID_PATTERN.test(value)) {
    throw new ConfigError(
      `${flag}: the external id must be 2-1224 characters of letters, digits and _+=,.@:/-`,
    );
  }
  return value;
};

/** Organizational unit ids (`ou-…`) or the root id (`r-…`). */
const validateOuIds = (flag: string, values: readonly string[]): string[] => {
  const bad = values.filter((value) => !OU_ID_PATTERN.test(value));
  if (bad.length > 0) {
    throw new ConfigError(
      `${flag}: ${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is not an OU id' : 'are not OU ids'}; use ids such as ou-ab12-cdef3456 or the root id r-ab12`,
    );
  }
  return unique(values);
};

export {
  splitList,
  validateAccountIds,
  validateExternalId,
  validateOuIds,
  validateRegions,
  validateRoleName,
};
