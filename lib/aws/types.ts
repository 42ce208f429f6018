/**
 * Contracts between the client factory (`lib/aws`) and its users
 * (`lib/collect`, `lib/targets`, `lib/run`).
 *
 * @module
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EKSClient } from '@aws-sdk/client-eks';

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
  readonly counter: CallCounter;
}

export type { CallCounter, TargetClients };
