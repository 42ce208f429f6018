/**
 * Meta-tests over every bundled policy: structure, metadata and the test
 * cases each must ship (style rules 4–6).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, missingCatalogIds } from '../lib/engine/catalog.js';
import {
  findPolicyFiles,
  loadPolicyFile,
  POLICIES_DIR,
} from '../lib/engine/loadPolicies.js';
import { cachedDocument, readPolicyCache } from '../lib/engine/policyCache.js';
import {
  loadPolicyTests,
  type PolicyTestSuite,
} from '../lib/engine/policyTests.js';

/** Compliance frameworks policies may map to (docs/policies.md). */
const COMPLIANCE_FRAMEWORKS = [
  'aws-eks-best-practices',
  'aws-fsbp',
  'cis-eks-1.7',
];

const files = await findPolicyFiles(POLICIES_DIR);
const loaded = await Promise.all(
  files.map(async (file) => {
    try {
      const policy = await loadPolicyFile(file);
      return { file, policy, suite: await loadPolicyTests(policy) };
    } catch (error) {
      return { file, error };
    }
  }),
);
const suites = loaded.flatMap((entry) =>
  entry.suite ? [entry.suite] : [],
) as PolicyTestSuite[];

/** Verdict kinds a suite's cases expect, with what the cases contain. */
const coverage = (suite: PolicyTestSuite) => {
  const kinds = new Set<string>();
  let unknownFromGap = false;
  let severalResources = false;
  for (const testCase of suite.cases) {
    const statuses = Object.values(testCase.expect);
    for (const status of statuses) kinds.add(status);
    if ((testCase.gaps?.length ?? 0) > 0 && statuses.includes('unknown')) {
      unknownFromGap = true;
    }
    if (Object.keys(testCase.expect).length >= 2) severalResources = true;
  }
  return { kinds, unknownFromGap, severalResources };
};

describe('bundled policy files', () => {
  it.each(loaded.map((entry) => [basename(dirname(entry.file)), entry]))(
    '%s loads, type-checks every CEL expression and has a valid tests.yaml',
    (_id, entry) => {
      // Assess
      expect(
        'error' in entry ? String((entry.error as Error).message) : '',
      ).toBe('');
    },
  );

  it('gives every policy a unique id', () => {
    // Prepare
    const ids = suites.map((suite) => suite.policy.id);

    // Assess
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe.each(suites.map((suite) => [suite.policy.id, suite] as const))(
  'policy %s',
  (id, suite) => {
    const document = suite.policy.document;

    it('sits in a folder named after its id', () => {
      // Assess
      expect(basename(dirname(suite.policy.file))).toBe(id);
    });

    it('is a catalog rule with the catalog base severity', () => {
      // Assess
      expect(CATALOG[id], `${id} is not in lib/engine/catalog.ts`).toBe(
        document.severity,
      );
    });

    it('has a title that states the condition instead of an instruction', () => {
      // Assess
      expect(document.title).not.toMatch(/^(Ensure|Check|Verify)\b/i);
    });

    it('ends every message template with a period', () => {
      // Prepare
      const templates = [
        document.message.pass,
        document.message.fail,
        ...(document.unknownMessage ? [document.unknownMessage] : []),
      ];

      // Assess
      for (const template of templates) {
        expect(template.trim(), template).toMatch(/\.$/);
      }
    });

    it('cites distinct https references', () => {
      // Assess
      expect(document.references.length).toBeGreaterThan(0);
      expect(new Set(document.references).size).toBe(
        document.references.length,
      );
      for (const reference of document.references) {
        expect(new URL(reference).protocol, reference).toBe('https:');
      }
    });

    it('maps compliance only to the frameworks the project documents', () => {
      // Assess
      for (const framework of Object.keys(document.compliance)) {
        expect(COMPLIANCE_FRAMEWORKS, framework).toContain(framework);
      }
    });

    it('ships pass, fail, gap-unknown and multi-resource cases, and skip exactly when it has a precondition', () => {
      // Act
      const { kinds, unknownFromGap, severalResources } = coverage(suite);

      // Assess
      expect(kinds.has('pass'), 'a pass case').toBe(true);
      expect(kinds.has('fail'), 'a fail case').toBe(true);
      expect(unknownFromGap, 'an unknown case whose input sits in a gap').toBe(
        true,
      );
      expect(severalResources, 'a case with several resources').toBe(true);
      expect(kinds.has('skip'), 'a skip case iff `when` is set').toBe(
        document.when !== undefined,
      );
    });
  },
);

describe('the bundled catalog', () => {
  it('has a policy for every catalog rule', () => {
    // Act
    const missing = missingCatalogIds(suites.map((suite) => suite.policy.id));

    // Assess
    expect(missing).toEqual([]);
  });

  it('has a parse cache that covers every bundled policy file as it is now (run `eks-netscan policies cache` after editing policies)', async () => {
    // Prepare
    const cache = await readPolicyCache();

    // Act
    const stale: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      if (cachedDocument(cache, file, text) === undefined) stale.push(file);
    }

    // Assess
    expect(stale).toEqual([]);
  });
});

describe('missingCatalogIds', () => {
  it('lists exactly the catalog ids that have no policy', () => {
    // Prepare
    const present = suites.map((suite) => suite.policy.id);

    // Act
    const missing = missingCatalogIds(present);

    // Assess
    expect(missing.length + new Set(present).size).toBe(
      Object.keys(CATALOG).length,
    );
    expect(missing.some((id) => present.includes(id))).toBe(false);
  });
});

describe('docs/policies.md', () => {
  it.each([
    'subnets/NET-SUB-006/policy.yaml',
    'subnets/NET-SUB-006/tests.yaml',
  ])('shows %s exactly as the file the tests load', async (path) => {
    // Prepare
    const docs = await readFile(
      join(POLICIES_DIR, '..', 'docs', 'policies.md'),
      'utf8',
    );
    const file = await readFile(join(POLICIES_DIR, path), 'utf8');

    // Assess
    expect(docs).toContain(`\`\`\`yaml\n${file}\`\`\``);
  });
});
