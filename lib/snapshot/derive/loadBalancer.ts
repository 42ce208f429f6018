/**
 * The `loadBalancer` facts (services reference §8.5–§8.8): attribution of
 * each ALB, NLB and Classic load balancer to a cluster, a controller and the
 * Service / Ingress that made it, plus what the NET-LB-005…013 rules read.
 *
 * Interpretations decided here:
 * - Attribution follows §8.5.6 steps 2–5; step 7 (the named cluster must
 *   exist here, in the load balancer's VPC) decides `clusterName`: a tag
 *   naming another cluster leaves `clusterName` absent and says why in
 *   `attributionProblem`.
 * - `sgExtraPorts` compares each group's inbound TCP/UDP ports with the
 *   listener ports of every load balancer carrying the group (§8.8
 *   `listenerPorts`); ICMP rules are ignored, all-traffic rules count.
 * - The NodePort range is the Kubernetes default 30000–32767: EKS does not
 *   report `serviceNodePortRange`.
 *
 * @module
 */
import type { LoadBalancerFacts } from '../facts.js';
import type {
  Cluster,
  IpPermission,
  Listener,
  LoadBalancer,
  TargetGroup,
} from '../types.js';
import { sortedUnique } from './common.js';
import type { DeriveContext } from './context.js';
import { subnetRouting } from './network.js';
import { describeProtocolPorts, protocolName } from './securityGroups.js';

/** Kubernetes' default `--service-node-port-range`. */
const NODE_PORT_RANGE: readonly [number, number] = [30000, 32767];

/** Who made a load balancer, from its tags (§8.5.6). */
interface Attribution {
  readonly controller: string;
  readonly taggedCluster: string;
  readonly ownerKind: string;
  readonly owner: string;
}

const CLUSTER_TAG = /^kubernetes\.io\/cluster\/(.+)$/;

/**
 * §8.5.6 steps 2–5 over a load balancer's tags.
 *
 * @param lb - the load balancer
 * @returns controller (`lbc`, `automode`, `alb-ingress-v1`, `intree`,
 *   `unknown`), the cluster the tags name and the owning object
 */
const attribute = (lb: LoadBalancer): Attribution => {
  const tags = lb.tags ?? {};
  const objectOf = (): Pick<Attribution, 'ownerKind' | 'owner'> => {
    const service = tags['service.k8s.aws/stack'];
    if (service) return { ownerKind: 'Service', owner: service };
    const ingress = tags['ingress.k8s.aws/stack'];
    if (ingress) {
      return {
        ownerKind: ingress.includes('/') ? 'Ingress' : 'IngressGroup',
        owner: ingress,
      };
    }
    const gateway =
      tags['gateway.k8s.aws.alb/stack'] ?? tags['gateway.k8s.aws.nlb/stack'];
    if (gateway) return { ownerKind: 'Gateway', owner: gateway };
    return { ownerKind: '', owner: '' };
  };
  const lbc = tags['elbv2.k8s.aws/cluster'];
  if (lbc) return { controller: 'lbc', taggedCluster: lbc, ...objectOf() };
  const auto = tags['eks:eks-cluster-name'];
  if (auto) {
    return { controller: 'automode', taggedCluster: auto, ...objectOf() };
  }
  if (
    lb.type === 'application' &&
    (tags['ingress.k8s.aws/cluster'] || tags['kubernetes.io/ingress-name'])
  ) {
    const ns = tags['kubernetes.io/namespace'];
    const name = tags['kubernetes.io/ingress-name'];
    return {
      controller: 'alb-ingress-v1',
      taggedCluster:
        tags['ingress.k8s.aws/cluster'] ??
        tags['kubernetes.io/cluster-name'] ??
        '',
      ownerKind: name ? 'Ingress' : '',
      owner: name ? (ns ? `${ns}/${name}` : name) : '',
    };
  }
  const service = tags['kubernetes.io/service-name'];
  if ((lb.type === 'classic' || lb.type === 'network') && service) {
    const owned = Object.entries(tags)
      .filter(([, v]) => v === 'owned')
      .map(([k]) => CLUSTER_TAG.exec(k)?.[1])
      .find((c): c is string => Boolean(c));
    return {
      controller: 'intree',
      taggedCluster: owned ?? tags.KubernetesCluster ?? '',
      ownerKind: 'Service',
      owner: service,
    };
  }
  return { controller: 'unknown', taggedCluster: '', ownerKind: '', owner: '' };
};

/** §8.8 `listenerPorts` as `tcp/443`, `udp/53`. */
const listenerPortsOf = (
  lb: LoadBalancer,
  listeners: readonly Listener[],
): string[] => {
  if (lb.type === 'classic') {
    return sortedUnique(
      (lb.classicListeners ?? []).map((l) => `tcp/${l.loadBalancerPort}`),
    );
  }
  return sortedUnique(
    listeners.flatMap((l) => {
      const p = (l.protocol ?? '').toUpperCase();
      const port = l.port ?? 0;
      if (p === 'TCP_UDP' || p === 'TCP_QUIC') {
        return [`tcp/${port}`, `udp/${port}`];
      }
      if (p === 'UDP' || p === 'QUIC') return [`udp/${port}`];
      return [`tcp/${port}`];
    }),
  );
};

const permissionPeers = (p: IpPermission): string[] => [
  ...p.ipRanges,
  ...p.ipv6Ranges,
  ...p.prefixListIds,
  ...p.userIdGroupPairs.map((g) => g.groupId ?? '?'),
];

/** Ports of `p` (tcp/udp) that no listener in `ports` uses; `all` for -1. */
const extraPortsOf = (
  p: IpPermission,
  ports: ReadonlySet<string>,
): string[] => {
  const proto = protocolName(p.ipProtocol);
  if (proto === 'all') return ['all'];
  if (proto !== 'tcp' && proto !== 'udp') return [];
  const from = p.fromPort ?? -1;
  const to = p.toPort ?? -1;
  if (from < 0 || to < 0) return [`${proto}/all`];
  const listed = [...ports]
    .filter((k) => k.startsWith(`${proto}/`))
    .map((k) => Number(k.split('/')[1]));
  const span = to - from + 1;
  const inside = listed.filter((n) => n >= from && n <= to).length;
  return inside === span ? [] : [describeProtocolPorts(p)];
};

const isAnywhere = (cidr: string): boolean =>
  cidr === '0.0.0.0/0' || cidr === '::/0';

/** §8.8 `etpLocal(tg)`: the health check looks like `externalTrafficPolicy: Local`. */
const etpLocal = (tg: TargetGroup): boolean => {
  const port = Number(tg.healthCheckPort);
  return (
    tg.targetType === 'instance' &&
    ['HTTP', 'HTTPS'].includes(tg.healthCheckProtocol ?? '') &&
    tg.healthCheckPath === '/healthz' &&
    Number.isInteger(port) &&
    port >= NODE_PORT_RANGE[0] &&
    port <= NODE_PORT_RANGE[1] &&
    port !== tg.port
  );
};

const globMatches = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

/** NET-LB-012: whether the load balancer's instance targets can reach Fargate Pods. */
const fargateVerdict = (
  ctx: DeriveContext,
  cluster: Cluster,
  namespaces: readonly string[],
  hasInstanceTargets: boolean,
): string => {
  const profiles = cluster.fargateProfiles ?? [];
  if (!hasInstanceTargets || profiles.length === 0) return '';
  if ((ctx.nodesByCluster.get(cluster.name) ?? []).length === 0) {
    return 'fargate-only';
  }
  let verdict = '';
  for (const selector of profiles.flatMap((p) => p.selectors)) {
    const pattern = selector.namespace ?? '';
    if (!namespaces.some((ns) => globMatches(pattern, ns))) continue;
    if (Object.keys(selector.labels ?? {}).length === 0) {
      return 'namespace-on-fargate';
    }
    verdict = 'unclear';
  }
  return verdict;
};

const boolAttr = (
  attributes: Record<string, string> | undefined,
  key: string,
  fallback: boolean,
): boolean | undefined => {
  if (attributes === undefined) return undefined;
  const value = attributes[key];
  return value === undefined ? fallback : value === 'true';
};

/**
 * Facts of every load balancer in the snapshot.
 *
 * @param ctx - derive context
 * @returns one fact set per load balancer (v2 and Classic)
 * @example
 * ```ts
 * loadBalancerFacts(ctx).filter((lb) => lb.internetFacing);
 * ```
 */
const loadBalancerFacts = (ctx: DeriveContext): LoadBalancerFacts[] => {
  const lbs = ctx.snapshot.loadBalancers ?? [];
  const listenersByLb = new Map<string, Listener[]>();
  for (const l of ctx.snapshot.listeners ?? []) {
    const list = listenersByLb.get(l.loadBalancerArn) ?? [];
    list.push(l);
    listenersByLb.set(l.loadBalancerArn, list);
  }
  const tgsByLb = new Map<string, TargetGroup[]>();
  for (const tg of ctx.snapshot.targetGroups ?? []) {
    for (const arn of tg.loadBalancerArns) {
      const list = tgsByLb.get(arn) ?? [];
      list.push(tg);
      tgsByLb.set(arn, list);
    }
  }
  const attributions = new Map(
    lbs.map((lb) => [lb.loadBalancerArn, attribute(lb)]),
  );
  const portsByLb = new Map(
    lbs.map((lb) => [
      lb.loadBalancerArn,
      listenerPortsOf(lb, listenersByLb.get(lb.loadBalancerArn) ?? []),
    ]),
  );
  const portsBySg = new Map<string, Set<string>>();
  const lbSgs = new Set<string>();
  for (const lb of lbs) {
    for (const sg of lb.securityGroups) {
      lbSgs.add(sg);
      const set = portsBySg.get(sg) ?? new Set<string>();
      for (const p of portsByLb.get(lb.loadBalancerArn) ?? []) set.add(p);
      portsBySg.set(sg, set);
    }
  }
  // §8.5.4: the LBC's shared backend group counts as a load-balancer group.
  const backendSgs = (ctx.snapshot.securityGroups ?? [])
    .filter((g) => g.tags['elbv2.k8s.aws/resource'] === 'backend-sg')
    .map((g) => g.groupId);
  const nonLbEnisBySg = new Map<string, string[]>();
  for (const eni of ctx.snapshot.networkInterfaces ?? []) {
    if ((eni.description ?? '').startsWith('ELB ')) continue;
    for (const g of eni.groupIds) {
      if (!lbSgs.has(g) && !backendSgs.includes(g)) continue;
      const list = nonLbEnisBySg.get(g) ?? [];
      list.push(eni.networkInterfaceId);
      nonLbEnisBySg.set(g, list);
    }
  }
  const controllersByCluster = new Map<string, Set<string>>();

  const accepted = (lb: LoadBalancer, a: Attribution) => {
    if (!a.taggedCluster) return { problem: '' };
    const cluster = ctx.clusterByName.get(a.taggedCluster);
    if (cluster === undefined) {
      return {
        problem: `tags name cluster ${a.taggedCluster}, which does not exist in this account and region`,
      };
    }
    const vpc = ctx.clusterVpcId.get(cluster.name);
    if (vpc !== undefined && vpc !== lb.vpcId) {
      return {
        problem: `tags name cluster ${a.taggedCluster}, whose VPC ${vpc} is not the load balancer's ${lb.vpcId}`,
      };
    }
    return { cluster, problem: '' };
  };
  const clusterOf = new Map(
    lbs.map((lb) => {
      const a = attributions.get(lb.loadBalancerArn) as Attribution;
      const verdict = accepted(lb, a);
      if (verdict.cluster) {
        const set = controllersByCluster.get(verdict.cluster.name) ?? new Set();
        set.add(a.controller);
        controllersByCluster.set(verdict.cluster.name, set);
      }
      return [lb.loadBalancerArn, verdict] as const;
    }),
  );

  return lbs.map((lb): LoadBalancerFacts => {
    const arn = lb.loadBalancerArn;
    const a = attributions.get(arn) as Attribution;
    const { cluster, problem } = clusterOf.get(arn) ?? { problem: '' };
    const listeners = listenersByLb.get(arn) ?? [];
    const tgs = tgsByLb.get(arn) ?? [];
    const ports = new Set(portsByLb.get(arn) ?? []);
    const groups = lb.securityGroups.map((id) => ctx.sgById.get(id));
    const attrs = lb.attributes;
    const isNlb = lb.type === 'network';
    const isAlb = lb.type === 'application';

    const frontendAccess =
      lb.securityGroups.length === 0
        ? [...ports].map((p) => `${p} from any source (no security group)`)
        : groups.flatMap((g) =>
            (g?.ipPermissions ?? []).flatMap((p) =>
              permissionPeers(p).map(
                (peer) => `${describeProtocolPorts(p)} from ${peer}`,
              ),
            ),
          );
    const extra: string[] = [];
    let extraFromAnywhere = false;
    for (const g of groups) {
      if (g === undefined) continue;
      const sgPorts = portsBySg.get(g.groupId) ?? new Set<string>();
      for (const p of g.ipPermissions) {
        for (const e of extraPortsOf(p, sgPorts)) {
          extra.push(`${g.groupId} ${e}`);
          if ([...p.ipRanges, ...p.ipv6Ranges].some(isAnywhere)) {
            extraFromAnywhere = true;
          }
        }
      }
    }
    const sharedWith = sortedUnique(
      [
        ...lb.securityGroups,
        ...(a.controller === 'lbc' ? backendSgs : []),
      ].flatMap((g) =>
        (nonLbEnisBySg.get(g) ?? []).map((eni) => `${g} on ${eni}`),
      ),
    );
    const nlbTgs = tgs.filter((tg) => isNlb && tg.attributes !== undefined);
    const preserve = (tg: TargetGroup): boolean => {
      const value = tg.attributes?.['preserve_client_ip.enabled'];
      if (value !== undefined) return value === 'true';
      // Documented default: off for IP targets over TCP/TLS, on otherwise.
      return !(
        tg.targetType === 'ip' && ['TCP', 'TLS'].includes(tg.protocol ?? '')
      );
    };
    const proxy = (tg: TargetGroup) =>
      tg.attributes?.['proxy_protocol_v2.enabled'] === 'true';
    const namespaces = sortedUnique([
      ...(a.owner.includes('/') ? [a.owner.split('/')[0] as string] : []),
      ...tgs.flatMap((tg) => {
        const r =
          tg.tags?.['ingress.k8s.aws/resource'] ??
          tg.tags?.['service.k8s.aws/resource'] ??
          tg.tags?.['kubernetes.io/service-name'];
        return r?.includes('/') ? [r.split('/')[0] as string] : [];
      }),
    ]);
    const routing = lb.subnetIds.map(
      (s) => [s, subnetRouting(ctx, s, lb.vpcId)] as const,
    );
    const instanceTgs = tgs.filter((tg) => tg.targetType === 'instance');
    const controllers = cluster
      ? controllersByCluster.get(cluster.name)
      : undefined;
    const nodeSgs = cluster
      ? sortedUnique(
          (ctx.nodesByCluster.get(cluster.name) ?? []).flatMap(
            (n) =>
              ctx.primaryEniByInstance.get(n.instanceId)?.groupIds ??
              n.securityGroupIds,
          ),
        )
      : [];
    const allTrafficFromLbSg = nodeSgs.some((id) =>
      (ctx.sgById.get(id)?.ipPermissions ?? []).some(
        (p) =>
          protocolName(p.ipProtocol) === 'all' &&
          p.userIdGroupPairs.some((u) =>
            lb.securityGroups.includes(u.groupId ?? ''),
          ),
      ),
    );
    const tlsListeners = listeners.filter((l) =>
      ['HTTPS', 'TLS'].includes(l.protocol ?? ''),
    );
    const drop = isAlb
      ? boolAttr(
          attrs,
          'routing.http.drop_invalid_header_fields.enabled',
          false,
        )
      : undefined;
    const logs = boolAttr(attrs, 'access_logs.s3.enabled', false);
    const deletion =
      lb.type === 'classic'
        ? undefined
        : boolAttr(attrs, 'deletion_protection.enabled', false);
    const denyIgw = boolAttr(
      attrs,
      'ipv6.deny_all_igw_traffic',
      lb.scheme !== 'internet-facing',
    );

    return {
      kind: 'loadBalancer',
      id: arn,
      name: lb.loadBalancerName,
      arn,
      ...(cluster && { clusterName: cluster.name }),
      vpcId: lb.vpcId,
      lbType: lb.type,
      scheme: lb.scheme,
      internetFacing: lb.scheme === 'internet-facing',
      ipAddressType: lb.ipAddressType ?? 'ipv4',
      dnsName: lb.dnsName ?? '',
      controller: a.controller,
      ownerKind: a.ownerKind,
      owner: a.owner,
      taggedClusterName: a.taggedCluster,
      attributionProblem: problem,
      probablyKubernetes:
        a.controller !== 'unknown' ||
        /^a[0-9a-f]{31}$/.test(lb.loadBalancerName) ||
        lb.loadBalancerName.startsWith('k8s-') ||
        lb.subnetIds.some((s) => {
          const tags = ctx.subnetById.get(s)?.tags ?? {};
          return (
            'kubernetes.io/role/elb' in tags ||
            'kubernetes.io/role/internal-elb' in tags
          );
        }),
      clusterIpFamily:
        cluster?.kubernetesNetworkConfig?.ipFamily ?? (cluster ? 'ipv4' : ''),
      mixedControllers:
        controllers?.has('intree') === true && controllers.has('lbc'),
      securityGroupIds: [...lb.securityGroups],
      subnetIds: [...lb.subnetIds],
      listeners:
        lb.type === 'classic'
          ? (lb.classicListeners ?? []).map(
              (l) =>
                `${l.protocol}:${l.loadBalancerPort}->${l.instanceProtocol ?? l.protocol}:${l.instancePort ?? ''}`,
            )
          : listeners.map((l) => `${l.protocol ?? '?'}:${l.port ?? '?'}`),
      listenerPorts: [...ports],
      frontendAccess: sortedUnique(frontendAccess),
      tagsKnown: lb.tags !== undefined,
      attributesKnown: attrs !== undefined,
      targetGroupAttributesKnown:
        !isNlb || tgs.every((tg) => tg.attributes !== undefined),
      ...(denyIgw !== undefined && { ipv6DenyAllIgwTraffic: denyIgw }),
      ipv6IgwSubnetIds: routing
        .filter(
          ([, r]) =>
            r.ipv6DefaultEgress === 'igw' &&
            r.ipv6DefaultRouteState !== 'blackhole',
        )
        .map(([s]) => s),
      ownerNamespaces: namespaces,
      targetGroupIds: tgs.map((tg) => tg.targetGroupArn),
      instanceTargetGroups: instanceTgs.map((tg) => tg.targetGroupName),
      tgsWithoutClientAddress: nlbTgs
        .filter((tg) => ['TCP', 'TLS'].includes(tg.protocol ?? ''))
        .filter((tg) => !preserve(tg) && !proxy(tg))
        .map((tg) => tg.targetGroupName),
      tgsClientIpNotPreserved: nlbTgs
        .filter((tg) => !preserve(tg))
        .map((tg) => tg.targetGroupName),
      tgsProxyProtocolEtpLocal: tgs
        .filter((tg) => proxy(tg) && etpLocal(tg))
        .map((tg) => tg.targetGroupName),
      ipv4TgsPreservingClientIp: nlbTgs
        .filter((tg) => (tg.ipAddressType ?? 'ipv4') === 'ipv4' && preserve(tg))
        .map((tg) => tg.targetGroupName),
      ...(isAlb &&
        attrs !== undefined && {
          xffMode: attrs['routing.http.xff_header_processing.mode'] ?? 'append',
        }),
      sgExtraPorts: sortedUnique(extra),
      sgExtraPortsFromAnywhere: extraFromAnywhere,
      sgSharedWith: sharedWith,
      nodeAllTrafficFromLbSg: allTrafficFromLbSg,
      httpListenersWithoutRedirect: isAlb
        ? listeners
            .filter((l) => l.protocol === 'HTTP')
            .filter(
              (l) =>
                !l.defaultActions.some(
                  (d) =>
                    d.type === 'redirect' && d.redirectProtocol === 'HTTPS',
                ),
            )
            .map((l) => `HTTP:${l.port ?? '?'}`)
        : [],
      tlsPolicies: sortedUnique(
        tlsListeners.map((l) => l.sslPolicy ?? 'ELBSecurityPolicy-2016-08'),
      ),
      ...(drop !== undefined && { dropInvalidHeaderFields: drop }),
      ...(logs !== undefined && { accessLogsEnabled: logs }),
      ...(deletion !== undefined && { deletionProtection: deletion }),
      fargateTargets: cluster
        ? fargateVerdict(
            ctx,
            cluster,
            namespaces,
            instanceTgs.length > 0 || lb.type === 'classic',
          )
        : '',
      tags: { ...(lb.tags ?? {}) },
    };
  });
};

export { attribute, loadBalancerFacts, NODE_PORT_RANGE };
