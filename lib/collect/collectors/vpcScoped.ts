/**
 * The eight per-VPC listings of the call plan (reference §1.1 step 5): each
 * one paginated call with a server-side `vpc-id` filter (`resource-id` for
 * flow logs) and the largest page size.
 *
 * @module
 */
import {
  type Filter,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeNatGateways,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import type {
  FlowLog,
  Instance,
  NatGateway,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Snapshot,
  Subnet,
  VpcEndpoint,
} from '../../snapshot/types.js';
import { INSTANCE_STATES, PAGE_SIZES } from '../constants.js';
import {
  type Attempt,
  type CollectContext,
  collectPages,
  type SendOptions,
} from '../context.js';
import {
  mapFlowLog,
  mapInstance,
  mapNatGateway,
  mapNetworkInterface,
  mapRouteTable,
  mapSecurityGroup,
  mapSubnet,
  mapVpcEndpoint,
} from '../mapEc2.js';
import type { CollectorDescriptor } from '../types.js';

/** Snapshot keys the per-VPC listings fill, with their item types. */
interface VpcScopedItems {
  subnets: Subnet;
  routeTables: RouteTable;
  natGateways: NatGateway;
  vpcEndpoints: VpcEndpoint;
  securityGroups: SecurityGroup;
  networkInterfaces: NetworkInterface;
  instances: Instance;
  flowLogs: FlowLog;
}

/** One per-VPC listing: its metadata plus how to read one VPC. */
interface VpcScopedCollector<
  K extends keyof VpcScopedItems = keyof VpcScopedItems,
> extends CollectorDescriptor {
  /** The snapshot key (and gap collection) the listing fills. */
  readonly collection: K & keyof Snapshot;
  /** The one API the listing calls. */
  readonly api: string;
  /** Reads every page for one VPC, passing `send` to the paginator. */
  list(
    ctx: CollectContext,
    vpcId: string,
    send: SendOptions,
  ): Promise<VpcScopedItems[K][]>;
  /** Stable sort key of an item. */
  id(item: VpcScopedItems[K]): string;
}

const vpcFilter = (vpcId: string): Filter[] => [
  { Name: 'vpc-id', Values: [vpcId] },
];

const define = <K extends keyof VpcScopedItems>(
  collection: K,
  api: string,
  description: string,
  list: VpcScopedCollector<K>['list'],
  id: VpcScopedCollector<K>['id'],
): VpcScopedCollector<K> =>
  Object.freeze({
    name: collection.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
    description,
    scope: 'vpc' as const,
    collections: [collection],
    permissions: [`ec2:${api}`],
    optional: false,
    collection,
    api,
    list,
    id,
  });

const subnetsCollector = define(
  'subnets',
  'DescribeSubnets',
  'Subnets of each cluster VPC with their free IPv4 addresses.',
  (ctx, vpcId, send) =>
    collectPages(
      paginateDescribeSubnets(
        {
          client: ctx.clients.ec2,
          stopOnSameToken: true,
          pageSize: PAGE_SIZES.describeSubnets,
        },
        { Filters: vpcFilter(vpcId) },
        send,
      ),
      (page) => page.Subnets?.map(mapSubnet),
    ),
  (s) => s.subnetId,
);

const routeTablesCollector = define(
  'routeTables',
  'DescribeRouteTables',
  'Route tables of each cluster VPC with associations and routes.',
  (ctx, vpcId, send) =>
    collectPages(
      paginateDescribeRouteTables(
        {
          client: ctx.clients.ec2,
          stopOnSameToken: true,
          pageSize: PAGE_SIZES.describeRouteTables,
        },
        { Filters: vpcFilter(vpcId) },
        send,
      ),
      (page) => page.RouteTables?.map(mapRouteTable),
    ),
  (r) => r.routeTableId,
);

const natGatewaysCollector = define(
  'natGateways',
  'DescribeNatGateways',
  'NAT gateways of each cluster VPC.',
  (ctx, vpcId, send) =>
    collectPages(
      paginateDescribeNatGateways(
        {
          client: ctx.clients.ec2,
          stopOnSameToken: true,
          pageSize: PAGE_SIZES.describeNatGateways,
        },
        // This API names its filter list `Filter`, not `Filters`.
        { Filter: vpcFilter(vpcId) },
        send,
      ),
      (page) => page.NatGateways?.map(mapNatGateway),
    ),
  (n) => n.natGatewayId,
);

const vpcEndpointsCollector = define(
  'vpcEndpoints',
  'DescribeVpcEndpoints',
  'Interface and gateway VPC endpoints of each cluster VPC.',
  (ctx, vpcId, send) =>
    collectPages(
      paginateDescribeVpcEndpoints(
        {
          client: ctx.clients.ec2,
          stopOnSameToken: true,
          pageSize: PAGE_SIZES.describeVpcEndpoints,
        },
        { Filters: vpcFilter(vpcId) },
        send,
      ),
      (page) => page.VpcEndpoints?.map(mapVpcEndpoint),
    ),
  (e) => e.vpcEndpointId,
);

const securityGroupsCollector = define(
  'securityGroups',
  'DescribeSecurityGroups',
  'Security groups of each cluster VPC with their inbound and outbound rules.',
  (ctx, vpcId, send) =>
    collectPages(
      paginateDescribeSecurityGroups(
        {
          client: ctx.clients.ec2,
          stopOnSameToken: true,
          pageSize: PAGE_SIZES.describeSecurityGroups,
        },
        { Filters: vpcFilter(vpcId) },
        send,
      ),
      (page) => page.SecurityGroups?.map(mapSecurityGroup),
    ),
  (g) => g.groupId,
);

const networkInterfacesCollector = define(
  'networkInterfaces',
  'DescribeNetworkInterfaces',
  'Every ENI of each cluster VPC with IPs, prefixes, attachment and tags.',
  (ctx, vpcId, send) =>
    collectPages(
      paginateDescribeNetworkInterfaces(
        {
          client: ctx.clients.ec2,
          stopOnSameToken: true,
          pageSize: PAGE_SIZES.describeNetworkInterfaces,
        },
        { Filters: vpcFilter(vpcId) },
        send,
      ),
      (page) => page.NetworkInterfaces?.map(mapNetworkInterface),
    ),
  (n) => n.networkInterfaceId,
);

const instancesCollector = define(
  'instances',
  'DescribeInstances',
  'Instances of each cluster VPC that are not terminated.',
  (ctx, vpcId, send) =>
    collectPages(
      paginateDescribeInstances(
        {
          client: ctx.clients.ec2,
          stopOnSameToken: true,
          pageSize: PAGE_SIZES.describeInstances,
        },
        {
          Filters: [
            ...vpcFilter(vpcId),
            { Name: 'instance-state-name', Values: INSTANCE_STATES },
          ],
        },
        send,
      ),
      (page) =>
        page.Reservations?.flatMap((r) => r.Instances ?? []).map(mapInstance),
    ),
  (i) => i.instanceId,
);

const flowLogsCollector = define(
  'flowLogs',
  'DescribeFlowLogs',
  'Flow logs whose resource is a cluster VPC.',
  (ctx, vpcId, send) =>
    collectPages(
      paginateDescribeFlowLogs(
        {
          client: ctx.clients.ec2,
          stopOnSameToken: true,
          pageSize: PAGE_SIZES.describeFlowLogs,
        },
        { Filter: [{ Name: 'resource-id', Values: [vpcId] }] },
        send,
      ),
      (page) => page.FlowLogs?.map(mapFlowLog),
    ),
  (f) => f.flowLogId,
);

/** The eight per-VPC listings, in call-plan order. */
const VPC_SCOPED_COLLECTORS: readonly VpcScopedCollector[] = Object.freeze([
  subnetsCollector,
  routeTablesCollector,
  natGatewaysCollector,
  vpcEndpointsCollector,
  securityGroupsCollector,
  networkInterfacesCollector,
  instancesCollector,
  flowLogsCollector,
] as unknown as VpcScopedCollector[]);

/** One listing of one VPC; a failure leaves a gap scoped to the VPC. */
const listVpc = <K extends keyof VpcScopedItems>(
  ctx: CollectContext,
  collector: VpcScopedCollector<K>,
  vpcId: string,
): Promise<Attempt<VpcScopedItems[K][]>> =>
  ctx.attempt(
    {
      collection: collector.collection,
      service: 'ec2',
      api: collector.api,
      scope: { vpcId },
    },
    (send) => collector.list(ctx, vpcId, send),
  );

/**
 * Joins the per-VPC outcomes of one listing: the items of the VPCs that could
 * be read, or `undefined` when none could.
 */
const mergeVpcScoped = <K extends keyof VpcScopedItems>(
  collector: VpcScopedCollector<K>,
  outcomes: readonly Attempt<VpcScopedItems[K][]>[],
): VpcScopedItems[K][] | undefined => {
  if (outcomes.length > 0 && outcomes.every((o) => !o.ok)) return undefined;
  return outcomes
    .flatMap((o) => (o.ok ? o.value : []))
    .sort((a, b) => collector.id(a).localeCompare(collector.id(b)));
};

/**
 * Runs one listing for every VPC in parallel. A VPC that failed leaves a gap
 * scoped to it; the collection holds the other VPCs' items, and is absent
 * only when no VPC could be read.
 */
const collectVpcScoped = async <K extends keyof VpcScopedItems>(
  ctx: CollectContext,
  collector: VpcScopedCollector<K>,
  vpcIds: string[],
): Promise<VpcScopedItems[K][] | undefined> =>
  mergeVpcScoped(
    collector,
    await Promise.all(vpcIds.map((vpcId) => listVpc(ctx, collector, vpcId))),
  );

export type { VpcScopedCollector, VpcScopedItems };
export { collectVpcScoped, listVpc, mergeVpcScoped, VPC_SCOPED_COLLECTORS };
