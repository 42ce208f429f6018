import { describe, expect, it } from 'vitest';
import {
  COLLECTOR_PERMISSIONS,
  COLLECTORS,
  findCollector,
} from '../../../lib/collect/index.js';
import { COLLECTION_NAMES } from '../../../lib/snapshot/types.js';

/** Reference §1.6: the read-only actions the member role may grant. */
const MEMBER_ROLE_ACTIONS = [
  'eks:ListClusters',
  'eks:DescribeCluster',
  'eks:ListNodegroups',
  'eks:DescribeNodegroup',
  'eks:ListAddons',
  'eks:DescribeAddon',
  'eks:DescribeAddonVersions',
  'eks:DescribeAddonConfiguration',
  'eks:ListFargateProfiles',
  'eks:DescribeFargateProfile',
  'eks:DescribeClusterVersions',
  'ec2:DescribeRegions',
  'ec2:DescribeVpcs',
  'ec2:DescribeVpcAttribute',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeSubnets',
  'ec2:GetSubnetCidrReservations',
  'ec2:DescribeRouteTables',
  'ec2:DescribeNatGateways',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSecurityGroupRules',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeInstances',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeFlowLogs',
  // Services reference §8.3 (both ELB versions share the prefix).
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeTags',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetGroupAttributes',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeTargetHealth',
];

describe('COLLECTORS', () => {
  it.each(COLLECTORS.map((c) => [c.name, c] as const))(
    'declares the metadata of %s',
    (_, collector) => {
      // Assess
      expect(collector.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(collector.description.length).toBeGreaterThan(10);
      expect(collector.collections.length).toBeGreaterThan(0);
      for (const collection of collector.collections) {
        expect(COLLECTION_NAMES).toContain(collection);
      }
      expect(collector.permissions.length).toBeGreaterThan(0);
      for (const action of collector.permissions) {
        expect(MEMBER_ROLE_ACTIONS).toContain(action);
      }
      expect(findCollector(collector.name)).toBe(collector);
    },
  );

  it('has unique names and fills every snapshot collection', () => {
    // Act
    const names = COLLECTORS.map((c) => c.name);
    const filled = new Set(COLLECTORS.flatMap((c) => c.collections));

    // Assess
    expect(new Set(names).size).toBe(names.length);
    expect([...filled].sort()).toEqual([...COLLECTION_NAMES].sort());
  });
});

describe('COLLECTOR_PERMISSIONS', () => {
  it('is the sorted, duplicate-free union of every collector permission', () => {
    // Act
    const union = [...new Set(COLLECTORS.flatMap((c) => c.permissions))];

    // Assess
    expect(COLLECTOR_PERMISSIONS).toEqual([...union].sort());
    expect(new Set(COLLECTOR_PERMISSIONS).size).toBe(
      COLLECTOR_PERMISSIONS.length,
    );
  });

  it('leaves out the calls the plan avoids', () => {
    // Assess
    expect(COLLECTOR_PERMISSIONS).not.toContain('eks:ListAddons');
    expect(COLLECTOR_PERMISSIONS).not.toContain(
      'ec2:DescribeSecurityGroupRules',
    );
    expect(COLLECTOR_PERMISSIONS).toEqual([
      'ec2:DescribeDhcpOptions',
      'ec2:DescribeFlowLogs',
      'ec2:DescribeInstanceTypes',
      'ec2:DescribeInstances',
      'ec2:DescribeNatGateways',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcAttribute',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcs',
      'ec2:GetSubnetCidrReservations',
      'eks:DescribeAddon',
      'eks:DescribeCluster',
      'eks:DescribeClusterVersions',
      'eks:DescribeFargateProfile',
      'eks:DescribeNodegroup',
      'eks:ListClusters',
      'eks:ListFargateProfiles',
      'eks:ListNodegroups',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeTags',
      'elasticloadbalancing:DescribeTargetGroupAttributes',
      'elasticloadbalancing:DescribeTargetGroups',
    ]);
  });
});
