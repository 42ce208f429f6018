import { describe, expect, it } from 'vitest';
import {
  createInstanceTypeCache,
  mergeInstanceType,
} from '../../../lib/collect/index.js';
import type { ApiInstanceType } from '../../../lib/collect/types.js';
import type { InstanceTypeInfo } from '../../../lib/snapshot/types.js';

const apiOnly: ApiInstanceType = {
  instanceType: 'zz9.large',
  hypervisor: 'nitro',
  bareMetal: false,
  defaultVCpus: 2,
  maximumNetworkInterfaces: 4,
  maximumNetworkCards: 1,
  ipv4AddressesPerInterface: 15,
  ipv6AddressesPerInterface: 15,
  ipv6Supported: true,
};

describe('mergeInstanceType', () => {
  const cases: {
    name: string;
    type: string;
    api: ApiInstanceType | null | undefined;
    expected: InstanceTypeInfo | undefined;
  }[] = [
    {
      name: 'a type neither source knows is left out',
      type: 'zz9.nothing',
      api: null,
      expected: undefined,
    },
    {
      name: 'an API-only type gets the CNI max-pods formula and no trunking facts',
      type: 'zz9.large',
      api: apiOnly,
      expected: { ...apiOnly, source: 'api', maxPodsDefault: 4 * 14 + 2 },
    },
    {
      name: 'a bundled bare-metal row has no hypervisor',
      type: 'a1.metal',
      api: undefined,
      expected: {
        instanceType: 'a1.metal',
        source: 'bundled',
        bareMetal: true,
        maximumNetworkInterfaces: 8,
        maximumNetworkCards: 1,
        ipv4AddressesPerInterface: 30,
        trunkingCompatible: true,
        branchInterfaces: 54,
        maxPodsDefault: 234,
      },
    },
    {
      name: 'a row only the max-pods list has keeps just max pods',
      type: 'c5a.metal',
      api: null,
      expected: {
        instanceType: 'c5a.metal',
        source: 'bundled',
        maxPodsDefault: 737,
      },
    },
    {
      name: 'a row without max pods computes it from its ENIs',
      type: 'i3.metal',
      api: undefined,
      expected: {
        instanceType: 'i3.metal',
        source: 'bundled',
        bareMetal: true,
        maximumNetworkInterfaces: 15,
        maximumNetworkCards: 1,
        ipv4AddressesPerInterface: 50,
        trunkingCompatible: true,
        branchInterfaces: 120,
        maxPodsDefault: 15 * 49 + 2,
      },
    },
    {
      name: 'the API wins over the table where both answer',
      type: 't2.micro',
      api: {
        instanceType: 't2.micro',
        hypervisor: 'xen',
        maximumNetworkInterfaces: 3,
        ipv4AddressesPerInterface: 2,
      },
      expected: {
        instanceType: 't2.micro',
        source: 'api+bundled',
        hypervisor: 'xen',
        bareMetal: false,
        maximumNetworkInterfaces: 3,
        maximumNetworkCards: 1,
        ipv4AddressesPerInterface: 2,
        trunkingCompatible: false,
        branchInterfaces: 0,
        maxPodsDefault: 4,
      },
    },
  ];

  it.each(cases)('$name', ({ type, api, expected }) => {
    // Act
    const merged = mergeInstanceType(type, api);

    // Assess
    expect(merged).toEqual(expected);
  });
});

describe('createInstanceTypeCache', () => {
  it('remembers answers and types the API rejected, and counts them', () => {
    // Prepare
    const cache = createInstanceTypeCache();

    // Act
    cache.set('zz9.large', apiOnly);
    cache.set('zz9.nothing', null);

    // Assess
    expect(cache.get('zz9.large')).toBe(apiOnly);
    expect(cache.get('zz9.nothing')).toBeNull();
    expect(cache.get('m5.large')).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
