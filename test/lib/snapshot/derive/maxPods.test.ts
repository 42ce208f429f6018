import { describe, expect, it } from 'vitest';
import {
  maxPods,
  maxPodsCap,
} from '../../../../lib/snapshot/derive/maxPods.js';
import type { InstanceTypeInfo } from '../../../../lib/snapshot/types.js';

/**
 * The reference table of the domain reference §3.2: type, vCPU, hypervisor,
 * ENIs (default card), IPv4 per ENI, eni-max-pods.txt, secondary-IP,
 * custom networking, prefix raw, prefix capped, prefix + custom raw.
 * `null` prefix columns are the non-Nitro rows.
 */
type Row = [
  string,
  number,
  string,
  number,
  number,
  number,
  number,
  number,
  number | null,
  number | null,
  number | null,
];
const TABLE: Row[] = [
  ['t3.micro', 2, 'nitro', 2, 2, 4, 4, 3, 34, 34, 18],
  ['t3.medium', 2, 'nitro', 3, 6, 17, 17, 12, 242, 110, 162],
  ['t3.large', 2, 'nitro', 3, 12, 35, 35, 24, 530, 110, 354],
  ['t3.xlarge', 4, 'nitro', 4, 15, 58, 58, 44, 898, 110, 674],
  ['t4g.medium', 2, 'nitro', 3, 6, 17, 17, 12, 242, 110, 162],
  ['m5.large', 2, 'nitro', 3, 10, 29, 29, 20, 434, 110, 290],
  ['m5.xlarge', 4, 'nitro', 4, 15, 58, 58, 44, 898, 110, 674],
  ['m5.2xlarge', 8, 'nitro', 4, 15, 58, 58, 44, 898, 110, 674],
  ['m5.4xlarge', 16, 'nitro', 8, 30, 234, 234, 205, 3714, 110, 3250],
  ['m5.8xlarge', 32, 'nitro', 8, 30, 234, 234, 205, 3714, 250, 3250],
  ['m5.12xlarge', 48, 'nitro', 8, 30, 234, 234, 205, 3714, 250, 3250],
  ['m5.24xlarge', 96, 'nitro', 15, 50, 737, 737, 688, 11762, 250, 10978],
  ['c5.large', 2, 'nitro', 3, 10, 29, 29, 20, 434, 110, 290],
  ['c5.xlarge', 4, 'nitro', 4, 15, 58, 58, 44, 898, 110, 674],
  ['c5.4xlarge', 16, 'nitro', 8, 30, 234, 234, 205, 3714, 110, 3250],
  ['c5.9xlarge', 36, 'nitro', 8, 30, 234, 234, 205, 3714, 250, 3250],
  ['r5.large', 2, 'nitro', 3, 10, 29, 29, 20, 434, 110, 290],
  ['r5.2xlarge', 8, 'nitro', 4, 15, 58, 58, 44, 898, 110, 674],
  ['m6i.large', 2, 'nitro', 3, 10, 29, 29, 20, 434, 110, 290],
  ['m6i.xlarge', 4, 'nitro', 4, 15, 58, 58, 44, 898, 110, 674],
  ['m6g.large', 2, 'nitro', 3, 10, 29, 29, 20, 434, 110, 290],
  ['c6g.large', 2, 'nitro', 3, 10, 29, 29, 20, 434, 110, 290],
  ['m7g.large', 2, 'nitro', 3, 10, 29, 29, 20, 434, 110, 290],
  ['m7i.xlarge', 4, 'nitro', 4, 15, 58, 58, 44, 898, 110, 674],
  ['m4.large', 2, 'xen', 2, 10, 20, 20, 11, null, null, null],
  ['c4.large', 2, 'xen', 3, 10, 29, 29, 20, null, null, null],
  ['p4d.24xlarge', 96, 'nitro', 15, 50, 737, 737, 688, 11762, 250, 10978],
  ['p5.48xlarge', 192, 'nitro', 2, 50, 100, 100, 51, 1570, 250, 786],
];

const info = (row: Row): InstanceTypeInfo => ({
  instanceType: row[0],
  source: 'api+bundled',
  defaultVCpus: row[1],
  hypervisor: row[2],
  bareMetal: false,
  maximumNetworkInterfaces: row[3],
  ipv4AddressesPerInterface: row[4],
  maxPodsDefault: row[5],
});

const cap = (vcpus: number, value: number): number =>
  Math.min(value, vcpus > 30 ? 250 : 110);

describe('maxPods', () => {
  it.each(TABLE)('pins every mode of the §3.2 row for %s', (...row) => {
    // Prepare
    const [type, vcpus, , , , published, secondary, custom] = row;
    const [pdRaw, pdCapped, pdCustomRaw] = [row[8], row[9], row[10]];
    const limits = info(row);

    // Act
    const actual = {
      secondary: maxPods(limits, 'secondary-ip'),
      custom: maxPods(limits, 'custom-networking'),
      prefix: maxPods(limits, 'prefix'),
      prefixCustom: maxPods(limits, 'custom-networking+prefix'),
    };

    // Assess: non-Nitro rows fall back to the secondary-IP formulas
    expect(actual.secondary?.raw, type).toBe(published);
    expect(actual.secondary, type).toStrictEqual({
      raw: secondary,
      capped: cap(vcpus, secondary),
    });
    expect(actual.custom, type).toStrictEqual({
      raw: custom,
      capped: cap(vcpus, custom),
    });
    expect(actual.prefix, type).toStrictEqual(
      pdRaw === null ? actual.secondary : { raw: pdRaw, capped: pdCapped },
    );
    expect(actual.prefixCustom, type).toStrictEqual(
      pdCustomRaw === null
        ? actual.custom
        : { raw: pdCustomRaw, capped: cap(vcpus, pdCustomRaw) },
    );
  });

  it('uses prefixes on bare-metal types, which report no hypervisor', () => {
    // Prepare
    const metal: InstanceTypeInfo = {
      instanceType: 'm5.metal',
      source: 'bundled',
      bareMetal: true,
      defaultVCpus: 96,
      maximumNetworkInterfaces: 15,
      ipv4AddressesPerInterface: 50,
    };

    // Act
    const actual = maxPods(metal, 'prefix');

    // Assess
    expect(actual).toStrictEqual({ raw: 11762, capped: 250 });
  });

  const windowsCases = [
    { mode: 'secondary-ip', expected: { raw: 9, capped: 9 } },
    { mode: 'custom-networking', expected: { raw: 9, capped: 9 } },
    { mode: 'prefix', expected: { raw: 144, capped: 110 } },
  ] as const;
  it.each(windowsCases)(
    'counts one ENI on Windows nodes in $mode mode',
    ({ mode, expected }) => {
      // Prepare
      const limits = info(TABLE[5] as Row);

      // Act
      const actual = maxPods(limits, mode, { windows: true });

      // Assess
      expect(actual).toStrictEqual(expected);
    },
  );

  const unknownCases: {
    name: string;
    limits: InstanceTypeInfo;
    mode: 'secondary-ip' | 'prefix';
    expected: ReturnType<typeof maxPods>;
  }[] = [
    {
      name: 'no limits at all give undefined',
      limits: { instanceType: 'x9.huge', source: 'api' },
      mode: 'secondary-ip',
      expected: undefined,
    },
    {
      name: 'an unknown ENI count falls back to the published value',
      limits: {
        instanceType: 'm5.large',
        source: 'bundled',
        ipv4AddressesPerInterface: 10,
        maxPodsDefault: 29,
      },
      mode: 'secondary-ip',
      expected: { raw: 29, capped: 29 },
    },
    {
      name: 'an unknown ENI count leaves prefix mode unknown',
      limits: {
        instanceType: 'm5.large',
        source: 'bundled',
        hypervisor: 'nitro',
        ipv4AddressesPerInterface: 10,
        maxPodsDefault: 29,
      },
      mode: 'prefix',
      expected: undefined,
    },
    {
      name: 'an unknown vCPU count leaves a value above 110 uncapped',
      limits: {
        instanceType: 'm5.large',
        source: 'bundled',
        hypervisor: 'nitro',
        maximumNetworkInterfaces: 3,
        ipv4AddressesPerInterface: 10,
      },
      mode: 'prefix',
      expected: { raw: 434 },
    },
  ];
  it.each(unknownCases)('$name', ({ limits, mode, expected }) => {
    // Prepare: the case's partial limits

    // Act
    const actual = maxPods(limits, mode);

    // Assess
    expect(actual).toStrictEqual(expected);
  });
});

describe('maxPodsCap', () => {
  it.each([
    [1, 110],
    [29, 110],
    [30, 110],
    [31, 250],
    [192, 250],
  ])('caps a %i-vCPU type at %i', (vcpus, expected) => {
    // Prepare: the vCPU count

    // Act
    const actual = maxPodsCap(vcpus);

    // Assess
    expect(actual).toBe(expected);
  });
});
