import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  findPolicyFiles,
  loadPolicies,
  POLICIES_DIR,
} from '../../../lib/engine/loadPolicies.js';
import {
  buildPolicyCache,
  cachedDocument,
  cacheKey,
  POLICY_SCHEMA_FILE,
  readPolicyCache,
  readPolicyCacheFile,
  textHash,
} from '../../../lib/engine/policyCache.js';
import {
  loadYamlParser,
  sourceFromValue,
} from '../../../lib/engine/yamlSource.js';

/** Fresh engine modules: no YAML parser or ajv imported yet. */
const freshEngine = async () => {
  vi.resetModules();
  return {
    engine: await import('../../../lib/engine/loadPolicies.js'),
    yaml: await import('../../../lib/engine/yamlSource.js'),
  };
};

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

  it('records the policy schema the cached documents were validated against', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'policy-cache-'));
    const cacheFile = join(dir, 'policies.cache');
    const older = join(dir, 'older.cache');
    const [file] = await findPolicyFiles(POLICIES_DIR);
    await writeFile(older, '{"version": 1, "entries": {}}');

    // Act
    await writeFile(cacheFile, (await buildPolicyCache([file as string])).text);
    const read = await readPolicyCacheFile(cacheFile);
    const readOlder = await readPolicyCacheFile(older);

    // Assess
    expect(read.schemaSha1).toBe(
      textHash(await readFile(POLICY_SCHEMA_FILE, 'utf8')),
    );
    expect(read.entries.size).toBe(1);
    expect(readOlder).toEqual({ entries: new Map() });
  });

  it('loads fully cached files without importing the YAML parser', async () => {
    // Prepare
    const { engine, yaml } = await freshEngine();

    // Act
    const loaded = await engine.loadPolicies([
      join(engine.POLICIES_DIR, 'endpoint'),
    ]);

    // Assess
    expect(loaded.files).toBeGreaterThan(0);
    expect(loaded.cacheHits).toBe(loaded.files);
    expect(yaml.yamlParserLoaded()).toBe(false);
  });

  it('reports problems in cached documents with the same lines as parsed ones', async () => {
    // Prepare: no resource kinds, so every policy fails at its `resource` line
    const { engine, yaml } = await freshEngine();
    const dir = join(engine.POLICIES_DIR, 'endpoint');

    // Act
    const cached = await engine.loadPolicies([dir], {
      skipBroken: true,
      kinds: {} as never,
    });
    const parsed = await engine.loadPolicies([dir], {
      skipBroken: true,
      kinds: {} as never,
      useCache: false,
    });

    // Assess
    expect(cached.cacheHits).toBe(cached.files);
    expect(yaml.yamlParserLoaded()).toBe(true);
    expect(cached.skipped).toHaveLength(cached.files);
    expect(cached.skipped[0]?.reason).toMatch(
      /policy\.yaml:\d+: resource: unknown resource kind 'cluster'/,
    );
    expect(cached.skipped).toEqual(parsed.skipped);
  });

  it('still reports the YAML line of a problem in a cached document', async () => {
    // Prepare
    await loadYamlParser();
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
