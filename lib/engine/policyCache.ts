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
 * @module
 */
import { hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { POLICIES_DIR, parseYaml } from './yamlSource.js';

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

/** Hash of a file's text as stored in the cache. */
const textHash = (text: string): string => hash('sha1', text);

/** Cache key of a bundled file, or undefined for files elsewhere. */
const cacheKey = (file: string): string | undefined => {
  const path = relative(POLICIES_DIR, file);
  return path.startsWith('..') || path.startsWith('/')
    ? undefined
    : path.split('\\').join('/');
};

/** Reads the cache; a missing or unreadable cache is an empty one. */
const readPolicyCache = async (
  file: string = POLICY_CACHE_FILE,
): Promise<PolicyCache> => {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as {
      version?: number;
      entries?: Record<string, CacheEntry>;
    };
    if (value.version !== CACHE_VERSION || !value.entries) return new Map();
    return new Map(Object.entries(value.entries));
  } catch {
    return new Map();
  }
};

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
 * the CLI writes it. Only pass files that load cleanly.
 */
const buildPolicyCache = async (
  files: readonly string[],
): Promise<{ text: string; entries: number }> => {
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
    text: `${JSON.stringify({ version: CACHE_VERSION, entries })}\n`,
    entries: Object.keys(entries).length,
  };
};

export type { CacheEntry, PolicyCache };
export {
  buildPolicyCache,
  cachedDocument,
  cacheKey,
  POLICY_CACHE_FILE,
  readPolicyCache,
  textHash,
};
