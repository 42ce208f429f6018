/**
 * Defaults of the client factory, in one place so the CLI help, the docs and
 * the tests agree.
 *
 * @module
 */

/**
 * Defaults of {@link ClientFactoryOptions}.
 *
 * The rates follow the scanner budget of the domain reference §4.5: a quarter
 * of EC2's 20/s refill for non-mutating actions, because the same per-account
 * buckets feed the VPC CNI on every node.
 */
const CLIENT_FACTORY_DEFAULTS = {
  /** Region of the hub clients (STS, Organizations) when none is configured. */
  region: 'us-east-1',
  /** SDK `standard` retry mode attempts, first try included. */
  maxAttempts: 3,
  /**
   * Requests per second per (account, region, action), by IAM prefix. ELB's
   * 3/s is the services reference §8.4 budget: the in-cluster Load Balancer
   * Controller draws from the same per-account bucket. EKS read actions get
   * 10/s: no node agent shares their buckets (EC2's 5/s is low because the
   * VPC CNI does), and 5/s made the tenth `DescribeNodegroup` of a region
   * wait a full second.
   */
  ratePerSecond: { ec2: 5, eks: 10, elasticloadbalancing: 3 } as Readonly<
    Record<string, number>
  >,
  /**
   * Requests in flight per account, all regions and services together. This
   * bounds concurrency, not rate (the per-action rates do that): 8 made one
   * 5-cluster target queue its 20 EKS calls after `ListClusters`.
   */
  maxInFlightPerAccount: 32,
  /** `sts:AssumeRole` session length; one hour is the role-chaining limit. */
  sessionDurationSeconds: 3600,
  /** Assumed credentials are refreshed this long before they expire. */
  refreshBeforeExpiryMs: 5 * 60_000,
  /** Connection set-up limit per attempt, in milliseconds. */
  connectionTimeoutMs: 5_000,
  /**
   * Request-and-response limit per attempt, in milliseconds; a hanging
   * response becomes a retryable `TimeoutError` instead of a stuck scan.
   */
  requestTimeoutMs: 30_000,
  /** Prefix of `RoleSessionName`, so CloudTrail shows who called. */
  sessionNamePrefix: 'eks-netscan',
} as const;

/** IAM service prefix per SDK client name, for `CallCounter` actions. */
const SERVICE_PREFIX_BY_CLIENT: Readonly<Record<string, string>> = {
  EC2Client: 'ec2',
  EKSClient: 'eks',
  ElasticLoadBalancingClient: 'elasticloadbalancing',
  ElasticLoadBalancingV2Client: 'elasticloadbalancing',
  STSClient: 'sts',
  OrganizationsClient: 'organizations',
  S3Client: 's3',
  SNSClient: 'sns',
  SQSClient: 'sqs',
};

export { CLIENT_FACTORY_DEFAULTS, SERVICE_PREFIX_BY_CLIENT };
