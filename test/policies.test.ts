/**
 * Runs every case of every bundled policy's tests.yaml as its own test.
 * Adding a policy needs no TypeScript: drop policy.yaml and tests.yaml into
 * policies/<area>/<ID>/.
 */
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findPolicyFiles,
  loadPolicyFile,
  POLICIES_DIR,
} from '../lib/engine/loadPolicies.js';
import {
  loadPolicyTests,
  type PolicyTestSuite,
  runPolicyTestCase,
} from '../lib/engine/policyTests.js';

const files = await findPolicyFiles(POLICIES_DIR);

const suites: { id: string; suite?: PolicyTestSuite; error?: unknown }[] =
  await Promise.all(
    files.map(async (file) => {
      const id = basename(dirname(file));
      try {
        const policy = await loadPolicyFile(file);
        return { id, suite: await loadPolicyTests(policy) };
      } catch (error) {
        return { id, error };
      }
    }),
  );

describe('bundled policies', () => {
  it('finds at least the example policies', () => {
    // Assess
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  for (const { id, suite, error } of suites) {
    if (!suite) {
      it(`${id}: loads with its tests.yaml`, () => {
        // Assess
        expect.fail(error instanceof Error ? error.message : String(error));
      });
      continue;
    }
    for (const testCase of suite.cases) {
      it(`${id}: ${testCase.name}`, async () => {
        // Act
        const outcome = await runPolicyTestCase(suite, testCase);

        // Assess
        expect(outcome.failures, `${suite.file}: ${testCase.name}`).toEqual([]);
      });
    }
  }
});
