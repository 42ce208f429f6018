/**
 * The test cases that sit beside each policy (`tests.yaml`): loading,
 * building facts from the partial fixtures, and running one case.
 *
 * @module
 */
import { dirname, join, resolve } from 'node:path';
import type { Facts, FactsBase, ResourceKind } from '../snapshot/facts.js';
import { RESOURCE_KINDS } from '../snapshot/facts.js';
import type { CollectionName, Gap, Snapshot } from '../snapshot/types.js';
import { evaluate } from './evaluate.js';
import { readSnapshotFile } from './snapshotFile.js';
import type { CompiledPolicy, Result, Severity, Status } from './types.js';
import { readYaml, validateAgainstSchema } from './yamlSource.js';

/** File name of a policy's test cases, beside `policy.yaml`. */
const TESTS_FILE = 'tests.yaml';

/** Default target of test facts. */
const TEST_TARGET = { accountId: '111111111111', region: 'us-east-1' } as const;

/** Default evaluation time of test cases. */
const TEST_NOW = '2026-01-01T00:00:00Z';

/** A partial gap as written in a test case. */
interface TestGap {
  readonly collection: CollectionName;
  readonly api?: string;
  readonly iamAction?: string;
  readonly errorCode?: string;
  readonly message?: string;
  readonly scope?: Gap['scope'];
}

/** One case of a `tests.yaml`. */
interface PolicyTestCase {
  readonly name: string;
  readonly facts?: {
    readonly target?: {
      accountId?: string;
      accountName?: string;
      region?: string;
    };
  } & { readonly [K in ResourceKind]?: Record<string, unknown>[] };
  readonly snapshot?: string;
  readonly gaps?: readonly TestGap[];
  readonly params?: Readonly<Record<string, unknown>>;
  readonly now?: string;
  readonly expect: Readonly<Record<string, Status>>;
  readonly expectSeverity?: Readonly<Record<string, Severity>>;
  readonly expectMessage?: Readonly<Record<string, string>>;
}

/** A policy's test cases. */
interface PolicyTestSuite {
  readonly policy: CompiledPolicy;
  readonly file: string;
  readonly cases: readonly PolicyTestCase[];
}

/** Outcome of one case. */
interface PolicyTestOutcome {
  readonly ok: boolean;
  /** One sentence per mismatch. */
  readonly failures: string[];
  readonly results: Result[];
}

/** Path of the `tests.yaml` beside a policy file. */
const testsFileOf = (policy: CompiledPolicy): string =>
  join(dirname(policy.file), TESTS_FILE);

/**
 * Reads and schema-validates a policy's `tests.yaml`.
 *
 * @throws PolicyValidationError when missing or invalid
 */
const loadPolicyTests = async (
  policy: CompiledPolicy,
): Promise<PolicyTestSuite> => {
  const file = testsFileOf(policy);
  const source = await readYaml(file);
  validateAgainstSchema(source, 'tests.schema.json');
  return {
    policy,
    file,
    cases: (source.value as { cases: PolicyTestCase[] }).cases,
  };
};

/** Completes a test gap with placeholder API details. */
const completeGap = (gap: TestGap): Gap => ({
  collection: gap.collection,
  api: gap.api ?? `Describe(${gap.collection})`,
  iamAction: gap.iamAction ?? `ec2:Describe(${gap.collection})`,
  errorCode: gap.errorCode ?? 'AccessDenied',
  message: gap.message ?? 'test gap',
  ...(gap.scope ? { scope: gap.scope } : {}),
});

/**
 * Builds full facts from a test case's partial ones: every kind present,
 * `kind` set and `name` defaulting to `id`, target defaulting to
 * 111111111111/us-east-1.
 */
const buildTestFacts = (
  testCase: Pick<PolicyTestCase, 'facts' | 'gaps' | 'now'>,
): Facts => {
  const resources = {} as Record<ResourceKind, FactsBase[]>;
  for (const kind of RESOURCE_KINDS) {
    resources[kind] = (testCase.facts?.[kind] ?? []).map(
      (resource) =>
        ({ kind, name: resource.id, ...resource }) as unknown as FactsBase,
    );
  }
  return {
    scanId: 'test',
    target: { ...TEST_TARGET, ...testCase.facts?.target },
    collectedAt: testCase.now ?? TEST_NOW,
    resources: resources as unknown as Facts['resources'],
    gaps: (testCase.gaps ?? []).map(completeGap),
  };
};

/**
 * Runs one test case of a suite: evaluates the policy on the case's facts
 * (or snapshot) and compares statuses, severities and message fragments.
 */
const runPolicyTestCase = async (
  suite: PolicyTestSuite,
  testCase: PolicyTestCase,
): Promise<PolicyTestOutcome> => {
  const { policy } = suite;
  const failures: string[] = [];
  for (const name of Object.keys(testCase.params ?? {})) {
    if (!(name in policy.paramDefaults)) {
      failures.push(`params.${name} is not a parameter of ${policy.id}`);
    }
  }
  let input: Snapshot | Facts;
  if (testCase.snapshot !== undefined) {
    const snapshot = await readSnapshotFile(
      resolve(dirname(suite.file), testCase.snapshot),
    );
    input = {
      ...snapshot,
      gaps: [...snapshot.gaps, ...(testCase.gaps ?? []).map(completeGap)],
    };
  } else {
    input = buildTestFacts(testCase);
  }
  const { results } = evaluate(input, [policy], {
    now: new Date(testCase.now ?? TEST_NOW),
    params: testCase.params
      ? { defaults: { [policy.id]: testCase.params } }
      : undefined,
  });
  const byResource = new Map(
    results.map((result) => [result.resourceId, result]),
  );
  const check = <T>(
    expected: Readonly<Record<string, T>> | undefined,
    what: string,
    actual: (result: Result) => string,
    matches: (value: string, wanted: T) => boolean,
  ) => {
    for (const [resourceId, wanted] of Object.entries(expected ?? {})) {
      const result = byResource.get(resourceId);
      if (!result) {
        failures.push(
          `${resourceId}: no result (results for: ${[...byResource.keys()].join(', ') || 'none'})`,
        );
      } else if (!matches(actual(result), wanted)) {
        failures.push(
          actual(result) === result.message
            ? `${resourceId}: expected ${what} '${String(wanted)}', got '${result.message}'`
            : `${resourceId}: expected ${what} ${String(wanted)}, got ${actual(result)} — ${result.message}`,
        );
      }
    }
  };
  check(
    testCase.expect,
    'status',
    (r) => r.status,
    (a, b) => a === b,
  );
  check(
    testCase.expectSeverity,
    'severity',
    (r) => r.severity,
    (a, b) => a === b,
  );
  check(
    testCase.expectMessage,
    'message containing',
    (r) => r.message,
    (a, b) => a.includes(b),
  );
  return { ok: failures.length === 0, failures, results };
};

export type { PolicyTestCase, PolicyTestOutcome, PolicyTestSuite, TestGap };
export {
  buildTestFacts,
  loadPolicyTests,
  runPolicyTestCase,
  TEST_NOW,
  TEST_TARGET,
  TESTS_FILE,
  testsFileOf,
};
