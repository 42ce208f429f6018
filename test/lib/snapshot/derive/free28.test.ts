import { describe, expect, it } from 'vitest';
import {
  free28Blocks,
  ipv4Range,
  ipv4ToU32,
  usableIpCount,
} from '../../../../lib/snapshot/derive/free28.js';

/** ENIs holding the given addresses (one each) and one ENI with the prefixes. */
const enisOf = (addresses: string[], prefixes: string[]) => [
  ...addresses.map((privateIpAddress) => ({
    privateIpAddresses: [{ privateIpAddress, primary: true }],
    ipv4Prefixes: [],
  })),
  { privateIpAddresses: [], ipv4Prefixes: prefixes },
];

describe('free28Blocks', () => {
  const cases: {
    name: string;
    input: Parameters<typeof free28Blocks>[0];
    expected: number | undefined;
  }[] = [
    {
      name: 'an empty /24 loses only the blocks of the five reserved addresses',
      input: { cidrBlock: '10.0.0.0/24', enis: enisOf([], []) },
      expected: 14,
    },
    {
      name: 'one address in a block makes the whole block used',
      input: {
        cidrBlock: '10.0.0.0/24',
        enis: enisOf(['10.0.0.20', '10.0.0.21', '10.0.0.100'], []),
      },
      expected: 12,
    },
    {
      name: 'addresses outside the subnet and malformed ones are ignored',
      input: {
        cidrBlock: '10.0.0.0/24',
        enis: enisOf(['10.0.1.20', 'not-an-ip', '10.0.0.256', '10.0.0'], []),
      },
      expected: 14,
    },
    {
      name: 'an ENI without an address list counts its primary address',
      input: {
        cidrBlock: '10.0.0.0/24',
        enis: [
          {
            privateIpAddress: '10.0.0.100',
            privateIpAddresses: [],
            ipv4Prefixes: [],
          },
        ],
      },
      expected: 13,
    },
    {
      name: 'assigned prefixes use their blocks',
      input: {
        cidrBlock: '10.0.0.0/24',
        enis: enisOf(
          [],
          ['10.0.0.32/28', '10.0.0.48/28', '2600::/80', 'bad/28'],
        ),
      },
      expected: 12,
    },
    {
      name: 'an explicit reservation blocks every block it overlaps',
      input: {
        cidrBlock: '10.0.0.0/24',
        enis: enisOf([], []),
        reservations: [
          { subnetId: 's', cidr: '10.0.0.64/26', reservationType: 'explicit' },
        ],
      },
      expected: 10,
    },
    {
      name: 'a prefix reservation keeps its blocks free',
      input: {
        cidrBlock: '10.0.0.0/24',
        enis: enisOf([], []),
        reservations: [
          { subnetId: 's', cidr: '10.0.0.64/26', reservationType: 'prefix' },
        ],
      },
      expected: 14,
    },
    {
      name: 'a /28 subnet has no free block (its reserved addresses sit in it)',
      input: { cidrBlock: '10.0.0.16/28', enis: enisOf([], []) },
      expected: 0,
    },
    {
      name: 'a subnet smaller than a /28 has no block',
      input: { cidrBlock: '10.0.0.16/29', enis: enisOf([], []) },
      expected: 0,
    },
    {
      name: 'an IPv6 CIDR gives no answer',
      input: { cidrBlock: '2600:1f18::/64', enis: enisOf([], []) },
      expected: undefined,
    },
    {
      name: 'a CIDR wider than /8 gives no answer',
      input: { cidrBlock: '10.0.0.0/7', enis: enisOf([], []) },
      expected: undefined,
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    // Prepare: the case's subnet usage

    // Act
    const actual = free28Blocks(input);

    // Assess
    expect(actual).toBe(expected);
  });

  it('counts a fully used /16 with 65,000 addresses in well under 250 ms', () => {
    // Prepare: 6,500 ENIs of 10 addresses fill a /16 up to its last blocks
    const enis = [];
    for (let e = 0; e < 6_500; e++) {
      const privateIpAddresses = [];
      for (let k = 0; k < 10; k++) {
        const i = e * 10 + k;
        privateIpAddresses.push({
          privateIpAddress: `10.1.${i >> 8}.${i & 255}`,
          primary: k === 0,
        });
      }
      enis.push({ privateIpAddresses, ipv4Prefixes: [] });
    }

    // Act
    const started = performance.now();
    const actual = free28Blocks({ cidrBlock: '10.1.0.0/16', enis });
    const elapsed = performance.now() - started;

    // Assess: 65,000 addresses fill 4,063 blocks (4,062.5 rounded up) of 4,096,
    // and the last block holds a reserved address; parsing each address with
    // ipaddr.js alone would take longer than the bound
    expect(actual).toBe(4096 - 4063 - 1);
    expect(elapsed).toBeLessThan(250);
  });
});

describe('ipv4ToU32', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 167_772_161],
    ['255.255.255.255', 4_294_967_295],
    ['1.2.3', undefined],
    ['1.2.3.4.5', undefined],
    ['1..3.4', undefined],
    ['1.2.3.', undefined],
    ['1.2.3.1234', undefined],
    ['a.b.c.d', undefined],
  ])('parses %s as %s', (text, expected) => {
    // Prepare: the address text

    // Act
    const actual = ipv4ToU32(text);

    // Assess
    expect(actual).toBe(expected);
  });
});

describe('ipv4Range', () => {
  it.each([
    ['10.0.0.0/24', [167_772_160, 167_772_415]],
    ['10.0.0.77/28', [167_772_224, 167_772_239]],
    ['10.0.0.7', [167_772_167, 167_772_167]],
    ['10.0.0.0/33', undefined],
    ['10.0.0.0/x', undefined],
    ['::/0', undefined],
  ])('parses %s', (cidr, expected) => {
    // Prepare: the CIDR text

    // Act
    const actual = ipv4Range(cidr);

    // Assess
    expect(actual).toStrictEqual(expected);
  });
});

describe('usableIpCount', () => {
  it.each([
    ['10.0.0.0/24', 251],
    ['10.0.0.0/16', 65_531],
    ['10.0.0.0/28', 11],
    ['10.0.0.0/30', 0],
    ['2600:1f18::/64', 0],
    [undefined, 0],
  ])('counts %s as %i usable addresses', (cidr, expected) => {
    // Prepare: the subnet CIDR

    // Act
    const actual = usableIpCount(cidr);

    // Assess
    expect(actual).toBe(expected);
  });
});
