/**
 * Free aligned /28 blocks of an IPv4 subnet (NET-CNI-003): prefix delegation
 * needs 16 contiguous, aligned addresses, so a subnet with many free but
 * scattered addresses still fails with `InsufficientCidrBlocks`.
 *
 * Addresses are handled as unsigned 32-bit integers: a subnet may hold
 * hundreds of thousands of ENI addresses and a parser library per address
 * would dominate `derive()`.
 *
 * @module
 */
import type { NetworkInterface, SubnetCidrReservation } from '../types.js';

/** Addresses of the widest CIDR counted (a /8). */
const MAX_SUBNET_SIZE = 2 ** 24;

/** An IPv4 block as `[first, last]` unsigned integers. */
type Range = readonly [number, number];

/** Parses a dotted-quad IPv4 address into an unsigned integer. */
const ipv4ToU32 = (text: string): number | undefined => {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (code >= 48 && code <= 57 && digits < 3) {
      octet = octet * 10 + (code - 48);
      digits++;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
};

/**
 * Parses an IPv4 CIDR (or single address) into its first and last address.
 *
 * @param cidr - e.g. `10.0.16.0/20`
 * @returns the inclusive range, or `undefined` for IPv6 or malformed input
 */
const ipv4Range = (cidr: string): Range | undefined => {
  const slash = cidr.indexOf('/');
  const start = ipv4ToU32(slash === -1 ? cidr : cidr.slice(0, slash));
  if (start === undefined) return undefined;
  const prefixText = slash === -1 ? '32' : cidr.slice(slash + 1);
  if (!/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const first = start - (start % size);
  return [first, first + size - 1];
};

/** The address fields of an ENI that occupy subnet space. */
type EniAddresses = Pick<
  NetworkInterface,
  'privateIpAddress' | 'privateIpAddresses' | 'ipv4Prefixes'
>;

/** What occupies a subnet's address space. */
interface Free28Input {
  /** The subnet's IPv4 CIDR. */
  readonly cidrBlock: string;
  /** Every ENI in the subnet: private IPv4 addresses and IPv4 prefixes. */
  readonly enis: readonly EniAddresses[];
  /** CIDR reservations of the subnet (`explicit` ones block, `prefix` ones do not). */
  readonly reservations?: readonly SubnetCidrReservation[];
}

/**
 * Counts aligned /28 blocks of a subnet in which no address is used.
 *
 * A block is used when it holds an ENI private address, overlaps an assigned
 * prefix or an `explicit` reservation, or holds one of the five addresses AWS
 * reserves (first four and last). Blocks inside `prefix` reservations stay
 * free: that space is kept for prefixes.
 *
 * @param input - see {@link Free28Input}
 * @returns free blocks, or `undefined` when `cidrBlock` is not IPv4 (or
 *   wider than /8)
 * @example
 * ```ts
 * free28Blocks({ cidrBlock: '10.0.0.0/24', enis: [{ privateIpAddresses:
 *   [{ privateIpAddress: '10.0.0.20', primary: true }], ipv4Prefixes: [] }] });
 * // 13
 * ```
 */
const free28Blocks = (input: Free28Input): number | undefined => {
  const subnet = ipv4Range(input.cidrBlock);
  if (subnet === undefined) return undefined;
  const [base, last] = subnet;
  const size = last - base + 1;
  if (size < 16) return 0;
  // AWS subnets are /16 to /28; anything wider is not a subnet worth a bitmap.
  if (size > MAX_SUBNET_SIZE) return undefined;
  const blocks = size / 16;
  const used = new Uint8Array(blocks);
  let usedCount = 0;
  const markRange = (first: number, end: number): void => {
    const from = Math.max(first, base);
    const to = Math.min(end, last);
    if (from > to) return;
    for (let b = (from - base) >>> 4; b <= (to - base) >>> 4; b++) {
      if (used[b] === 0) {
        used[b] = 1;
        usedCount++;
      }
    }
  };
  // The first four and the last address are AWS's.
  markRange(base, base + 3);
  markRange(last, last);
  const markAddress = (address: string): void => {
    const ip = ipv4ToU32(address);
    if (ip === undefined || ip < base || ip > last) return;
    const b = (ip - base) >>> 4;
    if (used[b] === 0) {
      used[b] = 1;
      usedCount++;
    }
  };
  // Read straight from the ENIs: copying a large subnet's addresses into a
  // list first doubles the cost.
  for (const eni of input.enis) {
    const addresses = eni.privateIpAddresses;
    for (let i = 0; i < addresses.length; i++) {
      markAddress(
        (addresses[i] as { privateIpAddress: string }).privateIpAddress,
      );
    }
    if (addresses.length === 0 && eni.privateIpAddress) {
      markAddress(eni.privateIpAddress);
    }
    for (const prefix of eni.ipv4Prefixes) {
      const range = ipv4Range(prefix);
      if (range !== undefined) markRange(range[0], range[1]);
    }
  }
  for (const reservation of input.reservations ?? []) {
    if (reservation.reservationType !== 'explicit') continue;
    const range = ipv4Range(reservation.cidr);
    if (range !== undefined) markRange(range[0], range[1]);
  }
  return blocks - usedCount;
};

/** Addresses AWS reserves in every subnet (first four and last). */
const RESERVED_PER_SUBNET = 5;

/**
 * Addresses of an IPv4 subnet CIDR that can be assigned: its size minus the
 * five AWS reserves.
 *
 * @param cidrBlock - the subnet's IPv4 CIDR
 * @returns usable addresses; `0` for IPv6, absent or malformed CIDRs
 */
const usableIpCount = (cidrBlock: string | undefined): number => {
  const range = cidrBlock === undefined ? undefined : ipv4Range(cidrBlock);
  if (range === undefined) return 0;
  return Math.max(range[1] - range[0] + 1 - RESERVED_PER_SUBNET, 0);
};

export type { EniAddresses, Free28Input };
export { free28Blocks, ipv4Range, ipv4ToU32, usableIpCount };
