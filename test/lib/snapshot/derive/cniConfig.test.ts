import { describe, expect, it } from 'vitest';
import {
  envFlag,
  parseCniConfig,
} from '../../../../lib/snapshot/derive/cniConfig.js';
import type { Addon } from '../../../../lib/snapshot/types.js';

const addon = (configurationValues?: string): Addon => ({
  addonName: 'vpc-cni',
  addonVersion: 'v1.18.5-eksbuild.1',
  status: 'ACTIVE',
  health: { issues: [] },
  ...(configurationValues !== undefined && { configurationValues }),
});

describe('parseCniConfig', () => {
  const cases: {
    name: string;
    input: Addon | null | undefined;
    expected: ReturnType<typeof parseCniConfig>;
  }[] = [
    {
      name: 'a missing add-on is not visible',
      input: null,
      expected: { visible: false, env: {} },
    },
    {
      name: 'an uncollected add-on is not visible',
      input: undefined,
      expected: { visible: false, env: {} },
    },
    {
      name: 'an add-on without values is not visible',
      input: addon(),
      expected: { visible: false, env: {} },
    },
    {
      name: 'blank values are not visible',
      input: addon('   '),
      expected: { visible: false, env: {} },
    },
    {
      name: 'unparseable values are not visible',
      input: addon('{"env": '),
      expected: { visible: false, env: {} },
    },
    {
      name: 'values that are not an object are not visible',
      input: addon('- a\n- b'),
      expected: { visible: false, env: {} },
    },
    {
      name: 'JSON env values are stringified',
      input: addon(
        '{"env":{"ENABLE_PREFIX_DELEGATION":"true","WARM_IP_TARGET":5,"ENABLE_POD_ENI":true,"X":null},"enableNetworkPolicy":"true"}',
      ),
      expected: {
        visible: true,
        env: {
          ENABLE_PREFIX_DELEGATION: 'true',
          WARM_IP_TARGET: '5',
          ENABLE_POD_ENI: 'true',
        },
        enableNetworkPolicy: 'true',
      },
    },
    {
      name: 'YAML values parse like JSON and a boolean policy flag becomes a string',
      input: addon(
        'env:\n  AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true"\nenableNetworkPolicy: false\n',
      ),
      expected: {
        visible: true,
        env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' },
        enableNetworkPolicy: 'false',
      },
    },
    {
      name: 'values without env are visible with an empty env',
      input: addon('{"resources":{"requests":{"cpu":"25m"}}}'),
      expected: { visible: true, env: {} },
    },
    {
      name: 'eniConfig subnets are read and sorted by key, skipping entries without an id',
      input: addon(
        JSON.stringify({
          eniConfig: {
            create: true,
            region: 'us-east-1',
            subnets: {
              'us-east-1b': { id: 'subnet-pod-b' },
              'us-east-1a': { id: 'subnet-pod-a', securityGroups: ['sg-1', 2] },
              'us-east-1c': { securityGroups: [] },
              broken: 'subnet-x',
            },
          },
        }),
      ),
      expected: {
        visible: true,
        env: {},
        eniConfigSubnets: [
          {
            key: 'us-east-1a',
            subnetId: 'subnet-pod-a',
            securityGroups: ['sg-1'],
          },
          { key: 'us-east-1b', subnetId: 'subnet-pod-b', securityGroups: [] },
        ],
      },
    },
    {
      name: 'an eniConfig without subnets is ignored',
      input: addon('{"eniConfig":{"create":false}}'),
      expected: { visible: true, env: {} },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    // Prepare: the case's add-on

    // Act
    const actual = parseCniConfig(input);

    // Assess
    expect(actual).toStrictEqual(expected);
  });
});

describe('envFlag', () => {
  it.each([
    ['true', true],
    [' TRUE ', true],
    ['false', false],
    ['False', false],
    ['yes', undefined],
    [undefined, undefined],
  ])('reads %j as %j', (value, expected) => {
    // Prepare
    const env: Record<string, string> = value === undefined ? {} : { K: value };

    // Act
    const actual = envFlag(env, 'K');

    // Assess
    expect(actual).toBe(expected);
  });
});
