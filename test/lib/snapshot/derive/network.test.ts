import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import {
  type EgressKind,
  routeTableOf,
  routeTargetKind,
  subnetRouting,
} from '../../../../lib/snapshot/derive/network.js';
import type { Route } from '../../../../lib/snapshot/types.js';
import { defined, item, loadSnapshot } from '../loadSnapshot.js';

describe('routeTargetKind', () => {
  const cases: { route: Route; kind: EgressKind }[] = [
    { route: { gatewayId: 'igw-1' }, kind: 'igw' },
    { route: { gatewayId: 'vgw-1' }, kind: 'vgw' },
    { route: { egressOnlyInternetGatewayId: 'eigw-1' }, kind: 'eigw' },
    { route: { gatewayId: 'eigw-1' }, kind: 'eigw' },
    { route: { natGatewayId: 'nat-1' }, kind: 'nat' },
    { route: { transitGatewayId: 'tgw-1' }, kind: 'tgw' },
    {
      route: { instanceId: 'i-1', networkInterfaceId: 'eni-1' },
      kind: 'instance',
    },
    { route: { networkInterfaceId: 'eni-1' }, kind: 'eni' },
    { route: { vpcPeeringConnectionId: 'pcx-1' }, kind: 'pcx' },
    {
      route: { coreNetworkArn: 'arn:aws:networkmanager::1:core-network/x' },
      kind: 'cloudwan',
    },
    { route: { gatewayId: 'vpce-1' }, kind: 'other' },
    { route: {}, kind: 'other' },
  ];

  it.each(cases)('classifies $route as $kind', ({ route, kind }) => {
    // Act
    const result = routeTargetKind(route);

    // Assess
    expect(result).toBe(kind);
  });
});

describe('routeTableOf', () => {
  it('uses the explicit association and falls back to the VPC main table', () => {
    // Prepare
    const ctx = buildContext(loadSnapshot());

    // Act
    const explicit = routeTableOf(ctx, 'subnet-node-a', 'vpc-0prod');
    const fallback = routeTableOf(ctx, 'subnet-pub-a', 'vpc-0prod');
    const unknownVpc = routeTableOf(ctx, 'subnet-x', undefined);

    // Assess
    expect(explicit?.routeTableId).toBe('rtb-private-a');
    expect(fallback?.routeTableId).toBe('rtb-main');
    expect(unknownVpc).toBeUndefined();
  });

  it('ignores associations that are no longer associated', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const table = item(
      snapshot,
      'routeTables',
      'routeTableId',
      'rtb-private-a',
    );
    table.associations = table.associations.map((a) =>
      a.subnetId === 'subnet-node-a' ? { ...a, state: 'disassociated' } : a,
    );
    const ctx = buildContext(snapshot);

    // Act
    const found = routeTableOf(ctx, 'subnet-node-a', 'vpc-0prod');

    // Assess
    expect(found?.routeTableId).toBe('rtb-main');
  });
});

describe('subnetRouting', () => {
  it('reports a NAT-routed private subnet with its NAT gateway', () => {
    // Prepare
    const ctx = buildContext(loadSnapshot());

    // Act
    const routing = subnetRouting(ctx, 'subnet-node-a');

    // Assess
    expect(routing).toMatchObject({
      defaultEgress: 'nat',
      defaultRouteState: 'active',
      natGatewayId: 'nat-a',
      ipv6DefaultEgress: 'none',
      ipv6DefaultRouteState: '',
      isPublic: false,
    });
    expect(routing.routeTable?.routeTableId).toBe('rtb-private-a');
  });

  it('treats a subnet on the main table with an internet gateway route as public', () => {
    // Prepare
    const ctx = buildContext(loadSnapshot());

    // Act
    const routing = subnetRouting(ctx, 'subnet-pub-a');

    // Assess
    expect(routing.isPublic).toBe(true);
    expect(routing.defaultEgress).toBe('igw');
    expect(routing).not.toHaveProperty('natGatewayId');
  });

  it('keeps a blackhole default route visible and not public', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const main = item(snapshot, 'routeTables', 'routeTableId', 'rtb-main');
    main.routes = main.routes.map((r) =>
      r.destinationCidrBlock === '0.0.0.0/0' ? { ...r, state: 'blackhole' } : r,
    );
    const ctx = buildContext(snapshot);

    // Act
    const routing = subnetRouting(ctx, 'subnet-pub-a');

    // Assess
    expect(routing.defaultEgress).toBe('igw');
    expect(routing.defaultRouteState).toBe('blackhole');
    expect(routing.isPublic).toBe(false);
  });

  it('reads the IPv6 default route and counts ::/0 to an internet gateway as public', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const table = item(
      snapshot,
      'routeTables',
      'routeTableId',
      'rtb-private-b',
    );
    table.routes = [
      ...table.routes.filter((r) => r.destinationCidrBlock !== '0.0.0.0/0'),
      { destinationIpv6CidrBlock: '::/0', gatewayId: 'igw-0prod' },
    ];
    const privateTable = item(
      snapshot,
      'routeTables',
      'routeTableId',
      'rtb-private-a',
    );
    privateTable.routes.push({
      destinationIpv6CidrBlock: '::/0',
      egressOnlyInternetGatewayId: 'eigw-1',
      state: 'active',
    });
    const ctx = buildContext(snapshot);

    // Act
    const v6Public = subnetRouting(ctx, 'subnet-node-b');
    const v6Private = subnetRouting(ctx, 'subnet-node-a');

    // Assess
    expect(v6Public).toMatchObject({
      defaultEgress: 'none',
      defaultRouteState: '',
      ipv6DefaultEgress: 'igw',
      ipv6DefaultRouteState: 'active',
      isPublic: true,
    });
    expect(v6Private).toMatchObject({
      defaultEgress: 'nat',
      ipv6DefaultEgress: 'eigw',
      isPublic: false,
    });
  });

  it('reports no egress and no route table when route tables were not collected', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete snapshot.routeTables;
    const ctx = buildContext(snapshot);

    // Act
    const routing = subnetRouting(ctx, 'subnet-node-a');

    // Assess
    expect(routing).toEqual({
      defaultEgress: 'none',
      defaultRouteState: '',
      ipv6DefaultEgress: 'none',
      ipv6DefaultRouteState: '',
      isPublic: false,
    });
  });

  it('uses the VPC hint for a subnet that is not in the snapshot', () => {
    // Prepare
    const ctx = buildContext(loadSnapshot());

    // Act
    const routing = subnetRouting(ctx, 'subnet-unknown', 'vpc-0prod');

    // Assess
    expect(defined(routing.routeTable, 'route table').routeTableId).toBe(
      'rtb-main',
    );
  });

  it('memoises the result per context', () => {
    // Prepare
    const ctx = buildContext(loadSnapshot());

    // Act
    const first = subnetRouting(ctx, 'subnet-node-a');
    const second = subnetRouting(ctx, 'subnet-node-a');

    // Assess
    expect(second).toBe(first);
  });
});
