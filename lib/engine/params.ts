/**
 * Parameter overrides: a YAML file with `defaults`, `ous` and `accounts`
 * sections, validated against the loaded policies. Precedence: account >
 * OU > defaults > the policy's own default.
 *
 * @module
 */
import { paramCelType } from './celEnvironment.js';
import type { CompiledPolicy, ParamsFile, ParamValues } from './types.js';
import {
  readYaml,
  validateAgainstSchema,
  type YamlPath,
  type YamlSource,
} from './yamlSource.js';

/** JSON type name of a value, for messages. */
const jsonType = (value: unknown): string =>
  Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value;

/** True when `value` can stand in for a parameter whose default is `defaultValue`. */
const sameParamType = (defaultValue: unknown, value: unknown): boolean => {
  const expected = paramCelType(defaultValue);
  if (Array.isArray(defaultValue) && defaultValue.length === 0) {
    return Array.isArray(value);
  }
  return (
    paramCelType(value) === expected ||
    (expected.endsWith('dyn>') && jsonType(value) === jsonType(defaultValue))
  );
};

const checkSection = (
  source: YamlSource,
  path: YamlPath,
  section: ParamValues | undefined,
  policies: ReadonlyMap<string, CompiledPolicy>,
): void => {
  for (const [ruleId, values] of Object.entries(section ?? {})) {
    const policy = policies.get(ruleId);
    if (!policy) {
      throw source.error(
        [...path, ruleId],
        `unknown rule id '${ruleId}'`,
        true,
      );
    }
    for (const [name, value] of Object.entries(values)) {
      if (!(name in policy.paramDefaults)) {
        const known = Object.keys(policy.paramDefaults);
        throw source.error(
          [...path, ruleId, name],
          `unknown parameter of ${ruleId} (known: ${known.length ? known.join(', ') : 'none'})`,
          true,
        );
      }
      const defaultValue = policy.paramDefaults[name];
      if (!sameParamType(defaultValue, value)) {
        throw source.error(
          [...path, ruleId, name],
          `must be ${paramCelType(defaultValue)} like the policy default, is ${jsonType(value)}`,
        );
      }
    }
  }
};

/**
 * Reads and validates a params file against the loaded policies: unknown
 * rule ids, unknown parameter names and wrong value types are one-line
 * errors with file and line.
 *
 * @throws PolicyValidationError
 *
 * @example
 * const params = await loadParams('params.yaml', policies);
 */
const loadParams = async (
  file: string,
  policies: readonly CompiledPolicy[],
): Promise<ParamsFile> => {
  const source = await readYaml(file);
  if (source.value === null || source.value === undefined) return {};
  validateAgainstSchema(source, 'params.schema.json');
  const value = source.value as ParamsFile;
  const byId = new Map(policies.map((policy) => [policy.id, policy]));
  checkSection(source, ['defaults'], value.defaults, byId);
  for (const [ou, section] of Object.entries(value.ous ?? {})) {
    checkSection(source, ['ous', ou], section, byId);
  }
  for (const [account, section] of Object.entries(value.accounts ?? {})) {
    checkSection(source, ['accounts', account], section, byId);
  }
  return value;
};

/**
 * The parameters one policy sees for one account: policy defaults, then the
 * file's defaults, then each OU (root first), then the account.
 */
const resolveParams = (
  policy: CompiledPolicy,
  params: ParamsFile | undefined,
  accountId: string,
  accountOus: readonly string[],
): Readonly<Record<string, unknown>> => {
  if (!params) return policy.paramDefaults;
  return {
    ...policy.paramDefaults,
    ...params.defaults?.[policy.id],
    ...Object.assign(
      {},
      ...accountOus.map((ou) => params.ous?.[ou]?.[policy.id] ?? {}),
    ),
    ...params.accounts?.[accountId]?.[policy.id],
  };
};

export { loadParams, resolveParams };
