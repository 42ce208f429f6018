/**
 * Types of the collector module: options, the instance-type cache and the
 * descriptors every collector declares.
 *
 * @module
 */
import type { TargetClients } from '../aws/types.js';
import type { CollectionName, Target } from '../snapshot/types.js';

/**
 * Whether `ec2:GetSubnetCidrReservations` is called. `off` keeps the call
 * plan exact; `prefix-mode-subnets` adds one call per subnet that holds an ENI
 * with IPv4 /28 prefixes.
 */
type SubnetCidrReservationsMode = 'off' | 'prefix-mode-subnets';

/** Tunables of one collection run. */
interface CollectOptions {
  /**
   * Requests in flight per service (EKS, EC2) for one target. The client
   * factory adds its own per-action rate limit on top.
   * @default 32
   */
  readonly concurrency: number;
  /**
   * Longest time one call (a paginated listing counts as one) may take,
   * retries included, before it is abandoned as a `TimeoutError` gap. A
   * safety net: the client factory's own request timeout normally fires
   * first.
   * @default 120000
   */
  readonly callTimeoutMs: number;
  /**
   * Optional `GetSubnetCidrReservations` calls.
   * @default 'off'
   */
  readonly subnetCidrReservations: SubnetCidrReservationsMode;
}

/**
 * Network limits of one instance type as `DescribeInstanceTypes` reported
 * them, before they are merged with the bundled table.
 */
interface ApiInstanceType {
  readonly instanceType: string;
  readonly hypervisor?: string;
  readonly bareMetal?: boolean;
  readonly defaultVCpus?: number;
  /** The default network card's maximum (what the VPC CNI uses). */
  readonly maximumNetworkInterfaces?: number;
  readonly maximumNetworkCards?: number;
  readonly ipv4AddressesPerInterface?: number;
  readonly ipv6AddressesPerInterface?: number;
  readonly ipv6Supported?: boolean;
}

/**
 * `DescribeInstanceTypes` answers shared across targets of one scan.
 * Limits are the same in every account and region, so a type is asked once.
 */
interface InstanceTypeCache {
  /**
   * The cached answer: the API's row, `null` when the API does not know the
   * type, `undefined` when the type was never asked.
   */
  get(instanceType: string): ApiInstanceType | null | undefined;
  /** Records the API's row, or `null` for a type the API rejected. */
  set(instanceType: string, value: ApiInstanceType | null): void;
  /** Number of cached types. */
  readonly size: number;
}

/** Input of {@link collectSnapshot}. */
interface CollectInput {
  readonly target: Target;
  readonly scanId: string;
  readonly clients: TargetClients;
  /** Clock; the snapshot's `collectedAt` and `stats.durationMs` use it. */
  readonly now?: () => Date;
  /** Shared across the targets of a scan; a fresh cache when absent. */
  readonly instanceTypeCache?: InstanceTypeCache;
  /** Abort: no new calls are issued; what is missing becomes `Aborted` gaps. */
  readonly signal?: AbortSignal;
  readonly options?: Readonly<Partial<CollectOptions>>;
}

/**
 * Metadata every collector declares, so the member role's IAM policy and the
 * documentation can be generated from the registry.
 */
interface CollectorDescriptor {
  /** Kebab-case unit name. */
  readonly name: string;
  /** One sentence: what the unit reads. */
  readonly description: string;
  /** Where the unit runs once: per region, per cluster or per VPC. */
  readonly scope: 'region' | 'cluster' | 'vpc';
  /** Snapshot collections the unit fills (and names in its gaps). */
  readonly collections: readonly CollectionName[];
  /** IAM actions of every API the unit may call. */
  readonly permissions: readonly string[];
  /** True when the unit only runs when an option enables it. */
  readonly optional: boolean;
}

/**
 * Load balancers of one region, for {@link expectedCallCount}. `…All` counts
 * are regional totals (what the unfiltered listings page through); the
 * others count only what sits in cluster VPCs.
 */
interface ElbCallPlanShape {
  /** ALBs, NLBs and gateway load balancers of the region. */
  readonly loadBalancersAll: number;
  /** ALBs and NLBs in cluster VPCs (`L`). */
  readonly loadBalancers: number;
  readonly targetGroupsAll: number;
  /** Target groups in cluster VPCs (`T`). */
  readonly targetGroups: number;
  /** Of those, the ones attached to an NLB (or unattached with an NLB protocol). */
  readonly nlbTargetGroups: number;
  readonly classicAll: number;
  /** Classic load balancers in cluster VPCs (`C`). */
  readonly classic: number;
}

/** Input of {@link expectedCallCount}: the shape of one region's target. */
interface CallPlanShape {
  readonly clusters: number;
  readonly nodegroups: number;
  readonly fargateProfiles: number;
  readonly vpcs: number;
  /** Distinct instance types not yet in the cache. */
  readonly instanceTypesToFetch: number;
  /**
   * Load balancers, when the clients include ELB (the client factory's
   * always do); absent means no ELB calls.
   */
  readonly elb?: ElbCallPlanShape;
}

export type {
  ApiInstanceType,
  CallPlanShape,
  CollectInput,
  CollectOptions,
  CollectorDescriptor,
  ElbCallPlanShape,
  InstanceTypeCache,
  SubnetCidrReservationsMode,
};
