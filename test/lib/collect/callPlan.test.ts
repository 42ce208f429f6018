import { describe, expect, it } from 'vitest';
import { expectedCallCount } from '../../../lib/collect/index.js';

describe('expectedCallCount', () => {
  it.each([
    {
      name: 'the reference example (3 clusters, 6 node groups, 1 VPC)',
      shape: {
        clusters: 3,
        nodegroups: 6,
        fargateProfiles: 0,
        vpcs: 1,
        instanceTypesToFetch: 100,
      },
      expected: 33,
    },
    {
      name: 'a region without clusters (ListClusters and DescribeClusterVersions)',
      shape: {
        clusters: 0,
        nodegroups: 0,
        fargateProfiles: 0,
        vpcs: 0,
        instanceTypesToFetch: 0,
      },
      expected: 2,
    },
    {
      name: 'every type already cached',
      shape: {
        clusters: 1,
        nodegroups: 2,
        fargateProfiles: 1,
        vpcs: 1,
        instanceTypesToFetch: 0,
      },
      expected: 1 + 4 + 2 + 1 + 12 + 1,
    },
    {
      name: '101 types (two DescribeInstanceTypes calls)',
      shape: {
        clusters: 1,
        nodegroups: 0,
        fargateProfiles: 0,
        vpcs: 1,
        instanceTypesToFetch: 101,
      },
      expected: 1 + 4 + 12 + 2 + 1,
    },
    {
      name: 'two VPCs share one DescribeVpcs and one DescribeDhcpOptions',
      shape: {
        clusters: 2,
        nodegroups: 2,
        fargateProfiles: 0,
        vpcs: 2,
        instanceTypesToFetch: 1,
      },
      expected: 1 + 8 + 2 + (2 + 2 * 10) + 1 + 1,
    },
  ])('counts $name', ({ shape, expected }) => {
    // Act
    const count = expectedCallCount(shape);

    // Assess
    expect(count).toBe(expected);
  });
});
