/**
 * Inputs and outputs of the report layer. Reports are rendered from one
 * {@link ScanSummary}, plus the failing results and per-cluster inventory
 * where a format shows details.
 *
 * @module
 */
import type {
  ResultCounts,
  Severity,
  Waiver,
  WaiverUse,
} from '../engine/types.js';
import type { FindingRef } from '../findings/types.js';

/** A gap as the report needs it. */
interface GapRef {
  readonly collection: string;
  readonly api: string;
  readonly iamAction: string;
  readonly errorCode: string;
}

/** How one target (account × region) of the scan went. */
interface TargetOutcome {
  readonly accountId: string;
  readonly accountName?: string;
  readonly region: string;
  /** `ok`: collected and evaluated (gaps possible); `error`: no results. */
  readonly status: 'ok' | 'error';
  readonly reason?: string;
  readonly gaps: readonly GapRef[];
  readonly apiCalls: number;
  readonly durationMs: number;
  readonly clusters: number;
}

/** Result counts of one rule. */
interface RuleCounts {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly pass: number;
  readonly fail: number;
  readonly unknown: number;
  readonly skip: number;
  readonly waived: number;
}

/** Failing (unwaived) results by severity for one account or cluster. */
interface ScopeCounts {
  readonly accountId: string;
  readonly accountName?: string;
  readonly region?: string;
  readonly clusterName?: string;
  readonly fail: number;
  readonly unknown: number;
  readonly failBySeverity: Readonly<Record<Severity, number>>;
}

/** `summary.json`: everything every report format starts from. */
interface ScanSummary {
  readonly schemaVersion: 1;
  readonly scanId: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly accounts: number;
  readonly totals: ResultCounts;
  /** Unwaived failing results by severity. */
  readonly failBySeverity: Readonly<Record<Severity, number>>;
  readonly byRule: readonly RuleCounts[];
  readonly byAccount: readonly ScopeCounts[];
  readonly byCluster: readonly ScopeCounts[];
  readonly coverage: {
    readonly targets: number;
    readonly ok: number;
    readonly failed: readonly {
      readonly accountId: string;
      readonly region: string;
      readonly reason: string;
    }[];
    /** Targets that finished with at least one gap. */
    readonly withGaps: number;
    readonly gapsByIamAction: readonly {
      readonly iamAction: string;
      readonly errorCodes: readonly string[];
      readonly targets: number;
    }[];
  };
  readonly diff: {
    readonly previousScanId?: string;
    readonly regressed: number;
    readonly new: number;
    readonly persisting: number;
    readonly resolved: number;
    readonly unverified: number;
    /** Regressed plus new, unwaived, by severity. */
    readonly newBySeverity: Readonly<Record<Severity, number>>;
  };
  readonly waivers: {
    readonly used: readonly WaiverUse[];
    readonly expired: readonly Waiver[];
  };
}

/** One subnet bar of the IP-headroom chart. */
interface SubnetInventory {
  readonly subnetId: string;
  readonly availabilityZone: string;
  readonly cidrBlock?: string;
  readonly available: number;
  readonly usable: number;
  /** `cluster`, `node`, `pod`, `fargate`. */
  readonly roles: readonly string[];
}

/** One node row of the ENI-layout table. */
interface NodeInventory {
  readonly instanceId: string;
  readonly instanceType: string;
  readonly cniMode: string;
  readonly enisAttached: number;
  readonly eniLimit?: number;
  readonly secondaryIps: number;
  readonly ipv4Prefixes: number;
  readonly maxPods?: number;
  readonly branchEnis: number;
  readonly branchLimit?: number;
}

/** One internet-facing load balancer of the Exposure section. */
interface LoadBalancerInventory {
  /** ARN (the result `resourceId` of load-balancer rules). */
  readonly arn: string;
  readonly name: string;
  /** `application`, `network` or `classic`. */
  readonly type: string;
  readonly dnsName: string;
  /** `lbc`, `automode`, `alb-ingress-v1`, `intree` or `unknown`. */
  readonly controller: string;
  /** `Service`, `Ingress`, `IngressGroup`, `Gateway` or `''`. */
  readonly ownerKind: string;
  /** `namespace/name` or the IngressGroup name; `''` when unknown. */
  readonly owner: string;
  /** `HTTPS:443`, Classic `TCP:80->TCP:30080`. */
  readonly listeners: readonly string[];
  /** Peers its security groups admit, per port. */
  readonly frontendAccess: readonly string[];
}

/** What the HTML report shows per cluster besides findings. */
interface ClusterInventory {
  readonly accountId: string;
  readonly region: string;
  readonly clusterName: string;
  readonly subnets: readonly SubnetInventory[];
  readonly nodes: readonly NodeInventory[];
  /** Internet-facing load balancers attributed to the cluster; absent in inventories written before load balancers were collected. */
  readonly loadBalancers?: readonly LoadBalancerInventory[];
}

/** A failing result with the details the full reports show. */
interface FindingDetail extends FindingRef {
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly remediation: { readonly text: string; readonly cli?: string };
  readonly references: readonly string[];
  readonly waiver?: {
    readonly reason: string;
    readonly owner: string;
    readonly expires: string;
  };
}

export type {
  ClusterInventory,
  FindingDetail,
  GapRef,
  LoadBalancerInventory,
  NodeInventory,
  RuleCounts,
  ScanSummary,
  ScopeCounts,
  SubnetInventory,
  TargetOutcome,
};
