/**
 * Loads policy directories: YAML → JSON Schema → semantic checks → CEL
 * compiled once. Every problem is one line naming file, line, field and
 * reason.
 *
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Environment } from '@marcbachmann/cel-js';
import { isPolicyValidationError, PolicyValidationError } from '../errors.js';
import { KIND_SPECS } from '../snapshot/facts.js';
import {
  celErrorSummary,
  compileExpression,
  createCheckEnvironment,
  paramCelType,
} from './celEnvironment.js';
import { assertKnownOptions } from './options.js';
import {
  cachedDocument,
  POLICY_SCHEMA_FILE,
  type PolicyCacheFile,
  readPolicyCacheFile,
  textHash,
} from './policyCache.js';
import { compileTemplate, templateExpressions } from './template.js';
import type {
  CompiledPolicy,
  KindRegistry,
  PolicyDocument,
  Severity,
} from './types.js';
import {
  loadSchemaValidator,
  loadYamlParser,
  POLICIES_DIR,
  parseYaml,
  readText,
  readYaml,
  sourceFromValue,
  validateAgainstSchema,
  type YamlPath,
  type YamlSource,
  yamlParserLoaded,
} from './yamlSource.js';

/** File name of a policy inside its folder. */
const POLICY_FILE = 'policy.yaml';

/** Options of {@link loadPolicies}. */
interface LoadPoliciesOptions {
  /**
   * Skip policies that fail validation instead of throwing; they are listed
   * in `skipped`.
   * @default false
   */
  readonly skipBroken?: boolean;
  /**
   * Resource kinds and their CEL schemas.
   * @default KIND_SPECS
   */
  readonly kinds?: KindRegistry;
  /**
   * Take unchanged bundled files from `policies/policies.cache`.
   * @default true
   */
  readonly useCache?: boolean;
}

/** A policy file that was not loaded, and why (one line). */
interface SkippedPolicy {
  readonly file: string;
  readonly reason: string;
}

/** What {@link loadPolicies} returns. */
interface LoadedPolicies {
  /** Sorted by id. */
  readonly policies: CompiledPolicy[];
  readonly skipped: SkippedPolicy[];
  /** Policy files found. */
  readonly files: number;
  /** Files whose parsed document came from the bundled policy cache. */
  readonly cacheHits: number;
}

/** Every `policy.yaml` under `dir`, sorted. */
const findPolicyFiles = async (dir: string): Promise<string[]> => {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new PolicyValidationError(
      dir,
      `(directory): cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`,
      { cause: error },
    );
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') {
      files.push(...(await findPolicyFiles(path)));
    } else if (entry.isFile() && entry.name === POLICY_FILE) {
      files.push(path);
    }
  }
  return files;
};

const BOOLEAN_FIELDS = new Set(['when', 'unknownWhen', 'assert']);

/** Type-checks one expression; returns a one-line error or nothing. */
const checkExpression = (
  environment: Environment,
  source: YamlSource,
  path: YamlPath,
  expression: string,
  mustBeBool: boolean,
): PolicyValidationError | undefined => {
  const result = environment.check(expression);
  if (!result.valid) {
    return source.error(
      path,
      `CEL error in '${expression}': ${celErrorSummary(result.error)}`,
    );
  }
  if (mustBeBool && result.type !== 'bool') {
    return source.error(
      path,
      `CEL expression '${expression}' must be bool, is ${result.type}`,
    );
  }
  return undefined;
};

/**
 * Semantic checks and compilation of one schema-valid policy file.
 * Throws the first problem as a {@link PolicyValidationError}.
 */
const compilePolicy = (
  source: YamlSource,
  kinds: KindRegistry,
): CompiledPolicy => {
  const document = source.value as PolicyDocument;
  const folder = basename(dirname(source.file));
  if (folder !== document.id) {
    throw source.error(
      ['id'],
      `must equal its folder name '${folder}' (policies/<area>/<id>/policy.yaml)`,
    );
  }
  const kind = kinds[document.resource];
  if (!kind) {
    throw source.error(
      ['resource'],
      `unknown resource kind '${document.resource}' (known: ${Object.keys(kinds).join(', ')})`,
    );
  }
  if (document.unknownWhen !== undefined && !document.unknownMessage) {
    throw source.error(['unknownWhen'], 'needs an unknownMessage');
  }
  if (document.unknownMessage !== undefined && !document.unknownWhen) {
    throw source.error(['unknownMessage'], 'is only valid with unknownWhen');
  }

  const paramDefaults: Record<string, unknown> = {};
  const paramTypes: Record<string, string> = {};
  for (const [name, param] of Object.entries(document.params ?? {})) {
    paramDefaults[name] = param.default;
    paramTypes[name] = paramCelType(param.default);
  }
  const environment = createCheckEnvironment(kind.celSchema, paramTypes);

  const expressions: [YamlPath, string, boolean][] = [];
  for (const field of ['when', 'unknownWhen', 'assert'] as const) {
    const expression = document[field];
    if (expression !== undefined) {
      expressions.push([[field], expression, BOOLEAN_FIELDS.has(field)]);
    }
  }
  document.severityOverrides?.forEach((override, index) => {
    expressions.push([
      ['severityOverrides', index, 'when'],
      override.when,
      true,
    ]);
  });
  for (const [name, expression] of Object.entries(document.evidence ?? {})) {
    expressions.push([['evidence', name], expression, false]);
  }
  const templates: [YamlPath, string][] = [
    [['message', 'pass'], document.message.pass],
    [['message', 'fail'], document.message.fail],
  ];
  if (document.unknownMessage !== undefined) {
    templates.push([['unknownMessage'], document.unknownMessage]);
  }
  for (const [path, template] of templates) {
    if (
      (template.match(/\{\{/g) ?? []).length !==
      (template.match(/\}\}/g) ?? []).length
    ) {
      throw source.error(path, 'unbalanced {{ }} placeholder');
    }
    for (const expression of templateExpressions(template)) {
      if (!expression) throw source.error(path, 'empty {{ }} placeholder');
      expressions.push([path, expression, false]);
    }
  }
  for (const [path, expression, mustBeBool] of expressions) {
    const problem = checkExpression(
      environment,
      source,
      path,
      expression,
      mustBeBool,
    );
    if (problem) throw problem;
  }

  const compile = (path: YamlPath, expression: string) => {
    try {
      return compileExpression(expression);
    } catch (error) {
      throw source.error(
        path,
        `CEL error in '${expression}': ${celErrorSummary(error)}`,
      );
    }
  };
  return {
    document,
    file: source.file,
    id: document.id,
    severity: document.severity,
    resource: document.resource,
    requires: new Set(document.requires),
    when:
      document.when === undefined
        ? undefined
        : compile(['when'], document.when),
    unknownWhen:
      document.unknownWhen === undefined
        ? undefined
        : compile(['unknownWhen'], document.unknownWhen),
    unknownMessage:
      document.unknownMessage === undefined
        ? undefined
        : compileTemplate(document.unknownMessage, (expression) =>
            compile(['unknownMessage'], expression),
          ),
    assert: compile(['assert'], document.assert),
    severityOverrides: (document.severityOverrides ?? []).map(
      (override, index) => ({
        when: compile(['severityOverrides', index, 'when'], override.when),
        severity: override.severity as Severity,
      }),
    ),
    passMessage: compileTemplate(document.message.pass, (expression) =>
      compile(['message', 'pass'], expression),
    ),
    failMessage: compileTemplate(document.message.fail, (expression) =>
      compile(['message', 'fail'], expression),
    ),
    evidence: Object.entries(document.evidence ?? {}).map(
      ([name, expression]) =>
        [name, compile(['evidence', name], expression)] as const,
    ),
    paramDefaults,
  };
};

/**
 * Loads one policy file (schema and semantic checks, CEL compiled).
 *
 * @throws PolicyValidationError with `file:line: field: reason`
 */
const loadPolicyFile = async (
  file: string,
  kinds: KindRegistry = KIND_SPECS,
): Promise<CompiledPolicy> => {
  const source = await readYaml(file);
  validateAgainstSchema(source, 'policy.schema.json');
  return compilePolicy(source, kinds);
};

/**
 * Loads every `policy.yaml` under the given directories (recursively). Ids
 * must be unique across all of them.
 *
 * @param dirs - Policy directories; see {@link defaultPolicyDirs} for the
 *   bundled one plus the user's.
 * @throws PolicyValidationError on the first broken policy, unless
 *   `skipBroken` is set.
 *
 * @example
 * const { policies } = await loadPolicies(defaultPolicyDirs(['./my-policies']));
 */
const loadPolicies = async (
  dirs: readonly string[],
  options: LoadPoliciesOptions = {},
): Promise<LoadedPolicies> => {
  assertKnownOptions('loadPolicies', options, [
    'skipBroken',
    'kinds',
    'useCache',
  ]);
  const kinds = options.kinds ?? KIND_SPECS;
  const policies: CompiledPolicy[] = [];
  const skipped: SkippedPolicy[] = [];
  const seen = new Map<string, string>();
  const files = (
    await Promise.all(dirs.map((dir) => findPolicyFiles(resolve(dir))))
  ).flat();
  const useCache = options.useCache !== false;
  // Reading concurrently matters: opening files dominates on slow disks.
  const [texts, cache, schemaText] = await Promise.all([
    Promise.allSettled(files.map((file) => readText(file))),
    useCache
      ? readPolicyCacheFile()
      : Promise.resolve<PolicyCacheFile>({ entries: new Map() }),
    useCache
      ? readFile(POLICY_SCHEMA_FILE, 'utf8').catch(() => undefined)
      : undefined,
  ]);
  // Cached documents passed this very schema when the cache was written.
  const validatedByCache =
    cache.schemaSha1 !== undefined &&
    schemaText !== undefined &&
    textHash(schemaText) === cache.schemaSha1;
  const cached = files.map((file, index) => {
    const text = texts[index] as PromiseSettledResult<string>;
    return text.status === 'fulfilled'
      ? cachedDocument(cache.entries, file, text.value)
      : undefined;
  });
  // The YAML parser and ajv are imported only when some file needs them.
  await Promise.all([
    cached.some((document) => document === undefined)
      ? loadYamlParser()
      : undefined,
    cached.some((document) => document === undefined) || !validatedByCache
      ? loadSchemaValidator()
      : undefined,
  ]);
  const cacheHits = cached.filter((document) => document !== undefined).length;

  /** Checks and compiles one file; throws its first problem. */
  const loadOne = (index: number, file: string): CompiledPolicy => {
    const text = texts[index] as PromiseSettledResult<string>;
    if (text.status === 'rejected') throw text.reason;
    const document = cached[index];
    const source =
      document === undefined
        ? parseYaml(file, text.value)
        : sourceFromValue(file, text.value, document);
    if (document === undefined || !validatedByCache) {
      validateAgainstSchema(source, 'policy.schema.json');
    }
    const policy = compilePolicy(source, kinds);
    const other = seen.get(policy.id);
    if (other !== undefined) {
      throw source.error(
        ['id'],
        `duplicate id '${policy.id}' (also in ${other})`,
      );
    }
    return policy;
  };

  for (const [index, file] of files.entries()) {
    try {
      let policy: CompiledPolicy;
      try {
        policy = loadOne(index, file);
      } catch (error) {
        // The line number of a problem in a cached document comes from the
        // YAML: with the parser loaded the same check reports it in full.
        if (yamlParserLoaded()) throw error;
        await loadYamlParser();
        policy = loadOne(index, file);
      }
      seen.set(policy.id, file);
      policies.push(policy);
    } catch (error) {
      if (!options.skipBroken || !isPolicyValidationError(error)) throw error;
      skipped.push({ file, reason: error.message });
    }
  }
  policies.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { policies, skipped, files: files.length, cacheHits };
};

/** The bundled policies directory followed by the user's directories. */
const defaultPolicyDirs = (userDirs: readonly string[] = []): string[] => [
  POLICIES_DIR,
  ...userDirs,
];

export type { LoadedPolicies, LoadPoliciesOptions, SkippedPolicy };
export {
  defaultPolicyDirs,
  findPolicyFiles,
  loadPolicies,
  loadPolicyFile,
  POLICIES_DIR,
  POLICY_FILE,
};
