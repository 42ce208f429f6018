import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  cidrOverlaps,
  ipv4CidrSize,
  parseCidr,
} from '../../../../lib/snapshot/derive/cidr.js';

describe('parseCidr', () => {
  it('parses IPv4 and IPv6 blocks and single addresses as inclusive ranges', () => {
    // Prepare
    const cases = [
      { text: '10.0.0.0/16', family: 4, prefix: 16, size: 65_536n },
      { text: '10.0.0.7/24', family: 4, prefix: 24, size: 256n },
      { text: '192.0.2.7', family: 4, prefix: 32, size: 1n },
      { text: '2600:1f18::/56', family: 6, prefix: 56, size: 2n ** 72n },
      { text: '::/0', family: 6, prefix: 0, size: 2n ** 128n },
      { text: '2001:db8::1', family: 6, prefix: 128, size: 1n },
    ];

    for (const { text, family, prefix, size } of cases) {
      // Act
      const parsed = parseCidr(text);

      // Assess
      expect(parsed?.family, text).toBe(family);
      expect(parsed?.prefix, text).toBe(prefix);
      expect(parsed && parsed.end - parsed.start + 1n, text).toBe(size);
    }
  });

  it('aligns the start of a block with host bits set', () => {
    // Act
    const parsed = parseCidr('10.0.0.7/24');

    // Assess
    expect(parsed?.start).toBe(parseCidr('10.0.0.0')?.start);
  });

  it('keeps answering correctly after its memo fills up and is cleared', () => {
    // Prepare
    const addresses = Array.from(
      { length: 50_100 },
      (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    );

    // Act
    const parsed = addresses.map((address) => parseCidr(address));

    // Assess
    expect(parsed.every((range) => range?.prefix === 32)).toBe(true);
    expect(parseCidr('10.0.0.0/8')?.prefix).toBe(8);
  });

  it('returns undefined for malformed input instead of throwing', () => {
    // Prepare
    const inputs = [
      '',
      'pl-123',
      '10.0.0.0/33',
      '10.0.0/8',
      '::g/64',
      '1.2.3.4/x',
    ];

    for (const input of inputs) {
      // Act
      const parsed = parseCidr(input);

      // Assess
      expect(parsed, input).toBeUndefined();
    }
  });
});

describe('cidrContains', () => {
  it('is true only when the inner block lies inside the outer one, per family', () => {
    // Prepare
    const cases: [string, string, boolean][] = [
      ['10.0.0.0/16', '10.0.16.0/20', true],
      ['10.0.0.0/16', '10.0.16.10', true],
      ['10.0.16.0/20', '10.0.0.0/16', false],
      ['0.0.0.0/0', '203.0.113.9', true],
      ['::/0', '203.0.113.9', false],
      ['2600:1f18::/56', '2600:1f18:0:1::/64', true],
      ['10.0.0.0/16', 'bogus', false],
    ];

    for (const [outer, inner, expected] of cases) {
      // Act
      const contained = cidrContains(outer, inner);

      // Assess
      expect(contained, `${outer} ⊇ ${inner}`).toBe(expected);
    }
  });
});

describe('cidrOverlaps', () => {
  it('is true when two blocks of one family share an address', () => {
    // Prepare
    const cases: [string, string, boolean][] = [
      ['10.100.0.0/16', '10.0.0.0/8', true],
      ['10.100.0.0/16', '10.101.0.0/16', false],
      ['172.20.0.0/16', '172.16.0.0/12', true],
      ['fd00::/8', '10.0.0.0/8', false],
      ['x', '10.0.0.0/8', false],
    ];

    for (const [left, right, expected] of cases) {
      // Act
      const overlaps = cidrOverlaps(left, right);

      // Assess
      expect(overlaps, `${left} ∩ ${right}`).toBe(expected);
    }
  });
});

describe('ipv4CidrSize', () => {
  it('counts IPv4 addresses and gives 0 for IPv6 or malformed blocks', () => {
    // Prepare
    const cases: [string, number][] = [
      ['10.0.0.0/28', 16],
      ['10.0.0.0/16', 65_536],
      ['2600::/64', 0],
      ['nope', 0],
    ];

    for (const [cidr, expected] of cases) {
      // Act
      const size = ipv4CidrSize(cidr);

      // Assess
      expect(size, cidr).toBe(expected);
    }
  });
});
