import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import {
  type AllowVerdict,
  allows,
  controlPlaneSecurityGroups,
  describeProtocolPorts,
  nodeSecurityGroups,
  type Peer,
} from '../../../../lib/snapshot/derive/securityGroups.js';
import type {
  IpPermission,
  SecurityGroup,
} from '../../../../lib/snapshot/types.js';
import { clusterOf, defined, item, loadSnapshot } from '../loadSnapshot.js';

const permission = (
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

const group = (
  groupId: string,
  ingress: IpPermission[],
  egress: IpPermission[] = [],
): SecurityGroup => ({
  groupId,
  groupName: groupId,
  vpcId: 'vpc-1',
  ipPermissions: ingress,
  ipPermissionsEgress: egress,
  tags: {},
});

const index = (...groups: SecurityGroup[]) =>
  new Map(groups.map((g) => [g.groupId, g]));

describe('allows', () => {
  const cases: {
    name: string;
    rules: IpPermission[];
    proto: string;
    port: number;
    peer: Peer;
    expected: AllowVerdict;
  }[] = [
    {
      name: 'all-protocols rule referencing the peer SG',
      rules: [permission('-1', { userIdGroupPairs: [{ groupId: 'sg-peer' }] })],
      proto: 'tcp',
      port: 10250,
      peer: { groupIds: ['sg-peer'] },
      expected: 'allow',
    },
    {
      name: 'numeric protocol 6 treated as tcp with port in range',
      rules: [
        permission('6', {
          fromPort: 1025,
          toPort: 65535,
          ipRanges: ['10.0.0.0/16'],
        }),
      ],
      proto: 'tcp',
      port: 10250,
      peer: { cidrs: ['10.0.16.10'] },
      expected: 'allow',
    },
    {
      name: 'tcp rule whose port range misses the port',
      rules: [
        permission('tcp', {
          fromPort: 443,
          toPort: 443,
          ipRanges: ['0.0.0.0/0'],
        }),
      ],
      proto: 'tcp',
      port: 10250,
      peer: { cidrs: ['10.0.16.10'] },
      expected: 'deny',
    },
    {
      name: 'udp rule does not admit tcp',
      rules: [
        permission('udp', {
          fromPort: 53,
          toPort: 53,
          ipRanges: ['0.0.0.0/0'],
        }),
      ],
      proto: 'tcp',
      port: 53,
      peer: { cidrs: ['10.0.0.2'] },
      expected: 'deny',
    },
    {
      name: 'CIDR rule that covers only some peer addresses',
      rules: [
        permission('tcp', {
          fromPort: 443,
          toPort: 443,
          ipRanges: ['10.0.16.0/20'],
        }),
      ],
      proto: 'tcp',
      port: 443,
      peer: { cidrs: ['10.0.16.10', '10.0.32.10'] },
      expected: 'deny',
    },
    {
      name: 'two rules that together cover every peer address',
      rules: [
        permission('tcp', {
          fromPort: 443,
          toPort: 443,
          ipRanges: ['10.0.16.0/20'],
        }),
        permission('-1', { ipRanges: ['10.0.32.0/20'] }),
      ],
      proto: 'tcp',
      port: 443,
      peer: { cidrs: ['10.0.16.10', '10.0.32.10'] },
      expected: 'allow',
    },
    {
      name: 'IPv6 peer matched only by an IPv6 range',
      rules: [permission('-1', { ipRanges: ['0.0.0.0/0'] })],
      proto: 'tcp',
      port: 443,
      peer: { cidrs: ['2600:1f18::10'] },
      expected: 'deny',
    },
    {
      name: 'IPv6 peer inside ::/0',
      rules: [permission('-1', { ipv6Ranges: ['::/0'] })],
      proto: 'tcp',
      port: 443,
      peer: { cidrs: ['2600:1f18::10'] },
      expected: 'allow',
    },
    {
      name: 'a peer CIDR block must lie inside the rule range',
      rules: [permission('-1', { ipRanges: ['10.0.0.0/24'] })],
      proto: 'tcp',
      port: 443,
      peer: { cidrs: ['10.0.0.0/16'] },
      expected: 'deny',
    },
    {
      name: 'only a prefix-list rule matches protocol and port',
      rules: [
        permission('tcp', {
          fromPort: 443,
          toPort: 443,
          prefixListIds: ['pl-1'],
        }),
      ],
      proto: 'tcp',
      port: 443,
      peer: { cidrs: ['10.0.0.5'] },
      expected: 'unknown',
    },
    {
      name: 'icmp rule with all types',
      rules: [
        permission('icmp', {
          fromPort: -1,
          toPort: -1,
          ipRanges: ['0.0.0.0/0'],
        }),
      ],
      proto: 'icmp',
      port: 8,
      peer: { cidrs: ['10.0.0.5'] },
      expected: 'allow',
    },
    {
      name: 'icmp rule for another type',
      rules: [
        permission('1', { fromPort: 0, toPort: -1, ipRanges: ['0.0.0.0/0'] }),
      ],
      proto: 'icmp',
      port: 8,
      peer: { cidrs: ['10.0.0.5'] },
      expected: 'deny',
    },
    {
      name: 'tcp rule without ports means every port',
      rules: [
        permission('tcp', { userIdGroupPairs: [{ groupId: 'sg-peer' }] }),
      ],
      proto: 'tcp',
      port: 10250,
      peer: { groupIds: ['sg-peer'] },
      expected: 'allow',
    },
    {
      name: 'a peer with neither SGs nor addresses',
      rules: [permission('-1', { ipRanges: ['0.0.0.0/0'] })],
      proto: 'tcp',
      port: 443,
      peer: {},
      expected: 'deny',
    },
    {
      name: 'GRE (protocol 47) rule matches protocol 47 without ports',
      rules: [permission('47', { ipRanges: ['10.0.0.0/8'] })],
      proto: '47',
      port: 0,
      peer: { cidrs: ['10.0.0.5'] },
      expected: 'allow',
    },
  ];

  it.each(cases)(
    'gives $expected for $name',
    ({ rules, proto, port, peer, expected }) => {
      // Prepare
      const sgById = index(group('sg-a', rules));

      // Act
      const verdict = allows(sgById, ['sg-a'], 'ingress', proto, port, peer);

      // Assess
      expect(verdict).toBe(expected);
    },
  );

  it('aggregates the rules of every group in the set', () => {
    // Prepare
    const sgById = index(
      group('sg-a', [
        permission('tcp', {
          fromPort: 22,
          toPort: 22,
          ipRanges: ['0.0.0.0/0'],
        }),
      ]),
      group('sg-b', [
        permission('tcp', {
          fromPort: 443,
          toPort: 443,
          ipRanges: ['10.0.0.0/8'],
        }),
      ]),
    );

    // Act
    const verdict = allows(sgById, ['sg-a', 'sg-b'], 'ingress', 'tcp', 443, {
      cidrs: ['10.1.2.3'],
    });

    // Assess
    expect(verdict).toBe('allow');
  });

  it('reads egress rules for the egress direction and ignores unknown groups', () => {
    // Prepare
    const sgById = index(
      group('sg-a', [permission('-1', { ipRanges: ['0.0.0.0/0'] })], []),
    );

    // Act
    const egress = allows(sgById, ['sg-a', 'sg-gone'], 'egress', 'tcp', 443, {
      cidrs: ['10.0.0.1'],
    });
    const ingress = allows(sgById, ['sg-a', 'sg-gone'], 'ingress', 'tcp', 443, {
      cidrs: ['10.0.0.1'],
    });

    // Assess
    expect(egress).toBe('deny');
    expect(ingress).toBe('allow');
  });

  it('prefers a provable match over a prefix-list rule', () => {
    // Prepare
    const sgById = index(
      group('sg-a', [
        permission('tcp', {
          fromPort: 443,
          toPort: 443,
          prefixListIds: ['pl-1'],
        }),
        permission('tcp', {
          fromPort: 443,
          toPort: 443,
          userIdGroupPairs: [{ groupId: 'sg-peer' }],
        }),
      ]),
    );

    // Act
    const verdict = allows(sgById, ['sg-a'], 'ingress', 'tcp', 443, {
      groupIds: ['sg-peer'],
    });

    // Assess
    expect(verdict).toBe('allow');
  });
});

describe('describeProtocolPorts', () => {
  it('formats protocol and port range for messages', () => {
    // Prepare
    const cases: [IpPermission, string][] = [
      [permission('-1'), 'all'],
      [permission('tcp', { fromPort: 443, toPort: 443 }), 'tcp/443'],
      [permission('6', { fromPort: 1024, toPort: 65535 }), 'tcp/1024-65535'],
      [permission('udp'), 'udp/all'],
      [permission('icmp', { fromPort: 8, toPort: -1 }), 'icmp/8'],
      [permission('icmp', { fromPort: -1, toPort: -1 }), 'icmp/all'],
    ];

    for (const [rule, expected] of cases) {
      // Act
      const text = describeProtocolPorts(rule);

      // Assess
      expect(text, JSON.stringify(rule)).toBe(expected);
    }
  });
});

describe('controlPlaneSecurityGroups', () => {
  it('unions the groups on the control-plane ENIs', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const ctx = buildContext(snapshot);

    // Act
    const groups = controlPlaneSecurityGroups(ctx, clusterOf(snapshot));

    // Assess
    expect(groups).toEqual(['sg-cluster', 'sg-cp-extra']);
  });

  it('falls back to the cluster SG and additional SGs when no control-plane ENI is visible', () => {
    // Prepare
    const snapshot = loadSnapshot();
    snapshot.networkInterfaces = defined(
      snapshot.networkInterfaces,
      'ENIs',
    ).filter((eni) => !eni.description.startsWith('Amazon EKS'));
    clusterOf(snapshot).resourcesVpcConfig.securityGroupIds = ['sg-x'];
    const ctx = buildContext(snapshot);

    // Act
    const groups = controlPlaneSecurityGroups(ctx, clusterOf(snapshot));

    // Assess
    expect(groups).toEqual(['sg-cluster', 'sg-x']);
  });
});

describe('nodeSecurityGroups', () => {
  it('reads the primary ENI and falls back to the instance groups without it', () => {
    // Prepare
    const snapshot = loadSnapshot();
    snapshot.networkInterfaces = defined(
      snapshot.networkInterfaces,
      'ENIs',
    ).filter((eni) => eni.networkInterfaceId !== 'eni-node2-0');
    item(snapshot, 'instances', 'instanceId', 'i-node2').securityGroupIds = [
      'sg-fallback',
    ];
    item(
      snapshot,
      'networkInterfaces',
      'networkInterfaceId',
      'eni-node1-0',
    ).groupIds = ['sg-node', 'sg-cluster', 'sg-node'];
    const ctx = buildContext(snapshot);

    // Act
    const node1 = nodeSecurityGroups(
      ctx,
      item(snapshot, 'instances', 'instanceId', 'i-node1'),
    );
    const node2 = nodeSecurityGroups(
      ctx,
      item(snapshot, 'instances', 'instanceId', 'i-node2'),
    );

    // Assess
    expect(node1).toEqual(['sg-cluster', 'sg-node']);
    expect(node2).toEqual(['sg-fallback']);
  });
});
