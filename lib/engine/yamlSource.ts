/**
 * YAML files with line numbers, validated by the JSON Schemas in `policies/`.
 * Every problem becomes one {@link PolicyValidationError} line:
 * `file:line: field: reason`.
 *
 * The YAML parser and the schema validator are imported on first need
 * ({@link loadYamlParser}, {@link loadSchemaValidator}; `readYaml` does
 * both): together ~230 KB of a Lambda bundle that a cold start with every
 * bundled policy in the parse cache never uses, so the bundles keep them
 * in a separate chunk.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Document } from 'yaml';
import { PolicyValidationError, ScannerError } from '../errors.js';

let yaml: typeof import('yaml') | undefined;
let ajv: Ajv | undefined;

/**
 * The exports of a CommonJS package from `import()`: Node lists them by
 * name, an esbuild chunk (the Lambda bundles) only as `default`.
 */
const commonJsExports = <T extends object>(namespace: T, name: keyof T): T =>
  namespace[name] === undefined
    ? ((namespace as { default?: T }).default ?? namespace)
    : namespace;

/** Imports the YAML parser; {@link parseYaml} needs it. Idempotent. */
const loadYamlParser = async (): Promise<void> => {
  yaml ??= commonJsExports(await import('yaml'), 'parseDocument');
};

/** Imports the schema validator; {@link validateAgainstSchema} needs it. */
const loadSchemaValidator = async (): Promise<void> => {
  if (ajv) return;
  // ajv's `module.exports` is the class itself, with `Ajv` on it.
  const { Ajv } = commonJsExports(await import('ajv'), 'Ajv');
  ajv ??= new Ajv({
    allErrors: false,
    strict: true,
    allowUnionTypes: true,
    // Unoptimised code compiles ~3x faster, and the documents are tiny.
    code: { optimize: false },
  });
};

/** Whether {@link parseYaml} can run now. */
const yamlParserLoaded = (): boolean => yaml !== undefined;

/** The loaded YAML module; calling before loading is a programming error. */
const yamlModule = (): typeof import('yaml') => {
  if (!yaml) throw new ScannerError('yamlSource: await loadYamlParser() first');
  return yaml;
};

/** Path of a value inside a document. */
type YamlPath = readonly (string | number)[];

/** A parsed YAML file that can map value paths back to lines. */
interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line of the value at `path`, or of its nearest parent. */
  lineOf(path: YamlPath): number | undefined;
  /** 1-based line of the key `path`'s last segment, else of the value. */
  keyLineOf(path: YamlPath): number | undefined;
  /** Builds the one-line error for `path`. */
  error(path: YamlPath, reason: string, atKey?: boolean): PolicyValidationError;
}

/** Dotted field name of a path, e.g. `message.pass` or `cases[2].expect`. */
const fieldName = (path: YamlPath): string =>
  path.reduce<string>(
    (text, part) =>
      typeof part === 'number'
        ? `${text}[${part}]`
        : !/^[A-Za-z_$][\w$-]*$/.test(part)
          ? `${text}[${JSON.stringify(part)}]`
          : text
            ? `${text}.${part}`
            : part,
    '',
  ) || '(document)';

/**
 * Limit on alias expansions per document (yaml's `maxAliasCount`): a few
 * lines of nested aliases otherwise expand to millions of nodes.
 */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses YAML text. Syntax errors (and duplicate keys) throw one line with
 * the file and line the parser reports.
 */
const parseYaml = (file: string, text: string): YamlSource => {
  const { isMap, isPair, isScalar, LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const document: Document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
  });
  const first = document.errors[0];
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line;
    throw new PolicyValidationError(
      file,
      `(yaml): ${first.message.split('\n')[0]}`,
      { line, cause: first },
    );
  }
  const lineAt = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  const lineOf = (path: YamlPath): number | undefined => {
    for (let length = path.length; length >= 0; length--) {
      const node = document.getIn(path.slice(0, length), true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node && typeof node === 'object' && node.range) {
        return lineAt(node.range[0]);
      }
    }
    return undefined;
  };
  const keyLineOf = (path: YamlPath): number | undefined => {
    const parent = document.getIn(path.slice(0, -1), true) ?? document.contents;
    const key = path[path.length - 1];
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isPair(pair) && isScalar(pair.key) && pair.key.value === key) {
          return lineAt(pair.key.range?.[0]);
        }
      }
    }
    return lineOf(path);
  };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws a ReferenceError when aliases expand past the limit.
    throw new PolicyValidationError(
      file,
      `(yaml): aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb?)`,
      { cause: error },
    );
  }
  return {
    file,
    value,
    lineOf,
    keyLineOf,
    error: (path, reason, atKey = false) =>
      new PolicyValidationError(file, `${fieldName(path)}: ${reason}`, {
        line: atKey ? keyLineOf(path) : lineOf(path),
      }),
  };
};

/**
 * A source whose value is already known (from the policy cache): the YAML is
 * parsed only if a line number is asked for, i.e. when reporting an error
 * (which needs {@link loadYamlParser} done first).
 */
const sourceFromValue = (
  file: string,
  text: string,
  value: unknown,
): YamlSource => {
  let parsed: YamlSource | undefined;
  const lines = (): YamlSource => {
    parsed ??= parseYaml(file, text);
    return parsed;
  };
  return {
    file,
    value,
    lineOf: (path) => lines().lineOf(path),
    keyLineOf: (path) => lines().keyLineOf(path),
    error: (path, reason, atKey) => lines().error(path, reason, atKey),
  };
};

/**
 * Largest policy, tests, params or waivers file read (1 MiB): far above any
 * real one, and a cap on what a hostile file can make the parser chew on.
 */
const MAX_YAML_FILE_BYTES = 1024 * 1024;

/**
 * Reads a text file; a missing file, or one over
 * {@link MAX_YAML_FILE_BYTES}, is one {@link PolicyValidationError} line.
 */
const readText = async (file: string): Promise<string> => {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new PolicyValidationError(
      file,
      `(file): cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`,
      { cause: error },
    );
  }
  if (size > MAX_YAML_FILE_BYTES) {
    throw new PolicyValidationError(
      file,
      `(file): ${size} bytes is over the 1 MiB limit for policy, tests, params and waivers files`,
    );
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new PolicyValidationError(
      file,
      `(file): cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`,
      { cause: error },
    );
  }
};

/**
 * Reads and parses a YAML file; a missing file is one line too. Loads the
 * parser and the schema validator, so `validateAgainstSchema` can follow.
 */
const readYaml = async (file: string): Promise<YamlSource> => {
  const [text] = await Promise.all([
    readText(file),
    loadYamlParser(),
    loadSchemaValidator(),
  ]);
  return parseYaml(file, text);
};

const validators = new Map<string, ValidateFunction>();

/** Directory of the bundled policies and their schemas. */
const POLICIES_DIR = fileURLToPath(new URL('../../policies/', import.meta.url));

/**
 * Compiled validator of one of the schemas shipped in `policies/` (needs
 * {@link loadSchemaValidator} done first).
 */
const schemaValidator = (name: string): ValidateFunction => {
  let validate = validators.get(name);
  if (!validate) {
    if (!ajv) {
      throw new ScannerError('yamlSource: await loadSchemaValidator() first');
    }
    const schema = JSON.parse(
      readFileSync(`${POLICIES_DIR}${name}`, 'utf8'),
    ) as object;
    validate = ajv.compile(schema);
    validators.set(name, validate);
  }
  return validate;
};

const pathOf = (pointer: string): (string | number)[] =>
  pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));

const describe = (
  error: ErrorObject,
): { path: (string | number)[]; reason: string; atKey: boolean } => {
  const path = pathOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    return {
      path: [...path, error.propertyName],
      reason: `is not a valid name (${error.message ?? error.keyword})`,
      atKey: true,
    };
  }
  switch (error.keyword) {
    case 'required':
      return {
        path: [...path, String(params.missingProperty)],
        reason: 'is required',
        atKey: false,
      };
    case 'additionalProperties':
      return {
        path: [...path, String(params.additionalProperty)],
        reason: 'is not a known field',
        atKey: true,
      };
    case 'enum':
      return {
        path,
        reason: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`,
        atKey: false,
      };
    case 'propertyNames':
      return {
        path: [...path, String(params.propertyName)],
        reason: 'is not a valid name',
        atKey: true,
      };
    default:
      return { path, reason: error.message ?? error.keyword, atKey: false };
  }
};

/**
 * Validates a parsed file against a bundled schema; throws the first problem
 * as one line. Needs {@link loadSchemaValidator} done first.
 */
const validateAgainstSchema = (
  source: YamlSource,
  schemaName: string,
): void => {
  const validate = schemaValidator(schemaName);
  if (validate(source.value)) return;
  const errors = validate.errors ?? [];
  // propertyNames reports the name, then a generic error; the first is clearer.
  const first = errors[0];
  if (!first) throw source.error([], 'does not match its schema');
  const { path, reason, atKey } = describe(first);
  throw source.error(path, reason, atKey);
};

export type { YamlPath, YamlSource };
export {
  fieldName,
  loadSchemaValidator,
  loadYamlParser,
  MAX_YAML_FILE_BYTES,
  POLICIES_DIR,
  parseYaml,
  readText,
  readYaml,
  schemaValidator,
  sourceFromValue,
  validateAgainstSchema,
  yamlParserLoaded,
};
