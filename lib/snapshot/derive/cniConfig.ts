/**
 * The VPC CNI managed add-on's `configurationValues`: the only place the EKS
 * API shows CNI settings (`env`, `enableNetworkPolicy`, `eniConfig`). EKS
 * accepts JSON or YAML there.
 *
 * @module
 */
import { parse } from 'yaml';
import type { Addon } from '../types.js';

/** One ENIConfig from `eniConfig.subnets`: the pod subnet for a key (usually an AZ name). */
interface EniConfigSubnet {
  /** The ENIConfig name (`eniConfig.subnets` key), usually the AZ name. */
  readonly key: string;
  readonly subnetId: string;
  readonly securityGroups: readonly string[];
}

/** What the add-on's `configurationValues` say. */
interface CniConfig {
  /** `configurationValues` was supplied and parsed into an object. */
  readonly visible: boolean;
  /** `env` with every value as a string; a missing key means "not set", not "default". */
  readonly env: Readonly<Record<string, string>>;
  /** `enableNetworkPolicy` as a string, when set. */
  readonly enableNetworkPolicy?: string;
  /** `eniConfig.subnets` sorted by key, when the add-on creates ENIConfigs. */
  readonly eniConfigSubnets?: readonly EniConfigSubnet[];
}

const NOT_VISIBLE: CniConfig = { visible: false, env: {} };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asString = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

const parseEniConfig = (value: unknown): EniConfigSubnet[] | undefined => {
  if (!isRecord(value) || !isRecord(value.subnets)) return undefined;
  const subnets: EniConfigSubnet[] = [];
  for (const [key, entry] of Object.entries(value.subnets)) {
    if (!isRecord(entry) || typeof entry.id !== 'string') continue;
    const groups = Array.isArray(entry.securityGroups)
      ? entry.securityGroups.filter((g): g is string => typeof g === 'string')
      : [];
    subnets.push({ key, subnetId: entry.id, securityGroups: groups });
  }
  return subnets.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
};

/**
 * Parses the `vpc-cni` add-on's `configurationValues` (JSON or YAML).
 *
 * A missing add-on, missing or empty values, or text that does not parse to
 * an object give `visible: false` and an empty `env`: the settings are then
 * unknown, which rules must not read as defaults.
 *
 * @param addon - the managed add-on; `null` or `undefined` when not installed
 *   or not collected
 * @returns the parsed settings
 * @example
 * ```ts
 * parseCniConfig({ addonName: 'vpc-cni', health: { issues: [] },
 *   configurationValues: '{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}' });
 * // { visible: true, env: { ENABLE_PREFIX_DELEGATION: 'true' } }
 * ```
 */
const parseCniConfig = (addon: Addon | null | undefined): CniConfig => {
  const text = addon?.configurationValues?.trim();
  if (!text) return NOT_VISIBLE;
  let values: unknown;
  try {
    // JSON is what the console and most tools send, and JSON.parse is two
    // orders of magnitude faster than the YAML parser.
    values = JSON.parse(text);
  } catch {
    try {
      values = parse(text);
    } catch {
      return NOT_VISIBLE;
    }
  }
  if (!isRecord(values)) return NOT_VISIBLE;
  const env: Record<string, string> = {};
  if (isRecord(values.env)) {
    for (const [key, value] of Object.entries(values.env)) {
      if (value !== null && value !== undefined) env[key] = asString(value);
    }
  }
  const eniConfigSubnets = parseEniConfig(values.eniConfig);
  return {
    visible: true,
    env,
    ...(values.enableNetworkPolicy !== undefined &&
      values.enableNetworkPolicy !== null && {
        enableNetworkPolicy: asString(values.enableNetworkPolicy),
      }),
    ...(eniConfigSubnets !== undefined && { eniConfigSubnets }),
  };
};

/**
 * A boolean CNI env flag: `true`/`false` (case-insensitive), else `undefined`
 * (unset or unparseable: unknown).
 *
 * @param env - `cniEnv`
 * @param key - e.g. `ENABLE_PREFIX_DELEGATION`
 * @returns the flag, or `undefined` when not set
 */
const envFlag = (
  env: Readonly<Record<string, string>>,
  key: string,
): boolean | undefined => {
  const value = env[key]?.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
};

export type { CniConfig, EniConfigSubnet };
export { envFlag, parseCniConfig };
