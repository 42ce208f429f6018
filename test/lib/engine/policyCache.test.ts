import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findPolicyFiles,
  loadPolicies,
  POLICIES_DIR,
} from '../../../lib/engine/loadPolicies.js';
import {
  buildPolicyCache,
  cachedDocument,
  cacheKey,
  readPolicyCache,
} from '../../../lib/engine/policyCache.js';
import { sourceFromValue } from '../../../lib/engine/yamlSource.js';

describe('policy parse cache', () => {
  it('returns the cached document only while the file text is unchanged', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'policy-cache-'));
    const cacheFile = join(dir, 'policies.cache');
    const [file] = await findPolicyFiles(POLICIES_DIR);
    const text = await import('node:fs/promises').then((fs) =>
      fs.readFile(file as string, 'utf8'),
    );

    // Act
    const built = await buildPolicyCache([file as string]);
    await writeFile(cacheFile, built.text);
    const cache = await readPolicyCache(cacheFile);

    // Assess
    expect(built.entries).toBe(1);
    expect(cachedDocument(cache, file as string, text)).toHaveProperty('id');
    expect(cachedDocument(cache, file as string, `${text}\n# edited`)).toBe(
      undefined,
    );
  });

  it('treats a missing or foreign cache file as empty', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'policy-cache-'));
    const other = join(dir, 'other.cache');
    await writeFile(other, '{"version": 99, "entries": {}}');

    // Act & Assess
    expect((await readPolicyCache(join(dir, 'missing.cache'))).size).toBe(0);
    expect((await readPolicyCache(other)).size).toBe(0);
  });

  it('only keys files inside the bundled policies directory', () => {
    // Act & Assess
    expect(
      cacheKey(join(POLICIES_DIR, 'endpoint', 'NET-EP-001', 'policy.yaml')),
    ).toBe('endpoint/NET-EP-001/policy.yaml');
    expect(cacheKey('/elsewhere/NET-X-001/policy.yaml')).toBe(undefined);
  });

  it('loads the same policies with and without the cache', async () => {
    // Act
    const cached = await loadPolicies([POLICIES_DIR], { skipBroken: true });
    const parsed = await loadPolicies([POLICIES_DIR], {
      skipBroken: true,
      useCache: false,
    });

    // Assess
    expect(parsed.cacheHits).toBe(0);
    expect(cached.policies.map((p) => p.document)).toEqual(
      parsed.policies.map((p) => p.document),
    );
  });

  it('still reports the YAML line of a problem in a cached document', () => {
    // Prepare
    const text = 'id: NET-X-001\ntitle: A title\nseverity: urgent\n';
    const source = sourceFromValue('p.yaml', text, {
      id: 'NET-X-001',
      title: 'A title',
      severity: 'urgent',
    });

    // Act
    const error = source.error(['severity'], 'must be one of: high');

    // Assess
    expect(error.message).toBe('p.yaml:3: severity: must be one of: high');
  });
});
