/**
 * CIDR arithmetic for `derive()`: parsing, containment and overlap of IPv4 and
 * IPv6 blocks, memoised because the same few hundred CIDRs are compared
 * against each other many times per snapshot.
 *
 * @module
 */
import ipaddr from 'ipaddr.js';

/** A parsed CIDR block (or single address) as an inclusive integer range. */
interface CidrRange {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
  readonly prefix: number;
}

const MAX_CACHE = 50_000;
const cache = new Map<string, CidrRange | null>();

const toBigInt = (bytes: readonly number[]): bigint => {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
};

const parseUncached = (text: string): CidrRange | null => {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  // Picking the family from the text avoids ipaddr.parseCIDR, which tries
  // IPv6 first and throws (slowly) for every IPv4 input.
  const family: 4 | 6 = address.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const valid =
    family === 4
      ? ipaddr.IPv4.isValidFourPartDecimal(address)
      : ipaddr.IPv6.isValid(address);
  if (!valid) return null;
  const prefixText = slash === -1 ? String(bits) : text.slice(slash + 1);
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > bits) return null;
  const bytes =
    family === 4
      ? ipaddr.IPv4.parse(address).toByteArray()
      : ipaddr.IPv6.parse(address).toByteArray();
  const hostBits = BigInt(bits - prefix);
  const start = (toBigInt(bytes) >> hostBits) << hostBits;
  return { family, start, end: start + (1n << hostBits) - 1n, prefix };
};

/**
 * Parses an IPv4/IPv6 CIDR or a single address (as /32 or /128).
 *
 * @param text - e.g. `10.0.0.0/16`, `2600:1f18::/56`, `192.0.2.7`
 * @returns the range, or `undefined` when `text` is not an address or CIDR
 *   (snapshots carry what AWS returned; a malformed value must not crash
 *   derive)
 */
const parseCidr = (text: string): CidrRange | undefined => {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    parsed = parseUncached(text);
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(text, parsed);
  }
  return parsed ?? undefined;
};

/** True when `inner` (CIDR or address) lies entirely inside `outer`. */
const cidrContains = (outer: string, inner: string): boolean => {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  return (
    a !== undefined &&
    b !== undefined &&
    a.family === b.family &&
    a.start <= b.start &&
    b.end <= a.end
  );
};

/** True when the two CIDRs share at least one address. */
const cidrOverlaps = (left: string, right: string): boolean => {
  const a = parseCidr(left);
  const b = parseCidr(right);
  return (
    a !== undefined &&
    b !== undefined &&
    a.family === b.family &&
    a.start <= b.end &&
    b.start <= a.end
  );
};

/**
 * Number of addresses in an IPv4 CIDR; `0` for IPv6 or malformed input
 * (subnet headroom is an IPv4 question).
 */
const ipv4CidrSize = (cidr: string): number => {
  const parsed = parseCidr(cidr);
  return parsed?.family === 4 ? 2 ** (32 - parsed.prefix) : 0;
};

export type { CidrRange };
export { cidrContains, cidrOverlaps, ipv4CidrSize, parseCidr };
