import { describe, expect, it } from 'vitest';
import {
  anyOverlaps,
  cidrContains,
  cidrOverlaps,
  cidrPrefixLength,
  cidrSize,
  daysUntil,
  ipInCidr,
  isAnywhere,
  isPublicRange,
  parseCidr,
  portRangeCovers,
} from '../../../lib/engine/networkFunctions.js';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/16', 4, 16],
    ['10.0.0.7/16', 4, 16],
    ['192.0.2.7', 4, 32],
    ['2600:1f18::/56', 6, 56],
    ['::/0', 6, 0],
    ['fe80::1', 6, 128],
  ])('parses %s as IPv%d with prefix /%d', (text, family, prefix) => {
    // Act
    const parsed = parseCidr(text);

    // Assess
    expect(parsed.family).toBe(family);
    expect(parsed.prefix).toBe(prefix);
  });

  it.each([
    'not-an-ip',
    '10.0.0.0/33',
    '10.0.0/8',
    '300.0.0.0/8',
    '::/129',
    '10.0.0.0/x',
    '',
  ])('rejects %j with a RangeError', (text) => {
    // Act & Assess
    expect(() => parseCidr(text)).toThrow(RangeError);
  });

  it('normalises host bits away so 10.0.0.7/16 starts at 10.0.0.0', () => {
    // Act
    const parsed = parseCidr('10.0.0.7/16');

    // Assess
    expect(parsed.start).toBe(parseCidr('10.0.0.0/16').start);
  });
});

describe('cidrContains', () => {
  it.each([
    ['10.0.0.0/16', '10.0.1.0/24', true],
    ['10.0.0.0/16', '10.0.0.0/16', true],
    ['10.0.1.0/24', '10.0.0.0/16', false],
    ['10.0.0.0/16', '10.0.255.255', true],
    ['10.0.0.0/16', '10.1.0.0', false],
    ['0.0.0.0/0', '203.0.113.9', true],
    ['::/0', '203.0.113.9', false],
    ['2600:1f18::/56', '2600:1f18:0:ff::/64', true],
    ['2600:1f18::/56', '2600:1f19::/64', false],
  ])('cidrContains(%s, %s) is %s', (outer, inner, expected) => {
    // Act & Assess
    expect(cidrContains(outer, inner)).toBe(expected);
  });
});

describe('cidrOverlaps and anyOverlaps', () => {
  it.each([
    ['10.0.0.0/16', '10.0.128.0/17', true],
    ['10.0.0.0/16', '10.1.0.0/16', false],
    ['172.20.0.0/16', '172.16.0.0/12', true],
    ['10.0.0.0/8', 'fd00::/8', false],
    ['fd00::/8', 'fd12::/16', true],
  ])('cidrOverlaps(%s, %s) is %s', (left, right, expected) => {
    // Act & Assess
    expect(cidrOverlaps(left, right)).toBe(expected);
    expect(cidrOverlaps(right, left)).toBe(expected);
  });

  it.each([
    [['10.0.0.0/16', '10.1.0.0/16'], ['10.1.5.0/24'], true],
    [['10.0.0.0/16'], ['192.168.0.0/16', '172.16.0.0/12'], false],
    [[], ['10.0.0.0/8'], false],
  ])('anyOverlaps(%j, %j) is %s', (left, right, expected) => {
    // Act & Assess
    expect(anyOverlaps(left, right)).toBe(expected);
  });
});

describe('cidrSize and cidrPrefixLength', () => {
  it.each([
    ['10.0.0.0/24', 256, 24],
    ['10.0.0.0/28', 16, 28],
    ['10.0.0.1', 1, 32],
    ['0.0.0.0/0', 4_294_967_296, 0],
    ['2600:1f18::/64', 2 ** 64, 64],
  ])('%s has %d addresses and prefix /%d', (cidr, size, prefix) => {
    // Act & Assess
    expect(cidrSize(cidr)).toBe(size);
    expect(cidrPrefixLength(cidr)).toBe(prefix);
  });
});

describe('ipInCidr', () => {
  it.each([
    ['10.0.3.4', '10.0.0.0/16', true],
    ['10.2.3.4', '10.0.0.0/16', false],
    ['2600:1f18::5', '2600:1f18::/56', true],
  ])('ipInCidr(%s, %s) is %s', (ip, cidr, expected) => {
    // Act & Assess
    expect(ipInCidr(ip, cidr)).toBe(expected);
  });

  it('refuses a CIDR where an address is expected', () => {
    // Act & Assess
    expect(() => ipInCidr('10.0.0.0/24', '10.0.0.0/16')).toThrow(
      /expected an address/,
    );
  });
});

describe('isAnywhere', () => {
  it.each([
    ['0.0.0.0/0', true],
    ['::/0', true],
    ['0:0:0:0:0:0:0:0/0', true],
    ['0.0.0.0/1', false],
    ['10.0.0.0/8', false],
  ])('isAnywhere(%s) is %s', (cidr, expected) => {
    // Act & Assess
    expect(isAnywhere(cidr)).toBe(expected);
  });
});

describe('isPublicRange', () => {
  it.each([
    ['0.0.0.0/0', true],
    ['::/0', true],
    ['203.0.113.0/24', false],
    ['52.94.0.0/16', true],
    ['10.1.0.0/16', false],
    ['172.16.5.0/24', false],
    ['192.168.1.1', false],
    ['100.64.0.0/16', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['8.0.0.0/7', true],
    ['fd12:3456::/48', false],
    ['fe80::/64', false],
    ['::1', false],
    ['2600:1f18::/56', true],
    ['2001:db8::/48', false],
  ])('isPublicRange(%s) is %s', (cidr, expected) => {
    // Act & Assess
    expect(isPublicRange(cidr)).toBe(expected);
  });
});

describe('portRangeCovers', () => {
  it.each([
    [443, 443, 443, true],
    [1024, 65535, 10250, true],
    [22, 22, 443, false],
    [-1, -1, 10250, true],
    [0, 0, 22, false],
  ])('portRangeCovers(%d, %d, %d) is %s', (from, to, port, expected) => {
    // Act & Assess
    expect(portRangeCovers(from, to, port)).toBe(expected);
  });
});

describe('daysUntil', () => {
  it.each([
    ['2026-01-31', 30],
    ['2026-01-01T12:00:00Z', 0.5],
    ['2025-12-31', -1],
  ])('counts the days from 2026-01-01 until %s as %d', (date, days) => {
    // Act & Assess
    expect(daysUntil(date, new Date('2026-01-01T00:00:00Z'))).toBe(days);
  });

  it('rejects a value that is not a date', () => {
    // Act & Assess
    expect(() => daysUntil('soon', new Date(0))).toThrow(/not a date/);
  });
});
