/**
 * Elastic Load Balancing of the cluster VPCs (services reference §8.1 steps
 * 7–12 and 14): v2 load balancers and target groups listed once per region
 * and filtered to the cluster VPCs client-side (the APIs have no VPC
 * filter), their tags in batches of 20, listeners and attributes per load
 * balancer, attributes per NLB target group; Classic load balancers with
 * their tags and attributes.
 *
 * Not called: `DescribeTargetHealth`, `DescribeRules` and
 * `DescribeAccountLimits` (optional in the reference; the rules work without
 * them).
 *
 * @module
 */
import {
  DescribeLoadBalancerAttributesCommand as DescribeClassicAttributesCommand,
  DescribeTagsCommand as DescribeClassicTagsCommand,
  paginateDescribeLoadBalancers as paginateClassicLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  type TagDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type {
  CollectionName,
  Gap,
  Listener,
  LoadBalancer,
  Target,
  TargetGroup,
} from '../../snapshot/types.js';
import { PAGE_SIZES } from '../constants.js';
import { type CollectContext, collectPages } from '../context.js';
import {
  keyValues,
  mapClassicLoadBalancer,
  mapListener,
  mapLoadBalancerV2,
  mapTargetGroup,
} from '../mapElb.js';
import type { CollectorDescriptor } from '../types.js';

/** The ELB unit: both API versions, one descriptor. */
const loadBalancersCollector: CollectorDescriptor =
  Object.freeze<CollectorDescriptor>({
    name: 'load-balancers',
    description:
      'Application, Network and Classic load balancers of the cluster VPCs with tags, listeners, target groups and attributes.',
    scope: 'region',
    collections: ['loadBalancers', 'listeners', 'targetGroups'],
    permissions: [
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeTags',
      'elasticloadbalancing:DescribeTargetGroupAttributes',
      'elasticloadbalancing:DescribeTargetGroups',
    ],
    optional: false,
  });

/** What {@link collectLoadBalancers} adds to the snapshot. */
interface LoadBalancerCollections {
  readonly loadBalancers?: LoadBalancer[];
  readonly listeners?: Listener[];
  readonly targetGroups?: TargetGroup[];
}

/** Protocols of target groups that only NLBs use. */
const NLB_PROTOCOLS = new Set([
  'TCP',
  'TLS',
  'UDP',
  'TCP_UDP',
  'QUIC',
  'TCP_QUIC',
]);

const NOT_FOUND = new Set([
  'LoadBalancerNotFound',
  'LoadBalancerNotFoundException',
  'TargetGroupNotFound',
  'TargetGroupNotFoundException',
]);

/** The resource was deleted between the listing and this call. */
const isNotFound = (error: unknown): boolean => {
  const e = (error ?? {}) as { name?: unknown; Code?: unknown };
  return (
    NOT_FOUND.has(String(e.Code ?? '')) || NOT_FOUND.has(String(e.name ?? ''))
  );
};

const chunks = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
};

/** The VPC every item of a batch shares, so a failed batch gap stays narrow. */
const commonVpc = (vpcIds: string[]): Gap['scope'] | undefined =>
  new Set(vpcIds).size === 1 ? { vpcId: vpcIds[0] as string } : undefined;

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T): number =>
    key(a).localeCompare(key(b));

/**
 * Collects the load balancers of `vpcIds`. Needs `clients.elbv2` and
 * `clients.elb`; without them nothing is called and nothing is returned.
 *
 * A tag batch that fails because a resource vanished meanwhile
 * (`LoadBalancerNotFound`, `TargetGroupNotFound`) is asked again one ARN at a
 * time, and the vanished resources are left out.
 *
 * Gaps: a failed listing records an unscoped gap on its collection; a failed
 * v2 load-balancer listing leaves `listeners` absent and `loadBalancers` with
 * the Classic ones only (absent when both listings failed); a failed
 * target-group listing leaves `targetGroups` absent; a
 * failed tag batch leaves `tags` absent on its resources (gap scoped to the
 * batch's VPC when it has one); a failed per-load-balancer call leaves that
 * load balancer's `attributes` absent or its listeners out, with a gap scoped
 * `{ vpcId, resourceId: <load balancer ARN> }` — target-group attribute gaps
 * name the owning load balancer too, since rules iterate load balancers.
 */
const collectLoadBalancers = async (
  ctx: CollectContext,
  target: Target,
  vpcIds: string[],
): Promise<LoadBalancerCollections> => {
  const { elbv2, elb } = ctx.clients;
  if (!elbv2 || !elb || vpcIds.length === 0) return {};
  const vpcs = new Set(vpcIds);
  const spec = (
    collection: CollectionName,
    api: string,
    scope?: Gap['scope'],
  ) => ({
    collection,
    service: 'elasticloadbalancing' as const,
    api,
    ...(scope ? { scope } : {}),
  });

  const [v2Listing, tgListing, classicListing] = await Promise.all([
    ctx.attempt(spec('loadBalancers', 'DescribeLoadBalancers'), (send) =>
      collectPages(
        paginateDescribeLoadBalancers(
          {
            client: elbv2,
            stopOnSameToken: true,
            pageSize: PAGE_SIZES.describeLoadBalancers,
          },
          {},
          send,
        ),
        (page) => page.LoadBalancers,
      ),
    ),
    ctx.attempt(spec('targetGroups', 'DescribeTargetGroups'), (send) =>
      collectPages(
        paginateDescribeTargetGroups(
          {
            client: elbv2,
            stopOnSameToken: true,
            pageSize: PAGE_SIZES.describeTargetGroups,
          },
          {},
          send,
        ),
        (page) => page.TargetGroups,
      ),
    ),
    ctx.attempt(spec('loadBalancers', 'DescribeLoadBalancers'), (send) =>
      collectPages(
        paginateClassicLoadBalancers(
          {
            client: elb,
            stopOnSameToken: true,
            pageSize: PAGE_SIZES.describeLoadBalancers,
          },
          {},
          send,
        ),
        (page) => page.LoadBalancerDescriptions,
      ),
    ),
  ]);

  // Gateway load balancers are not Kubernetes-made and no rule reads them.
  const v2 = v2Listing.ok
    ? v2Listing.value
        .filter((lb) => lb.Type === 'application' || lb.Type === 'network')
        .filter((lb) => vpcs.has(lb.VpcId ?? ''))
        .map(mapLoadBalancerV2)
        .sort(byKey((lb) => `${lb.vpcId} ${lb.loadBalancerArn}`))
    : [];
  const classic = classicListing.ok
    ? classicListing.value
        .filter((lb) => vpcs.has(lb.VPCId ?? ''))
        .map((lb) => mapClassicLoadBalancer(lb, target))
        .sort(byKey((lb) => `${lb.vpcId} ${lb.loadBalancerName}`))
    : [];
  const groups = tgListing.ok
    ? tgListing.value
        .filter((tg) => vpcs.has(tg.VpcId ?? ''))
        .map(mapTargetGroup)
        .sort(byKey((tg) => `${tg.vpcId} ${tg.targetGroupArn}`))
    : [];
  const nlbArns = new Set(
    v2.filter((lb) => lb.type === 'network').map((lb) => lb.loadBalancerArn),
  );
  const nlbGroups = groups.filter(
    (tg) =>
      tg.loadBalancerArns.some((arn) => nlbArns.has(arn)) ||
      (tg.loadBalancerArns.length === 0 &&
        NLB_PROTOCOLS.has(tg.protocol ?? '')),
  );

  const tags = new Map<string, Record<string, string>>();
  const vanished = new Set<string>();
  const lbAttributes = new Map<string, Record<string, string>>();
  const tgAttributes = new Map<string, Record<string, string>>();
  const listeners: Listener[] = [];
  const vpcOf = new Map<string, string>([
    ...v2.map((lb) => [lb.loadBalancerArn, lb.vpcId] as const),
    ...groups.map((tg) => [tg.targetGroupArn, tg.vpcId] as const),
    ...classic.map((lb) => [lb.loadBalancerName, lb.vpcId] as const),
  ]);

  const v2Arns = [
    ...v2.map((lb) => lb.loadBalancerArn),
    ...groups.map((tg) => tg.targetGroupArn),
  ].sort(byKey((arn) => `${vpcOf.get(arn)} ${arn}`));
  const v2TagBatches = chunks(v2Arns, PAGE_SIZES.describeElbTags).map((batch) =>
    ctx.attempt(
      spec(
        batch.some((a) => a.includes(':loadbalancer/'))
          ? 'loadBalancers'
          : 'targetGroups',
        'DescribeTags',
        commonVpc(batch.map((a) => vpcOf.get(a) ?? '')),
      ),
      async (send) => {
        const record = (
          arns: string[],
          out: { TagDescriptions?: TagDescription[] },
        ) => {
          // An ARN absent from the answer has no tags (the list has min 1).
          for (const arn of arns) tags.set(arn, {});
          for (const d of out.TagDescriptions ?? []) {
            if (d.ResourceArn) tags.set(d.ResourceArn, keyValues(d.Tags));
          }
        };
        try {
          record(
            batch,
            await elbv2.send(
              new DescribeTagsCommand({ ResourceArns: batch }),
              send,
            ),
          );
        } catch (error) {
          if (!isNotFound(error)) throw error;
          // Controllers delete load balancers at any time: one vanished ARN
          // fails the whole batch, so ask one by one and drop the gone ones.
          for (const arn of batch) {
            try {
              record(
                [arn],
                await elbv2.send(
                  new DescribeTagsCommand({ ResourceArns: [arn] }),
                  send,
                ),
              );
            } catch (inner) {
              if (!isNotFound(inner)) throw inner;
              vanished.add(arn);
            }
          }
        }
      },
    ),
  );
  const classicNames = classic.map((lb) => lb.loadBalancerName);
  const classicTagBatches = chunks(
    classicNames,
    PAGE_SIZES.describeElbTags,
  ).map((batch) =>
    ctx.attempt(
      spec(
        'loadBalancers',
        'DescribeTags',
        commonVpc(batch.map((n) => vpcOf.get(n) ?? '')),
      ),
      async (send) => {
        const out = await elb.send(
          new DescribeClassicTagsCommand({ LoadBalancerNames: batch }),
          send,
        );
        for (const name of batch) tags.set(name, {});
        for (const d of out.TagDescriptions ?? []) {
          if (d.LoadBalancerName) {
            tags.set(d.LoadBalancerName, keyValues(d.Tags));
          }
        }
      },
    ),
  );
  const perLoadBalancer = v2.flatMap((lb) => {
    const scope = { vpcId: lb.vpcId, resourceId: lb.loadBalancerArn };
    return [
      ctx.attempt(
        spec('listeners', 'DescribeListeners', scope),
        async (send) => {
          const items = await collectPages(
            paginateDescribeListeners(
              {
                client: elbv2,
                stopOnSameToken: true,
                pageSize: PAGE_SIZES.describeListeners,
              },
              { LoadBalancerArn: lb.loadBalancerArn },
              send,
            ),
            (page) => page.Listeners,
          );
          listeners.push(
            ...items.map((l) => mapListener(l, lb.loadBalancerArn)),
          );
        },
      ),
      ctx.attempt(
        spec('loadBalancers', 'DescribeLoadBalancerAttributes', scope),
        async (send) => {
          const out = await elbv2.send(
            new DescribeLoadBalancerAttributesCommand({
              LoadBalancerArn: lb.loadBalancerArn,
            }),
            send,
          );
          lbAttributes.set(lb.loadBalancerArn, keyValues(out.Attributes));
        },
      ),
    ];
  });
  const perTargetGroup = nlbGroups.map((tg) =>
    ctx.attempt(
      spec('targetGroups', 'DescribeTargetGroupAttributes', {
        vpcId: tg.vpcId,
        resourceId: tg.loadBalancerArns[0] ?? tg.targetGroupArn,
      }),
      async (send) => {
        const out = await elbv2.send(
          new DescribeTargetGroupAttributesCommand({
            TargetGroupArn: tg.targetGroupArn,
          }),
          send,
        );
        tgAttributes.set(tg.targetGroupArn, keyValues(out.Attributes));
      },
    ),
  );
  const perClassic = classic.map((lb) =>
    ctx.attempt(
      spec('loadBalancers', 'DescribeLoadBalancerAttributes', {
        vpcId: lb.vpcId,
        resourceId: lb.loadBalancerArn,
      }),
      async (send) => {
        const out = await elb.send(
          new DescribeClassicAttributesCommand({
            LoadBalancerName: lb.loadBalancerName,
          }),
          send,
        );
        const a = out.LoadBalancerAttributes;
        // Classic attributes under the v2 key names, so rules read one shape.
        lbAttributes.set(
          lb.loadBalancerArn,
          Object.fromEntries(
            Object.entries({
              'access_logs.s3.enabled': a?.AccessLog?.Enabled,
              'load_balancing.cross_zone.enabled':
                a?.CrossZoneLoadBalancing?.Enabled,
              'connection_draining.enabled': a?.ConnectionDraining?.Enabled,
              'idle_timeout.timeout_seconds':
                a?.ConnectionSettings?.IdleTimeout,
            })
              .filter(([, v]) => v !== undefined)
              .map(([k, v]) => [k, String(v)]),
          ),
        );
      },
    ),
  );
  await Promise.all([
    ...v2TagBatches,
    ...classicTagBatches,
    ...perLoadBalancer,
    ...perTargetGroup,
    ...perClassic,
  ]);

  const withExtras = (lb: LoadBalancer, tagKey: string): LoadBalancer => {
    const t = tags.get(tagKey);
    const a = lbAttributes.get(lb.loadBalancerArn);
    return {
      ...lb,
      ...(t ? { tags: t } : {}),
      ...(a ? { attributes: a } : {}),
    };
  };
  const loadBalancers =
    v2Listing.ok || classicListing.ok
      ? [
          ...v2
            .filter((lb) => !vanished.has(lb.loadBalancerArn))
            .map((lb) => withExtras(lb, lb.loadBalancerArn)),
          ...classic.map((lb) => withExtras(lb, lb.loadBalancerName)),
        ].sort(byKey((lb) => lb.loadBalancerArn))
      : undefined;
  const targetGroups = tgListing.ok
    ? groups
        .filter((tg) => !vanished.has(tg.targetGroupArn))
        .map((tg): TargetGroup => {
          const t = tags.get(tg.targetGroupArn);
          const a = tgAttributes.get(tg.targetGroupArn);
          return {
            ...tg,
            ...(t ? { tags: t } : {}),
            ...(a ? { attributes: a } : {}),
          };
        })
        .sort(byKey((tg) => tg.targetGroupArn))
    : undefined;
  return {
    // Both listings must succeed for the list to be complete; a failed one
    // leaves its gap, and rules over the collection say unknown.
    ...(loadBalancers ? { loadBalancers } : {}),
    ...(v2Listing.ok
      ? {
          listeners: listeners
            .filter((l) => !vanished.has(l.loadBalancerArn))
            .sort(byKey((l) => l.listenerArn)),
        }
      : {}),
    ...(targetGroups ? { targetGroups } : {}),
  };
};

export type { LoadBalancerCollections };
export { collectLoadBalancers, loadBalancersCollector };
