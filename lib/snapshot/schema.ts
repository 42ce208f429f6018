/**
 * Snapshot validation against `snapshot.schema.json` (JSON Schema draft-07,
 * compiled once with ajv). A snapshot read from a file or a store goes
 * through {@link validateSnapshot} before `derive()` sees it.
 *
 * @module
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ConfigError } from '../errors.js';
import schema from './snapshot.schema.json' with { type: 'json' };
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from './types.js';

// ajv-formats is CommonJS: under NodeNext the default import is its
// `module.exports`, which carries the plugin again as `.default`.
const addFormats = (
  addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }
).default;

const ajv = new Ajv({ allErrors: false, strict: true });
addFormats(ajv);
const validate = ajv.compile<Snapshot>(schema);

/** Dotted field path of an ajv instance path, e.g. `clusters[0].name`. */
const fieldOf = (instancePath: string): string =>
  instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (text, part) =>
        /^\d+$/.test(part)
          ? `${text}[${part}]`
          : /^[A-Za-z_$][\w$]*$/.test(part)
            ? text
              ? `${text}.${part}`
              : part
            : `${text}[${JSON.stringify(part)}]`,
      '',
    );

/** One line for the first schema error: field and reason. */
const describe = (error: ErrorObject): string => {
  const base = fieldOf(error.instancePath);
  const at = (field?: string): string =>
    [base, field].filter(Boolean).join('.') || '(snapshot)';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${at(String(params.missingProperty))}: is required`;
    case 'additionalProperties':
      return `${at(String(params.additionalProperty))}: is not a snapshot field`;
    case 'enum':
      return `${at()}: must be one of ${(params.allowedValues as unknown[])
        .map((value) => JSON.stringify(value))
        .join(', ')}`;
    default:
      return `${at()}: ${error.message}`;
  }
};

/**
 * Checks that `data` is a snapshot of the current schema version and shape.
 *
 * @param data - parsed JSON of a snapshot
 * @param source - where it came from, for the message (file or store key)
 * @returns `data`, typed
 * @throws ConfigError with one line naming the field, e.g.
 *   `snapshot.json: schemaVersion: 2 is not supported (expected 1)` or
 *   `snapshot.json: subnets[3].availableIpAddressCount: must be number`
 * @example
 * ```ts
 * const snapshot = validateSnapshot(JSON.parse(text), 'snapshot.json');
 * const facts = derive(snapshot);
 * ```
 */
const validateSnapshot = (data: unknown, source = 'snapshot'): Snapshot => {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`${source}: (snapshot): must be a JSON object`);
  }
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined) {
    throw new ConfigError(`${source}: schemaVersion: is required`);
  }
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new ConfigError(
      `${source}: schemaVersion: ${JSON.stringify(version)} is not supported (expected ${SNAPSHOT_SCHEMA_VERSION})`,
    );
  }
  if (!validate(data)) {
    // ajv always sets `errors` when validation fails.
    const errors = validate.errors as ErrorObject[];
    throw new ConfigError(`${source}: ${describe(errors[0] as ErrorObject)}`, {
      cause: errors,
    });
  }
  return data;
};

/** The snapshot JSON Schema (draft-07), for tools and docs. */
const SNAPSHOT_JSON_SCHEMA: Readonly<Record<string, unknown>> = schema;

export { SNAPSHOT_JSON_SCHEMA, validateSnapshot };
