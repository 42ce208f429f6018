/**
 * Routing predicates of the domain reference §2.0: `routeTableOf`,
 * `isPublic` and `defaultEgress`, memoised per subnet.
 *
 * @module
 */
import type { Route, RouteTable } from '../types.js';
import type { DeriveContext } from './context.js';

/** Where a default route sends traffic. */
type EgressKind =
  | 'igw'
  | 'eigw'
  | 'nat'
  | 'tgw'
  | 'eni'
  | 'instance'
  | 'pcx'
  | 'vgw'
  | 'cloudwan'
  | 'other'
  | 'none';

/** The default routes of one subnet and what they point at. */
interface SubnetRouting {
  /** `routeTableOf(subnet)`; absent when neither an explicit nor a main table is known. */
  readonly routeTable?: RouteTable;
  /** Target kind of the `0.0.0.0/0` route, `none` without one. */
  readonly defaultEgress: EgressKind;
  /** State of the `0.0.0.0/0` route (`active` when EC2 left it out), `''` without one. */
  readonly defaultRouteState: string;
  /** NAT gateway of the `0.0.0.0/0` route. */
  readonly natGatewayId?: string;
  /** Target kind of the `::/0` route, `none` without one. */
  readonly ipv6DefaultEgress: EgressKind;
  /** State of the `::/0` route, `''` without one. */
  readonly ipv6DefaultRouteState: string;
  /** An active `0.0.0.0/0` or `::/0` route to an internet gateway (`isPublic`). */
  readonly isPublic: boolean;
}

const IPV4_DEFAULT = '0.0.0.0/0';
const IPV6_DEFAULT = '::/0';

/**
 * Kind of a route's target. A NAT instance route names both the instance
 * and its ENI; the instance wins because it says more.
 *
 * @param route - one route of a route table
 */
const routeTargetKind = (route: Route): EgressKind => {
  if (route.natGatewayId) return 'nat';
  if (route.transitGatewayId) return 'tgw';
  if (route.egressOnlyInternetGatewayId) return 'eigw';
  if (route.instanceId) return 'instance';
  if (route.networkInterfaceId) return 'eni';
  if (route.vpcPeeringConnectionId) return 'pcx';
  if (route.coreNetworkArn) return 'cloudwan';
  const gateway = route.gatewayId ?? '';
  if (gateway.startsWith('igw-')) return 'igw';
  if (gateway.startsWith('vgw-')) return 'vgw';
  if (gateway.startsWith('eigw-')) return 'eigw';
  return 'other';
};

/**
 * `routeTableOf(subnet)` (§2.0): the explicitly associated table, else the
 * main table of the subnet's VPC.
 *
 * @param ctx - derive context
 * @param subnetId - subnet to look up
 * @param vpcId - the subnet's VPC, for the main-table fallback
 */
const routeTableOf = (
  ctx: DeriveContext,
  subnetId: string,
  vpcId: string | undefined,
): RouteTable | undefined =>
  ctx.explicitRouteTable.get(subnetId) ??
  (vpcId === undefined ? undefined : ctx.mainRouteTable.get(vpcId));

const findDefault = (
  table: RouteTable | undefined,
  family: 4 | 6,
): Route | undefined =>
  table?.routes.find((route) =>
    family === 4
      ? route.destinationCidrBlock === IPV4_DEFAULT
      : route.destinationIpv6CidrBlock === IPV6_DEFAULT,
  );

const isActiveIgw = (route: Route | undefined): boolean =>
  route !== undefined &&
  (route.state ?? 'active') === 'active' &&
  (route.gatewayId ?? '').startsWith('igw-');

const cache = new WeakMap<DeriveContext, Map<string, SubnetRouting>>();

/**
 * The routing facts of one subnet: route table, default IPv4 and IPv6
 * egress with route state, and whether it is public. Memoised per context.
 *
 * @param ctx - derive context
 * @param subnetId - subnet to look up (its VPC comes from the snapshot)
 * @param vpcIdHint - VPC to use for the main-table fallback when the subnet
 *   itself is not in the snapshot
 * @returns the routing facts; `none` egress when nothing is known
 */
const subnetRouting = (
  ctx: DeriveContext,
  subnetId: string,
  vpcIdHint?: string,
): SubnetRouting => {
  let perContext = cache.get(ctx);
  if (perContext === undefined) {
    perContext = new Map();
    cache.set(ctx, perContext);
  }
  const cached = perContext.get(subnetId);
  if (cached !== undefined) return cached;

  const vpcId = ctx.subnetById.get(subnetId)?.vpcId ?? vpcIdHint;
  const routeTable = routeTableOf(ctx, subnetId, vpcId);
  const v4 = findDefault(routeTable, 4);
  const v6 = findDefault(routeTable, 6);
  const routing: SubnetRouting = {
    ...(routeTable !== undefined && { routeTable }),
    defaultEgress: v4 === undefined ? 'none' : routeTargetKind(v4),
    defaultRouteState: v4 === undefined ? '' : (v4.state ?? 'active'),
    ...(v4?.natGatewayId !== undefined && { natGatewayId: v4.natGatewayId }),
    ipv6DefaultEgress: v6 === undefined ? 'none' : routeTargetKind(v6),
    ipv6DefaultRouteState: v6 === undefined ? '' : (v6.state ?? 'active'),
    isPublic: isActiveIgw(v4) || isActiveIgw(v6),
  };
  perContext.set(subnetId, routing);
  return routing;
};

/** Egress kinds the scanner cannot follow to a public address. */
const UNVERIFIABLE_EGRESS: ReadonlySet<EgressKind> = new Set([
  'tgw',
  'eni',
  'instance',
  'pcx',
  'vgw',
  'cloudwan',
  'other',
]);

export type { EgressKind, SubnetRouting };
export { routeTableOf, routeTargetKind, subnetRouting, UNVERIFIABLE_EGRESS };
