/**
 * Maps ELB v2 and Classic (v1) API shapes to the snapshot's types.
 *
 * @module
 */
import type { LoadBalancerDescription } from '@aws-sdk/client-elastic-load-balancing';
import type {
  Action,
  Listener as ApiListener,
  LoadBalancer as ApiLoadBalancer,
  TargetGroup as ApiTargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type {
  Listener,
  ListenerAction,
  LoadBalancer,
  Target,
  TargetGroup,
} from '../snapshot/types.js';

const iso = (d: Date | undefined): string | undefined =>
  d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;

const sorted = (items: (string | undefined)[] | undefined): string[] =>
  [...new Set((items ?? []).filter((s): s is string => Boolean(s)))].sort();

/** Keeps only the defined values, so absent API fields stay absent. */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** A v2 load balancer of type `application` or `network`. */
const mapLoadBalancerV2 = (lb: ApiLoadBalancer): LoadBalancer =>
  defined({
    loadBalancerArn: lb.LoadBalancerArn ?? '',
    loadBalancerName: lb.LoadBalancerName ?? '',
    type:
      lb.Type === 'network' ? ('network' as const) : ('application' as const),
    // The API's own default when no scheme was passed.
    scheme: lb.Scheme ?? 'internet-facing',
    vpcId: lb.VpcId ?? '',
    dnsName: lb.DNSName,
    createdTime: iso(lb.CreatedTime),
    ipAddressType: lb.IpAddressType,
    state: lb.State?.Code,
    subnetIds: sorted(lb.AvailabilityZones?.map((z) => z.SubnetId)),
    availabilityZones: sorted(lb.AvailabilityZones?.map((z) => z.ZoneName)),
    securityGroups: sorted(lb.SecurityGroups),
    enforceSecurityGroupInboundRulesOnPrivateLinkTraffic:
      lb.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic,
  });

/** The IAM-style ARN of a Classic load balancer (the API has none). */
const classicArn = (target: Target, name: string, partition = 'aws'): string =>
  `arn:${partition}:elasticloadbalancing:${target.region}:${target.accountId}:loadbalancer/${name}`;

/** A Classic load balancer. */
const mapClassicLoadBalancer = (
  lb: LoadBalancerDescription,
  target: Target,
): LoadBalancer =>
  defined({
    loadBalancerArn: classicArn(target, lb.LoadBalancerName ?? ''),
    loadBalancerName: lb.LoadBalancerName ?? '',
    type: 'classic' as const,
    scheme: lb.Scheme || 'internet-facing',
    vpcId: lb.VPCId ?? '',
    dnsName: lb.DNSName,
    createdTime: iso(lb.CreatedTime),
    subnetIds: sorted(lb.Subnets),
    availabilityZones: sorted(lb.AvailabilityZones),
    securityGroups: sorted(lb.SecurityGroups),
    classicListeners: (lb.ListenerDescriptions ?? []).map((d) =>
      defined({
        protocol: d.Listener?.Protocol ?? '',
        loadBalancerPort: d.Listener?.LoadBalancerPort ?? 0,
        instanceProtocol: d.Listener?.InstanceProtocol,
        instancePort: d.Listener?.InstancePort,
        sslCertificateId: d.Listener?.SSLCertificateId,
        policyNames: sorted(d.PolicyNames),
      }),
    ),
    instanceIds: sorted(lb.Instances?.map((i) => i.InstanceId)),
    healthCheckTarget: lb.HealthCheck?.Target,
    sourceSecurityGroupName: lb.SourceSecurityGroup?.GroupName,
  });

const mapAction = (a: Action): ListenerAction =>
  defined({
    type: a.Type ?? '',
    targetGroupArns: sorted([
      a.TargetGroupArn,
      ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn),
    ]),
    redirectProtocol: a.RedirectConfig?.Protocol,
  });

/** A v2 listener. */
const mapListener = (l: ApiListener, loadBalancerArn: string): Listener =>
  defined({
    listenerArn: l.ListenerArn ?? '',
    loadBalancerArn: l.LoadBalancerArn ?? loadBalancerArn,
    port: l.Port,
    protocol: l.Protocol,
    sslPolicy: l.SslPolicy,
    certificateArns: sorted(l.Certificates?.map((c) => c.CertificateArn)),
    alpnPolicy: [...(l.AlpnPolicy ?? [])],
    defaultActions: [...(l.DefaultActions ?? [])]
      .sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0))
      .map(mapAction),
  });

/** A v2 target group. */
const mapTargetGroup = (tg: ApiTargetGroup): TargetGroup =>
  defined({
    targetGroupArn: tg.TargetGroupArn ?? '',
    targetGroupName: tg.TargetGroupName ?? '',
    vpcId: tg.VpcId ?? '',
    protocol: tg.Protocol,
    port: tg.Port,
    targetType: tg.TargetType,
    ipAddressType: tg.IpAddressType,
    healthCheckProtocol: tg.HealthCheckProtocol,
    healthCheckPort: tg.HealthCheckPort,
    healthCheckPath: tg.HealthCheckPath,
    healthCheckEnabled: tg.HealthCheckEnabled,
    loadBalancerArns: sorted(tg.LoadBalancerArns),
  });

/** `[{ Key, Value }]` → key/value pairs (attributes and tags alike). */
const keyValues = (
  items: { Key?: string; Value?: string }[] | undefined,
): Record<string, string> =>
  Object.fromEntries(
    (items ?? [])
      .filter((i) => i.Key)
      .map((i) => [i.Key as string, i.Value ?? ''] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

export {
  classicArn,
  keyValues,
  mapClassicLoadBalancer,
  mapListener,
  mapLoadBalancerV2,
  mapTargetGroup,
};
