/**
 * `eks-netscan policies list | validate [DIR] | test [DIR] | explain ID`.
 *
 * @module
 */
import { access, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  defaultPolicyDirs,
  loadPolicies,
  POLICIES_DIR,
} from '../engine/loadPolicies.js';
import { buildPolicyCache, POLICY_CACHE_FILE } from '../engine/policyCache.js';
import {
  loadPolicyTests,
  runPolicyTestCase,
  testsFileOf,
} from '../engine/policyTests.js';
import type { CompiledPolicy } from '../engine/types.js';
import { ConfigError } from '../errors.js';
import { EXIT } from './main.js';

/** A writable text stream. */
interface TextOut {
  write(text: string): unknown;
}

/** Streams of a `policies` subcommand. */
interface PoliciesDeps {
  /** @default process.stdout */
  readonly stdout?: TextOut;
}

const pad = (text: string, width: number): string =>
  text.length >= width ? text : text + ' '.repeat(width - text.length);

/** `policies list`: one line per policy (id, severity, resource, title). */
const runPoliciesList = async (
  userDirs: readonly string[],
  deps: PoliciesDeps = {},
): Promise<number> => {
  const stdout = deps.stdout ?? process.stdout;
  const { policies } = await loadPolicies(defaultPolicyDirs(userDirs));
  const idWidth = Math.max(2, ...policies.map((policy) => policy.id.length));
  const lines = [
    `${pad('ID', idWidth)}  ${pad('SEVERITY', 8)}  ${pad('RESOURCE', 16)}  TITLE`,
    ...policies.map(
      (policy) =>
        `${pad(policy.id, idWidth)}  ${pad(policy.severity, 8)}  ${pad(policy.resource, 16)}  ${policy.document.title}`,
    ),
  ];
  stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
};

/**
 * `policies validate [DIR]`: loads every policy (schema, semantics, CEL) and
 * its tests.yaml where present. A problem throws one line (exit 2).
 */
const runPoliciesValidate = async (
  dir: string | undefined,
  deps: PoliciesDeps = {},
): Promise<number> => {
  const stdout = deps.stdout ?? process.stdout;
  const { policies, files, cacheHits } = await loadPolicies([
    dir ?? POLICIES_DIR,
  ]);
  let withTests = 0;
  for (const policy of policies) {
    const exists = await access(testsFileOf(policy)).then(
      () => true,
      () => false,
    );
    if (exists) {
      await loadPolicyTests(policy);
      withTests++;
    }
  }
  const cache =
    dir === undefined ? `; parse cache fresh for ${cacheHits} of ${files}` : '';
  stdout.write(
    `${policies.length} policies valid (${withTests} with tests.yaml${cache})\n`,
  );
  return EXIT.ok;
};

/**
 * `policies test [DIR]`: runs every case of every tests.yaml. Exit 1 when a
 * case fails or a policy has no tests.yaml.
 */
const runPoliciesTest = async (
  dir: string | undefined,
  deps: PoliciesDeps = {},
): Promise<number> => {
  const stdout = deps.stdout ?? process.stdout;
  const { policies } = await loadPolicies([dir ?? POLICIES_DIR]);
  let passed = 0;
  let failed = 0;
  for (const policy of policies) {
    let suite: Awaited<ReturnType<typeof loadPolicyTests>>;
    try {
      suite = await loadPolicyTests(policy);
    } catch (error) {
      failed++;
      stdout.write(`FAIL ${policy.id}: ${(error as Error).message}\n`);
      continue;
    }
    for (const testCase of suite.cases) {
      const outcome = await runPolicyTestCase(suite, testCase);
      if (outcome.ok) {
        passed++;
        stdout.write(`ok   ${policy.id}: ${testCase.name}\n`);
      } else {
        failed++;
        stdout.write(
          `FAIL ${policy.id}: ${testCase.name}: ${outcome.failures.join('; ')}\n`,
        );
      }
    }
  }
  stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? EXIT.findings : EXIT.ok;
};

const explain = (policy: CompiledPolicy): string => {
  const d = policy.document;
  const lines = [
    `${d.id}: ${d.title}`,
    `severity: ${d.severity}`,
    ...(d.severityOverrides ?? []).map(
      (override) => `  ${override.severity} when ${override.when}`,
    ),
    `resource: ${d.resource}`,
    `requires: ${d.requires.join(', ')}`,
    ...(d.when ? [`when: ${d.when}`] : []),
    ...(d.unknownWhen ? [`unknown when: ${d.unknownWhen}`] : []),
    `assert: ${d.assert}`,
    ...Object.entries(d.params ?? {}).map(
      ([name, param]) =>
        `param ${name} = ${JSON.stringify(param.default)}: ${param.description}`,
    ),
    '',
    d.rationale.trim(),
    '',
    `remediation: ${d.remediation.text.trim()}`,
    ...(d.remediation.cli ? [`  ${d.remediation.cli.trim()}`] : []),
    ...d.references.map((reference) => `reference: ${reference}`),
    ...Object.entries(d.compliance).map(
      ([framework, controls]) =>
        `compliance: ${framework} ${controls.join(', ')}`,
    ),
    `file: ${policy.file}`,
  ];
  return `${lines.join('\n')}\n`;
};

/**
 * `policies cache`: rewrites the parse cache of the bundled policies after
 * they load cleanly (see `lib/engine/policyCache.ts`).
 */
const runPoliciesCache = async (deps: PoliciesDeps = {}): Promise<number> => {
  const stdout = deps.stdout ?? process.stdout;
  const { policies } = await loadPolicies([POLICIES_DIR], { useCache: false });
  const cache = await buildPolicyCache(policies.map((policy) => policy.file));
  await writeFile(POLICY_CACHE_FILE, cache.text);
  stdout.write(`${cache.entries} policies cached in ${POLICY_CACHE_FILE}\n`);
  return EXIT.ok;
};

/** `policies explain ID`: the policy's logic and metadata in prose. */
const runPoliciesExplain = async (
  id: string,
  userDirs: readonly string[],
  deps: PoliciesDeps = {},
): Promise<number> => {
  const stdout = deps.stdout ?? process.stdout;
  const { policies } = await loadPolicies(defaultPolicyDirs(userDirs));
  const policy = policies.find((candidate) => candidate.id === id);
  if (!policy) {
    throw new ConfigError(
      `policies explain: unknown policy id '${id}' (see 'eks-netscan policies list')`,
    );
  }
  stdout.write(explain(policy));
  return EXIT.ok;
};

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  value,
];

/**
 * Registers `policies` and its subcommands; actions report their exit code
 * through `setExitCode`.
 */
const registerPoliciesCommand = (
  program: Command,
  setExitCode: (code: number) => void,
): Command => {
  const policies = program
    .command('policies')
    .description('List, validate, test and explain policies.');
  policies
    .command('list')
    .description('List the bundled policies and your own.')
    .option('--policies <dir>', 'extra policy directory (repeatable)', collect)
    .action(async (options: { policies?: string[] }) => {
      setExitCode(await runPoliciesList(options.policies ?? []));
    });
  policies
    .command('validate')
    .description(
      'Validate every policy.yaml (schema, CEL types, templates) and tests.yaml under DIR (default: the bundled policies).',
    )
    .argument('[dir]', 'policy directory')
    .action(async (dir: string | undefined) => {
      setExitCode(await runPoliciesValidate(dir));
    });
  policies
    .command('test')
    .description(
      'Run the tests.yaml cases of every policy under DIR (default: the bundled policies).',
    )
    .argument('[dir]', 'policy directory')
    .action(async (dir: string | undefined) => {
      setExitCode(await runPoliciesTest(dir));
    });
  policies
    .command('cache')
    .description(
      'Rewrite the parse cache of the bundled policies (run after editing them; a stale cache only slows loading).',
    )
    .action(async () => {
      setExitCode(await runPoliciesCache());
    });
  policies
    .command('explain')
    .description("Show a policy's logic, parameters and references.")
    .argument('<id>', 'policy id, e.g. NET-EP-001')
    .option('--policies <dir>', 'extra policy directory (repeatable)', collect)
    .action(async (id: string, options: { policies?: string[] }) => {
      setExitCode(await runPoliciesExplain(id, options.policies ?? []));
    });
  return policies;
};

export type { PoliciesDeps };
export {
  registerPoliciesCommand,
  runPoliciesCache,
  runPoliciesExplain,
  runPoliciesList,
  runPoliciesTest,
  runPoliciesValidate,
};
