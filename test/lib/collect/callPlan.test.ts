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
      name: 'two VPCs each have their DescribeVpcs and share one DescribeDhcpOptions',
      shape: {
        clusters: 2,
        nodegroups: 2,
        fargateProfiles: 0,
        vpcs: 2,
        instanceTypesToFetch: 1,
      },
      expected: 1 + 8 + 2 + (1 + 2 * 11) + 1 + 1,
    },
    {
      name: 'the services reference example (35 v2, 110 target groups, 2 Classic)',
      shape: {
        clusters: 1,
        nodegroups: 0,
        fargateProfiles: 0,
        vpcs: 1,
        instanceTypesToFetch: 0,
        elb: {
          loadBalancersAll: 35,
          loadBalancers: 35,
          targetGroupsAll: 110,
          targetGroups: 110,
          nlbTargetGroups: 60,
          classicAll: 2,
          classic: 2,
        },
      },
      // §8.1 counts 142 without the optional Classic attribute calls (+2).
      expected: 1 + 4 + 12 + 1 + (1 + 1 + 1 + 8 + 70 + 60 + 1 + 2),
    },
    {
      name: 'an account without load balancers still lists them once per API',
      shape: {
        clusters: 1,
        nodegroups: 0,
        fargateProfiles: 0,
        vpcs: 1,
        instanceTypesToFetch: 0,
        elb: {
          loadBalancersAll: 0,
          loadBalancers: 0,
          targetGroupsAll: 0,
          targetGroups: 0,
          nlbTargetGroups: 0,
          classicAll: 0,
          classic: 0,
        },
      },
      expected: 1 + 4 + 12 + 1 + 3,
    },
    {
      name: '401 regional load balancers take two pages; 21 tag targets two batches',
      shape: {
        clusters: 1,
        nodegroups: 0,
        fargateProfiles: 0,
        vpcs: 1,
        instanceTypesToFetch: 0,
        elb: {
          loadBalancersAll: 401,
          loadBalancers: 1,
          targetGroupsAll: 20,
          targetGroups: 20,
          nlbTargetGroups: 0,
          classicAll: 0,
          classic: 0,
        },
      },
      expected: 1 + 4 + 12 + 1 + (2 + 1 + 1 + 2 + 2),
    },
    {
      name: 'no cluster VPC means no ELB calls',
      shape: {
        clusters: 0,
        nodegroups: 0,
        fargateProfiles: 0,
        vpcs: 0,
        instanceTypesToFetch: 0,
        elb: {
          loadBalancersAll: 5,
          loadBalancers: 0,
          targetGroupsAll: 5,
          targetGroups: 0,
          nlbTargetGroups: 0,
          classicAll: 0,
          classic: 0,
        },
      },
      expected: 2,
    },
  ])('counts $name', ({ shape, expected }) => {
    // Act
    const count = expectedCallCount(shape);

    // Assess
    expect(count).toBe(expected);
  });
});
