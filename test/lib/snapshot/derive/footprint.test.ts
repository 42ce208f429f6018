import { describe, expect, it } from 'vitest';
import {
  envInt,
  footprint,
} from '../../../../lib/snapshot/derive/footprint.js';
import type { CniMode } from '../../../../lib/snapshot/derive/maxPods.js';
import type { InstanceTypeInfo } from '../../../../lib/snapshot/types.js';

const type = (
  instanceType: string,
  vcpus: number,
  enis: number,
  ips: number,
  hypervisor = 'nitro',
): InstanceTypeInfo => ({
  instanceType,
  source: 'api+bundled',
  hypervisor,
  bareMetal: false,
  defaultVCpus: vcpus,
  maximumNetworkInterfaces: enis,
  ipv4AddressesPerInterface: ips,
});

const M5_LARGE = type('m5.large', 2, 3, 10);
const M5_4XLARGE = type('m5.4xlarge', 16, 8, 30);
const M4_LARGE = type('m4.large', 2, 2, 10, 'xen');
const T3_MICRO = type('t3.micro', 2, 2, 2);

describe('footprint', () => {
  const cases: {
    name: string;
    info: InstanceTypeInfo;
    mode: CniMode;
    options?: Parameters<typeof footprint>[2];
    expected: ReturnType<typeof footprint>;
  }[] = [
    {
      name: 'secondary-IP mode pins every ENI fully populated',
      info: M5_LARGE,
      mode: 'secondary-ip',
      expected: { pods: 30, node: 0 },
    },
    {
      name: 'custom networking loses the primary ENI and charges the node subnet one address',
      info: M5_LARGE,
      mode: 'custom-networking',
      expected: { pods: 20, node: 1 },
    },
    {
      name: 'prefix mode at 110 Pods takes 8 prefixes and one ENI address (§3.3 example)',
      info: M5_LARGE,
      mode: 'prefix',
      expected: { pods: 129, node: 0 },
    },
    {
      name: 'prefix plus custom networking charges the prefixes to the pod subnet',
      info: M5_LARGE,
      mode: 'custom-networking+prefix',
      expected: { pods: 129, node: 1 },
    },
    {
      name: 'WARM_PREFIX_TARGET=0 keeps no spare prefix',
      info: M5_LARGE,
      mode: 'prefix',
      options: { env: { WARM_PREFIX_TARGET: '0' } },
      expected: { pods: 113, node: 0 },
    },
    {
      name: 'prefixes are bounded by the ENI slots of a small type',
      info: T3_MICRO,
      mode: 'prefix',
      expected: { pods: 34, node: 0 },
    },
    {
      name: 'a non-Nitro type in prefix mode falls back to secondary IPs',
      info: M4_LARGE,
      mode: 'prefix',
      expected: { pods: 20, node: 0 },
    },
    {
      name: 'WARM_IP_TARGET with MINIMUM_IP_TARGET counts IP-granular targets',
      info: M5_4XLARGE,
      mode: 'secondary-ip',
      options: { env: { WARM_IP_TARGET: '5', MINIMUM_IP_TARGET: '10' } },
      expected: { pods: 117, node: 0 },
    },
    {
      name: 'MINIMUM_IP_TARGET alone counts Pods plus ENI addresses',
      info: M5_4XLARGE,
      mode: 'secondary-ip',
      options: { env: { MINIMUM_IP_TARGET: '10' } },
      expected: { pods: 112, node: 0 },
    },
    {
      name: 'IP targets never exceed every ENI fully populated',
      info: M5_LARGE,
      mode: 'secondary-ip',
      options: { env: { WARM_IP_TARGET: '5', MINIMUM_IP_TARGET: '10' } },
      expected: { pods: 30, node: 0 },
    },
    {
      name: 'a non-numeric target is ignored',
      info: M5_LARGE,
      mode: 'secondary-ip',
      options: { env: { WARM_IP_TARGET: 'five' } },
      expected: { pods: 30, node: 0 },
    },
    {
      name: 'an IPv6 node takes a single IPv4 address',
      info: M5_LARGE,
      mode: 'prefix',
      options: { ipFamily: 'ipv6' },
      expected: { pods: 1, node: 0 },
    },
    {
      name: 'a Windows node uses one ENI',
      info: M5_LARGE,
      mode: 'secondary-ip',
      options: { windows: true },
      expected: { pods: 10, node: 0 },
    },
    {
      name: 'an unknown vCPU count sizes prefixes by the uncapped max Pods, bounded by the ENI slots',
      info: {
        instanceType: 'm5.large',
        source: 'bundled',
        hypervisor: 'nitro',
        maximumNetworkInterfaces: 3,
        ipv4AddressesPerInterface: 10,
      },
      mode: 'prefix',
      expected: { pods: 435, node: 0 },
    },
    {
      name: 'a type with one address per ENI gives no footprint',
      info: type('odd.one', 2, 2, 1),
      mode: 'secondary-ip',
      expected: undefined,
    },
    {
      name: 'unknown limits give no footprint',
      info: { instanceType: 'x9.huge', source: 'api' },
      mode: 'secondary-ip',
      expected: undefined,
    },
    {
      name: 'custom networking on a single-ENI type gives no footprint',
      info: type('tiny.one', 1, 1, 4),
      mode: 'custom-networking',
      expected: undefined,
    },
  ];

  it.each(cases)('$name', ({ info, mode, options, expected }) => {
    // Prepare: the case's type, mode and options

    // Act
    const actual = footprint(info, mode, options);

    // Assess
    expect(actual).toStrictEqual(expected);
  });
});

describe('envInt', () => {
  it.each([
    ['5', 5],
    [' 12 ', 12],
    ['0', 0],
    ['-1', undefined],
    ['1.5', undefined],
    [undefined, undefined],
  ])('reads %j as %j', (value, expected) => {
    // Prepare
    const env: Record<string, string> = value === undefined ? {} : { K: value };

    // Act
    const actual = envInt(env, 'K');

    // Assess
    expect(actual).toBe(expected);
  });
});
