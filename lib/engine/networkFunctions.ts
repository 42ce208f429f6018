/**
 * Network helpers exposed to policy CEL expressions: CIDR containment,
 * overlap, size, public-range test, port ranges and day arithmetic.
 *
 * Parsed CIDRs are memoised: the same few hundred strings are seen millions
 * of times in one evaluation, and parsing dominates otherwise.
 *
 * @module
 */
import ipaddr from 'ipaddr.js';

/** A parsed CIDR block (or single address) as an inclusive integer range. */
interface ParsedCidr {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
  readonly prefix: number;
}

const MAX_CACHE = 100_000;
const cache = new Map<string, ParsedCidr>();

const ipv4ToBigInt = (text: string): bigint => {
  const octets = ipaddr.IPv4.parse(text).octets;
  return BigInt(
    ((octets[0] ?? 0) * 16_777_216 +
      (octets[1] ?? 0) * 65_536 +
      (octets[2] ?? 0) * 256 +
      (octets[3] ?? 0)) >>>
      0,
  );
};

const ipv6ToBigInt = (text: string): bigint => {
  let value = 0n;
  for (const part of ipaddr.IPv6.parse(text).parts) {
    value = (value << 16n) | BigInt(part);
  }
  return value;
};

const parseUncached = (text: string): ParsedCidr => {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  // Choosing the family up front avoids ipaddr.parseCIDR, which tries IPv6
  // first and throws (slowly) for every IPv4 input.
  const family: 4 | 6 = address.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  if (family === 4 && !ipaddr.IPv4.isValidFourPartDecimal(address)) {
    throw new RangeError(`not an IPv4 address or CIDR: '${text}'`);
  }
  if (family === 6 && !ipaddr.IPv6.isValid(address)) {
    throw new RangeError(`not an IPv6 address or CIDR: '${text}'`);
  }
  const prefixText = slash === -1 ? String(bits) : text.slice(slash + 1);
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > bits) {
    throw new RangeError(`invalid prefix length in '${text}'`);
  }
  const value = family === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address);
  const hostBits = BigInt(bits - prefix);
  const start = (value >> hostBits) << hostBits;
  const end = start + (1n << hostBits) - 1n;
  return { family, start, end, prefix };
};

/**
 * Parses an IPv4/IPv6 CIDR or single address (treated as /32 or /128).
 *
 * @param text - e.g. `10.0.0.0/16`, `2600:1f18::/56`, `192.0.2.7`
 * @throws RangeError when `text` is not an address or CIDR
 */
const parseCidr = (text: string): ParsedCidr => {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    parsed = parseUncached(text);
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(text, parsed);
  }
  return parsed;
};

/** True when `inner` (CIDR or address) lies entirely inside `outer`. */
const cidrContains = (outer: string, inner: string): boolean => {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  return a.family === b.family && a.start <= b.start && b.end <= a.end;
};

/** True when the two CIDRs share at least one address. */
const cidrOverlaps = (left: string, right: string): boolean => {
  const a = parseCidr(left);
  const b = parseCidr(right);
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
};

/** Number of addresses in the CIDR, as a double (IPv6 sizes lose precision). */
const cidrSize = (cidr: string): number => {
  const parsed = parseCidr(cidr);
  return 2 ** ((parsed.family === 4 ? 32 : 128) - parsed.prefix);
};

/** Prefix length of the CIDR (32 or 128 for a bare address). */
const cidrPrefixLength = (cidr: string): number => parseCidr(cidr).prefix;

/** True when the single address `ip` lies inside `cidr`. */
const ipInCidr = (ip: string, cidr: string): boolean => {
  if (ip.includes('/')) {
    throw new RangeError(`expected an address, got the CIDR '${ip}'`);
  }
  return cidrContains(cidr, ip);
};

/** True for `0.0.0.0/0` and `::/0` (in any spelling). */
const isAnywhere = (cidr: string): boolean => parseCidr(cidr).prefix === 0;

/**
 * Address blocks that are not reachable from the public internet (IANA
 * special-purpose registries: private, shared CGNAT, loopback, link-local,
 * documentation, benchmarking, multicast, reserved, ULA).
 */
const NON_PUBLIC_RANGES: readonly string[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '::1/128',
  '::ffff:0:0/96',
  '100::/64',
  '2001:db8::/32',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
];

/**
 * True when the CIDR contains at least one publicly routable address, i.e.
 * it is not entirely inside one of {@link NON_PUBLIC_RANGES}. `0.0.0.0/0`
 * and `::/0` are public.
 */
const isPublicRange = (cidr: string): boolean => {
  for (const range of NON_PUBLIC_RANGES) {
    if (cidrContains(range, cidr)) return false;
  }
  return true;
};

/** True when any CIDR of `left` overlaps any CIDR of `right`. */
const anyOverlaps = (
  left: readonly string[],
  right: readonly string[],
): boolean => {
  for (const a of left) {
    for (const b of right) {
      if (cidrOverlaps(a, b)) return true;
    }
  }
  return false;
};

/**
 * True when the port range `from..to` (inclusive) includes `port`. A
 * negative bound stands for "all ports", as EC2 reports `-1` for rules with
 * protocol `-1`.
 */
const portRangeCovers = (from: number, to: number, port: number): boolean =>
  from < 0 || to < 0 || (from <= port && port <= to);

/**
 * Days from `now` until the ISO date or date-time `isoDate` (negative when
 * it is in the past), as a fraction.
 *
 * @throws RangeError when `isoDate` is not a date
 */
const daysUntil = (isoDate: string, now: Date): number => {
  const time = Date.parse(isoDate);
  if (Number.isNaN(time)) throw new RangeError(`not a date: '${isoDate}'`);
  return (time - now.getTime()) / 86_400_000;
};

export type { ParsedCidr };
export {
  anyOverlaps,
  cidrContains,
  cidrOverlaps,
  cidrPrefixLength,
  cidrSize,
  daysUntil,
  ipInCidr,
  isAnywhere,
  isPublicRange,
  NON_PUBLIC_RANGES,
  parseCidr,
  portRangeCovers,
};
