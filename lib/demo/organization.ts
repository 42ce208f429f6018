/**
 * The demo organization: six accounts, their regions and clusters, and what
 * changed between the two days. Generated in memory, deterministically (no
 * randomness, no clock): the same day always gives byte-identical snapshots.
 *
 * @module
 */

import type { Gap, Snapshot, Target } from '../snapshot/types.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../snapshot/types.js';
import {
  buildCluster,
  type ClusterPlace,
  emptyParts,
  type Parts,
  type Tweak,
} from './buildCluster.js';
import * as s from './scenarios.js';

/** The two demo days. */
type DemoDay = 1 | 2;

/** One cluster of the demo organization. */
interface DemoCluster {
  readonly name: string;
  readonly key: string;
  readonly net: number;
  /** What the team did to it, day by day. */
  readonly tweaks: (day: DemoDay) => readonly Tweak[];
  readonly description: string;
}

/** One account × region of the demo organization. */
interface DemoTargetSpec {
  readonly target: Target;
  readonly clusters: readonly DemoCluster[];
  /** The target cannot be scanned (e.g. the member role is not deployed). */
  readonly failure?: { readonly errorCode: string; readonly message: string };
  /**
   * Calls the member role may not make here: the collection is left out of
   * the snapshot and recorded as a gap, as a real scan would.
   */
  readonly denied?: readonly DeniedCall[];
}

/** A call the demo's member role is denied, and the collection it fills. */
interface DeniedCall {
  readonly collection: 'flowLogs' | 'vpcEndpoints';
  readonly api: string;
  readonly iamAction: string;
}

/** The flow-log read a narrowed member role often lacks. */
const FLOW_LOGS_DENIED: DeniedCall = {
  collection: 'flowLogs',
  api: 'DescribeFlowLogs',
  iamAction: 'ec2:DescribeFlowLogs',
};

/** What the demo's snapshot source returns for a target. */
interface DemoTarget {
  readonly target: Target;
  readonly snapshot?: Snapshot;
  readonly failure?: DemoTargetSpec['failure'];
}

/** When each day's scan starts: the fixed clock of the demo. */
const DEMO_SCAN_TIMES: Readonly<Record<DemoDay, string>> = {
  1: '2026-11-25T06:00:00Z',
  2: '2026-11-26T06:00:00Z',
};

const always =
  (...tweaks: Tweak[]) =>
  (): readonly Tweak[] =>
    tweaks;

const lbTagsOneAz: Tweak = (ctx) => {
  delete ctx.subnet('pub-b').tags['kubernetes.io/role/elb'];
};

/** The organization, in plan order (account, then region). */
const DEMO_ORGANIZATION: readonly DemoTargetSpec[] = [
  {
    target: {
      accountId: '123456789012',
      accountName: 'prod',
      region: 'eu-west-1',
    },
    clusters: [
      {
        name: 'payments-eu',
        key: 'peu',
        net: 30,
        description: 'IPv6 cluster, public and private endpoint',
        tweaks: always(s.ipv6(false), s.sshFromBastion, s.dualStackLbs),
      },
    ],
  },
  {
    target: {
      accountId: '123456789012',
      accountName: 'prod',
      region: 'us-east-1',
    },
    clusters: [
      {
        name: 'payments',
        key: 'pay',
        net: 20,
        description:
          'prefix delegation, security groups for Pods, launch template',
        tweaks: (day) => [
          s.prefixDelegation,
          s.podSecurityGroups(3, true),
          s.launchTemplate(true),
          s.sshFromBastion,
          s.leakedEnis(1, 0.25),
          s.endpointWithoutPrivateDns,
          s.warmAndMinimumIp,
          s.fargatePrivate,
          s.fargateInstanceTargets,
          s.externalSnat('false'),
          s.multusEni('true', false),
          ...(day === 2 ? [s.nearlyFullSubnet('node-b', 310)] : []),
        ],
      },
      {
        name: 'checkout',
        key: 'chk',
        net: 21,
        description: 'private endpoint only, no NAT, VPC endpoints',
        tweaks: (day) => [
          s.privateWithEndpoints,
          s.externalSnat('true'),
          ...(day === 2 ? [s.flowLogDeliveryFailing] : []),
        ],
      },
    ],
  },
  {
    target: {
      accountId: '210987654321',
      accountName: 'shared-network',
      region: 'eu-west-1',
    },
    clusters: [],
  },
  {
    target: {
      accountId: '210987654321',
      accountName: 'shared-network',
      region: 'us-east-1',
    },
    clusters: [
      {
        name: 'edge-ingress',
        key: 'edge',
        net: 10,
        description:
          'public endpoint only, restricted to the office and the NATs',
        tweaks: always(
          s.publicRestricted(['203.0.113.0/24'], true),
          s.fargatePrivate,
          s.internetFacingAlb,
          s.externalSnat('true'),
          s.multusEni('true', false),
        ),
      },
    ],
  },
  {
    target: {
      accountId: '234567890123',
      accountName: 'staging',
      region: 'us-east-1',
    },
    clusters: [
      {
        name: 'staging',
        key: 'stg',
        net: 40,
        description: 'custom networking into 100.64.0.0/16',
        tweaks: (day) => [
          day === 1
            ? s.publicOpen
            : s.publicRestricted(['203.0.113.0/24'], true),
          s.customNetworking('cgnat', true),
          s.warmIpOnly,
          s.noObservability,
          s.controlPlaneSgOpen,
          s.extendedSupport('1.32'),
          s.clientIpLost,
          s.nlbSprawl(21),
          s.multusEni('True', false),
        ],
      },
    ],
  },
  {
    target: {
      accountId: '234567890123',
      accountName: 'staging',
      region: 'us-west-2',
    },
    denied: [FLOW_LOGS_DENIED],
    clusters: [
      {
        name: 'staging-v6',
        key: 'sv6',
        net: 41,
        description: 'IPv6 trial with Windows nodes',
        tweaks: always(s.ipv6(true), s.windowsNodes, s.noLbTags),
      },
    ],
  },
  {
    target: {
      accountId: '345678901234',
      accountName: 'dev',
      region: 'us-east-1',
    },
    clusters: [
      {
        name: 'dev',
        key: 'dev',
        net: 50,
        description: 'public endpoint only, Windows nodes, Pod security groups',
        tweaks: always(
          s.publicRestricted(['203.0.113.0/24', '52.0.0.0/8'], false),
          s.serviceCidr('172.20.0.0/16'),
          s.windowsNodes,
          s.podSecurityGroups(8, false, 'pub'),
          s.minimumIpOnly,
          s.mixedInstanceTypes,
          s.nodesInWrongSubnets,
          s.sshFromAnywhere,
          s.duplicateClusterTag,
          s.crossAzNat,
          s.badLbTags,
          s.leakedEnis(2, 200),
          s.clusterSgNoSelf,
          s.nodegroupMax(80),
          s.legacyClassicElb,
          s.nodePortsOpen,
          s.multusEni('true', true),
        ),
      },
      {
        name: 'dev-auto',
        key: 'auto',
        net: 51,
        description: 'EKS Auto Mode',
        tweaks: always(s.autoMode),
      },
    ],
  },
  {
    target: {
      accountId: '456789012345',
      accountName: 'sandbox',
      region: 'eu-west-1',
    },
    clusters: [],
    failure: {
      errorCode: 'AccessDenied',
      message:
        'User: arn:aws:sts::999999999999:assumed-role/eks-netscan-hub/scan is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::456789012345:role/eks-netscan-member',
    },
  },
  {
    target: {
      accountId: '456789012345',
      accountName: 'sandbox',
      region: 'us-west-2',
    },
    clusters: [
      {
        name: 'sandbox',
        key: 'sbx',
        net: 100,
        description: 'self-managed CNI, hand-edited network',
        tweaks: always(
          s.publicOpen,
          s.selfManagedCni,
          s.customNetworking('routable', false),
          s.clusterSgDeleted,
          s.launchTemplate(false),
          s.kubeletBlocked,
          s.brokenClusterSubnets,
          s.isolatedSubnet,
          s.dnsHostnamesOff,
          s.singleAzNodegroup,
          s.fargateInPublicSubnet,
          s.smallClusterSubnets,
        ),
      },
    ],
  },
  {
    target: {
      accountId: '567890123456',
      accountName: 'data-platform',
      region: 'us-east-1',
    },
    clusters: [
      {
        name: 'analytics',
        key: 'ana',
        net: 60,
        description: 'legacy CNI on Xen nodes, prefix delegation',
        tweaks: (day) => [
          s.legacyCni,
          s.fragmentedPrefixSubnet,
          s.primaryEniKept,
          ...(day === 1 ? [s.blackholeRoute] : [s.leakedEnis(5, 30)]),
          s.corporateDns,
          s.insufficientAddresses,
          s.unsupportedAz,
          s.smallClusterSubnets,
          s.clusterSgNoEgress,
          s.extendedSupport('1.31'),
          lbTagsOneAz,
        ],
      },
    ],
  },
];

const CLUSTER_VERSIONS: Parts['clusterVersions'] = [
  {
    clusterVersion: '1.35',
    versionStatus: 'STANDARD_SUPPORT',
    endOfStandardSupportDate: '2027-11-30',
    endOfExtendedSupportDate: '2028-11-30',
    defaultVersion: false,
  },
  {
    clusterVersion: '1.34',
    versionStatus: 'STANDARD_SUPPORT',
    endOfStandardSupportDate: '2027-09-30',
    endOfExtendedSupportDate: '2028-09-30',
    defaultVersion: true,
  },
  {
    clusterVersion: '1.33',
    versionStatus: 'STANDARD_SUPPORT',
    endOfStandardSupportDate: '2027-01-29',
    endOfExtendedSupportDate: '2028-01-29',
    defaultVersion: false,
  },
  {
    clusterVersion: '1.32',
    versionStatus: 'EXTENDED_SUPPORT',
    endOfStandardSupportDate: '2026-03-23',
    endOfExtendedSupportDate: '2027-03-23',
    defaultVersion: false,
  },
  {
    clusterVersion: '1.31',
    versionStatus: 'EXTENDED_SUPPORT',
    endOfStandardSupportDate: '2025-11-26',
    endOfExtendedSupportDate: '2026-11-26',
    defaultVersion: false,
  },
];

/** The ELB actions collection calls for the load balancers in `parts`. */
const elbCallsFor = (parts: Parts): Record<string, number> => {
  const lbs = parts.loadBalancers;
  if (lbs.length === 0) return {};
  const v2 = lbs.filter((lb) => lb.type !== 'classic');
  const nlbArns = new Set(
    lbs.filter((lb) => lb.type === 'network').map((lb) => lb.loadBalancerArn),
  );
  const nlbTgs = parts.targetGroups.filter((tg) =>
    tg.loadBalancerArns.some((arn) => nlbArns.has(arn)),
  );
  // DescribeTags takes 20 ARNs a call; v2 and Classic are separate APIs.
  const tagCalls =
    Math.ceil((v2.length + parts.targetGroups.length) / 20) +
    Math.ceil((lbs.length - v2.length) / 20);
  return {
    'elasticloadbalancing:DescribeLoadBalancers': 2,
    'elasticloadbalancing:DescribeTargetGroups': 1,
    'elasticloadbalancing:DescribeListeners': v2.length,
    'elasticloadbalancing:DescribeLoadBalancerAttributes': lbs.length,
    'elasticloadbalancing:DescribeTags': tagCalls,
    'elasticloadbalancing:DescribeTargetGroupAttributes': nlbTgs.length,
  };
};

/** The EKS and EC2 actions a target's collection calls, once each. */
const callsFor = (clusters: number): Record<string, number> => ({
  'eks:ListClusters': 1,
  'eks:DescribeCluster': clusters,
  'eks:ListNodegroups': clusters,
  'eks:DescribeNodegroup': clusters * 2,
  'eks:DescribeAddon': clusters,
  'eks:DescribeClusterVersions': 1,
  'ec2:DescribeVpcs': 1,
  'ec2:DescribeSubnets': 1,
  'ec2:DescribeRouteTables': 1,
  'ec2:DescribeSecurityGroups': 1,
  'ec2:DescribeNetworkInterfaces': 1,
  'ec2:DescribeInstances': 1,
  'ec2:DescribeNatGateways': 1,
  'ec2:DescribeVpcEndpoints': 1,
  'ec2:DescribeFlowLogs': 1,
  'ec2:DescribeDhcpOptions': 1,
  'ec2:DescribeInstanceTypes': 1,
  'ec2:GetSubnetCidrReservations': 1,
});

/**
 * The snapshot of one demo target on one day, as `collectSnapshot` would
 * have returned it.
 *
 * @param spec - the target and its clusters
 * @param day - 1 or 2
 * @param scanId - written into the snapshot
 */
const snapshotOf = (
  spec: DemoTargetSpec,
  day: DemoDay,
  scanId: string,
): Snapshot => {
  const collectedAt = new Date(DEMO_SCAN_TIMES[day]);
  const parts = emptyParts();
  for (const cluster of spec.clusters) {
    const place: ClusterPlace = {
      accountId: spec.target.accountId,
      region: spec.target.region,
      name: cluster.name,
      key: cluster.key,
      net: cluster.net,
      collectedAt,
    };
    const ctx = buildCluster(place, parts);
    for (const tweak of cluster.tweaks(day)) tweak(ctx);
  }
  if (spec.clusters.length > 0) {
    parts.clusterVersions = structuredClone(CLUSTER_VERSIONS);
  }
  const callsByAction = {
    ...callsFor(spec.clusters.length),
    ...elbCallsFor(parts),
  };
  const apiCalls = Object.values(callsByAction).reduce((a, b) => a + b, 0);
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    scanId,
    target: spec.target,
    collectedAt: collectedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...parts,
    ...Object.fromEntries(
      (spec.denied ?? []).map((call) => [call.collection, undefined]),
    ),
    gaps: (spec.denied ?? []).map(
      (call): Gap => ({
        collection: call.collection,
        api: call.api,
        iamAction: call.iamAction,
        errorCode: 'AccessDenied',
        message: `User: arn:aws:sts::${spec.target.accountId}:assumed-role/eks-netscan-member/eks-netscan-${scanId} is not authorized to perform: ${call.iamAction}`,
      }),
    ),
    stats: {
      apiCalls,
      callsByAction,
      durationMs: 900 + 350 * spec.clusters.length,
    },
  } as Snapshot;
};

/**
 * Every target of the demo organization on one day, with its snapshot (or
 * the failure scanning it would meet).
 *
 * @param day - 1 or 2
 * @param scanId - the scan id written into each snapshot
 * @returns one entry per target, in plan order
 * @example
 * const targets = demoOrganization(1, '2026-11-25T06-00-00Z-de01');
 */
const demoOrganization = (day: DemoDay, scanId: string): DemoTarget[] =>
  DEMO_ORGANIZATION.map((spec) =>
    spec.failure
      ? { target: spec.target, failure: spec.failure }
      : { target: spec.target, snapshot: snapshotOf(spec, day, scanId) },
  );

export type { DemoCluster, DemoDay, DemoTarget, DemoTargetSpec };
export { DEMO_ORGANIZATION, DEMO_SCAN_TIMES, demoOrganization };
