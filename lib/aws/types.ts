/**
 * Contracts between the client factory (`lib/aws`) and its users
 * (`lib/collect`, `lib/targets`, `lib/run`).
 *
 * @module
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';

/** Counts every HTTP request a target's clients send, including retries. */
interface CallCounter {
  /** Records one request for an IAM-style action, e.g. `ec2:DescribeSubnets`. */
  record(action: string): void;
  /** Total requests recorded. */
  total(): number;
  /** Requests per action. */
  byAction(): Record<string, number>;
}

/** The SDK clients one target (account × region) is collected with. */
interface TargetClients {
  readonly eks: EKSClient;
  readonly ec2: EC2Client;
  /**
   * ELB v2 (Application and Network load balancers). The factory always
   * sets it; a caller that leaves it (or `elb`) out opts out of collecting
   * load balancers, and the call plan has no ELB calls.
   */
  readonly elbv2?: ElasticLoadBalancingV2Client;
  /** ELB v1 (Classic load balancers); see `elbv2`. */
  readonly elb?: ElasticLoadBalancingClient;
  readonly counter: CallCounter;
}

export type { CallCounter, TargetClients };
