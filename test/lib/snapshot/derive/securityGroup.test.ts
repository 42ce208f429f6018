import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import { securityGroupFacts } from '../../../../lib/snapshot/derive/securityGroup.js';
import type { IpPermission } from '../../../../lib/snapshot/types.js';
import {
  defined,
  item,
  loadSnapshot,
  type MutableSnapshot,
} from '../loadSnapshot.js';

const factsOf = (snapshot: MutableSnapshot, groupId: string) =>
  defined(
    securityGroupFacts(buildContext(snapshot)).find((g) => g.id === groupId),
    groupId,
  );

const rule = (
  ipProtocol: string,
  extra: Partial<IpPermission> = {},
): IpPermission => ({
  ipProtocol,
  ipRanges: [],
  ipv6Ranges: [],
  prefixListIds: [],
  userIdGroupPairs: [],
  ...extra,
});

describe('securityGroupFacts', () => {
  it('describes the cluster security group with its roles', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const facts = factsOf(snapshot, 'sg-cluster');

    // Assess
    expect(facts).toEqual({
      kind: 'securityGroup',
      id: 'sg-cluster',
      name: 'eks-cluster-sg-prod-1234567890',
      arn: 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-cluster',
      clusterName: 'prod',
      vpcId: 'vpc-0prod',
      clusterNames: ['prod'],
      clusterSecurityGroupOf: ['prod'],
      controlPlaneOf: ['prod'],
      nodesOf: ['prod'],
      internetIngressRules: [],
      internetIngressCritical: false,
      selfIngressAll: true,
      clusterSgEgressMissing: [],
      tags: {
        Name: 'eks-cluster-sg-prod-1234567890',
        'kubernetes.io/cluster/prod': 'owned',
        'aws:eks:cluster-name': 'prod',
      },
    });
  });

  it('lists internet-open ingress and flags the critical ports', () => {
    // Prepare
    const cases: {
      rules: IpPermission[];
      expected: string[];
      critical: boolean;
    }[] = [
      {
        rules: [
          rule('tcp', { fromPort: 22, toPort: 22, ipRanges: ['0.0.0.0/0'] }),
        ],
        expected: ['tcp/22 from 0.0.0.0/0'],
        critical: true,
      },
      {
        rules: [
          rule('tcp', {
            fromPort: 443,
            toPort: 443,
            ipv6Ranges: ['::/0'],
            ipRanges: ['0.0.0.0/0'],
          }),
        ],
        expected: ['tcp/443 from 0.0.0.0/0', 'tcp/443 from ::/0'],
        critical: false,
      },
      {
        rules: [
          rule('tcp', {
            fromPort: 10000,
            toPort: 11000,
            ipRanges: ['0.0.0.0/0'],
          }),
        ],
        expected: ['tcp/10000-11000 from 0.0.0.0/0'],
        critical: true,
      },
      {
        rules: [
          rule('tcp', { fromPort: 3389, toPort: 3389, ipv6Ranges: ['::/0'] }),
        ],
        expected: ['tcp/3389 from ::/0'],
        critical: true,
      },
      {
        rules: [rule('-1', { ipRanges: ['0.0.0.0/0'] })],
        expected: ['all from 0.0.0.0/0'],
        critical: true,
      },
      {
        rules: [
          rule('udp', { fromPort: 53, toPort: 53, ipRanges: ['0.0.0.0/0'] }),
        ],
        expected: ['udp/53 from 0.0.0.0/0'],
        critical: false,
      },
      {
        rules: [
          rule('tcp', { fromPort: 22, toPort: 22, ipRanges: ['10.0.0.0/8'] }),
        ],
        expected: [],
        critical: false,
      },
    ];

    for (const { rules, expected, critical } of cases) {
      const snapshot = loadSnapshot();
      item(snapshot, 'securityGroups', 'groupId', 'sg-node').ipPermissions =
        rules;

      // Act
      const facts = factsOf(snapshot, 'sg-node');

      // Assess
      expect(facts.internetIngressRules, JSON.stringify(rules)).toEqual(
        expected,
      );
      expect(facts.internetIngressCritical, JSON.stringify(rules)).toBe(
        critical,
      );
    }
  });

  it('lists the required self-directed egress flows the group lacks', () => {
    // Prepare
    const cases: { egress: IpPermission[]; missing: string[] }[] = [
      { egress: [rule('-1', { ipRanges: ['0.0.0.0/0'] })], missing: [] },
      {
        egress: [rule('-1', { userIdGroupPairs: [{ groupId: 'sg-cluster' }] })],
        missing: [],
      },
      {
        egress: [rule('-1', { ipRanges: ['10.0.0.0/8', '100.64.0.0/10'] })],
        missing: [],
      },
      {
        // 10.0.0.0/8 leaves the VPC's secondary block 100.64.0.0/16 out.
        egress: [rule('-1', { ipRanges: ['10.0.0.0/8'] })],
        missing: ['tcp/10250', 'tcp/443', 'tcp/53', 'udp/53'],
      },
      {
        egress: [
          rule('tcp', {
            fromPort: 443,
            toPort: 443,
            userIdGroupPairs: [{ groupId: 'sg-cluster' }],
          }),
        ],
        missing: ['tcp/10250', 'tcp/53', 'udp/53'],
      },
      {
        egress: [
          rule('tcp', {
            fromPort: 0,
            toPort: 65535,
            ipRanges: ['10.0.0.0/16'],
          }),
          rule('udp', { fromPort: 53, toPort: 53, prefixListIds: ['pl-dns'] }),
        ],
        missing: [
          'tcp/443',
          'tcp/10250',
          'tcp/53',
          'udp/53 (prefix list not resolved)',
        ].sort(),
      },
      { egress: [], missing: ['tcp/10250', 'tcp/443', 'tcp/53', 'udp/53'] },
    ];

    for (const { egress, missing } of cases) {
      const snapshot = loadSnapshot();
      item(
        snapshot,
        'securityGroups',
        'groupId',
        'sg-cluster',
      ).ipPermissionsEgress = egress;

      // Act
      const facts = factsOf(snapshot, 'sg-cluster');

      // Assess
      expect(facts.clusterSgEgressMissing, JSON.stringify(egress)).toEqual(
        missing,
      );
    }
  });

  it('falls back to 0.0.0.0/0 as the group members when the VPC is unknown', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete snapshot.vpcs;
    item(
      snapshot,
      'securityGroups',
      'groupId',
      'sg-cluster',
    ).ipPermissionsEgress = [rule('-1', { ipRanges: ['10.0.0.0/8'] })];

    // Act
    const facts = factsOf(snapshot, 'sg-cluster');

    // Assess
    expect(facts.clusterSgEgressMissing).toHaveLength(4);
  });

  it('needs an all-protocols self reference for selfIngressAll', () => {
    // Prepare
    const snapshot = loadSnapshot();
    item(snapshot, 'securityGroups', 'groupId', 'sg-cluster').ipPermissions = [
      rule('tcp', { userIdGroupPairs: [{ groupId: 'sg-cluster' }] }),
      rule('-1', { userIdGroupPairs: [{ groupId: 'sg-node' }] }),
    ];

    // Act
    const facts = factsOf(snapshot, 'sg-cluster');

    // Assess
    expect(facts.selfIngressAll).toBe(false);
  });

  it('records which clusters use a group as additional SG, control plane or node SG', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const extra = factsOf(snapshot, 'sg-cp-extra');
    const node = factsOf(snapshot, 'sg-node');
    const bastion = factsOf(snapshot, 'sg-bastion');

    // Assess
    expect(extra).toMatchObject({
      clusterNames: ['prod'],
      clusterSecurityGroupOf: [],
      controlPlaneOf: ['prod'],
      nodesOf: [],
    });
    expect(node).toMatchObject({ controlPlaneOf: [], nodesOf: ['prod'] });
    expect(bastion.clusterNames).toEqual([]);
    expect(bastion).not.toHaveProperty('clusterName');
  });

  it('produces no facts when security groups were not collected', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete snapshot.securityGroups;

    // Act
    const facts = securityGroupFacts(buildContext(snapshot));

    // Assess
    expect(facts).toEqual([]);
  });
});
