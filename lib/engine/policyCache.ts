/**
 * The parse cache of the bundled policies: `policies/policies.cache` maps
 * each bundled policy file (relative path) to a hash of its text and the
 * parsed document. Parsing ~70 YAML files cold costs more than everything
 * else of loading together (the YAML parser's warm-up dominates), so the
 * loader takes a document from the cache when the file's text is unchanged
 * and parses the YAML only for changed files, users' files and error
 * reports. A stale or missing cache is never wrong, only slower;
 * `eks-netscan policies cache` rewrites it (the engine itself only reads).
 *
 * The cache also records the hash of `policy.schema.json` its documents
 * were validated against (the writer only takes files that load cleanly);
 * while the schema is unchanged the loader skips their schema validation.
 *
 * @module
 */
import { hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { loadYamlParser, POLICIES_DIR, parseYaml } from './yamlSource.js';

/** Path of the cache file. */
const POLICY_CACHE_FILE = `${POLICIES_DIR}policies.cache`;

const CACHE_VERSION = 1;

/** One cached file. */
interface CacheEntry {
  /** SHA-1 of the file's text (a change detector, not a security control). */
  readonly sha1: string;
  readonly document: unknown;
}

/** Relative path (POSIX) → entry. */
type PolicyCache = ReadonlyMap<string, CacheEntry>;

/** The cache file as read. */
interface PolicyCacheFile {
  readonly entries: PolicyCache;
  /**
   * Hash of the `policy.schema.json` text the documents were validated
   * against; absent in caches written before it was recorded.
   */
  readonly schemaSha1?: string;
}

/** Path of the schema every cached document was validated against. */
const POLICY_SCHEMA_FILE = `${POLICIES_DIR}policy.schema.json`;

/** Hash of a file's text as stored in the cache. */
const textHash = (text: string): string => hash('sha1', text);

/** Cache key of a bundled file, or undefined for files elsewhere. */
const cacheKey = (file: string): string | undefined => {
  const path = relative(POLICIES_DIR, file);
  return path.startsWith('..') || path.startsWith('/')
    ? undefined
    : path.split('\\').join('/');
};

/**
 * Reads the cache file with the schema hash; a missing or unreadable cache
 * is an empty one.
 */
const readPolicyCacheFile = async (
  file: string = POLICY_CACHE_FILE,
): Promise<PolicyCacheFile> => {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as {
      version?: number;
      schemaSha1?: unknown;
      entries?: Record<string, CacheEntry>;
    };
    if (value.version !== CACHE_VERSION || !value.entries) {
      return { entries: new Map() };
    }
    return {
      entries: new Map(Object.entries(value.entries)),
      ...(typeof value.schemaSha1 === 'string'
        ? { schemaSha1: value.schemaSha1 }
        : {}),
    };
  } catch {
    return { entries: new Map() };
  }
};

/** Reads the cache; a missing or unreadable cache is an empty one. */
const readPolicyCache = async (
  file: string = POLICY_CACHE_FILE,
): Promise<PolicyCache> => (await readPolicyCacheFile(file)).entries;

/** The cached document of `file` if its text is unchanged. */
const cachedDocument = (
  cache: PolicyCache,
  file: string,
  text: string,
): unknown => {
  const key = cacheKey(file);
  const entry = key === undefined ? undefined : cache.get(key);
  return entry && entry.sha1 === textHash(text) ? entry.document : undefined;
};

/**
 * The cache file's content for the given bundled policy files (each parsed);
 * the CLI writes it. Only pass files that load cleanly: the cache records
 * the current `policy.schema.json` as the one they were validated against.
 */
const buildPolicyCache = async (
  files: readonly string[],
): Promise<{ text: string; entries: number }> => {
  await loadYamlParser();
  const schemaSha1 = textHash(await readFile(POLICY_SCHEMA_FILE, 'utf8'));
  const entries: Record<string, CacheEntry> = {};
  for (const policyFile of [...files].sort()) {
    const key = cacheKey(policyFile);
    if (key === undefined) continue;
    const text = await readFile(policyFile, 'utf8');
    entries[key] = {
      sha1: textHash(text),
      document: parseYaml(policyFile, text).value,
    };
  }
  return {
    text: `${JSON.stringify({ version: CACHE_VERSION, schemaSha1, entries })}\n`,
    entries: Object.keys(entries).length,
  };
};

export type { CacheEntry, PolicyCache, PolicyCacheFile };
export {
  buildPolicyCache,
  cachedDocument,
  cacheKey,
  POLICY_CACHE_FILE,
  POLICY_SCHEMA_FILE,
  readPolicyCache,
  readPolicyCacheFile,
  textHash,
};
