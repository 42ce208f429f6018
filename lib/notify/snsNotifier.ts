/**
 * Publishes the digest to an SNS topic (email subscriptions, chat, queues).
 *
 * @module
 */
import {
  type MessageAttributeValue,
  PublishCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { ConfigError, SinkError } from '../errors.js';
import type { Notification, Notifier } from './types.js';

const TOPIC_ARN =
  /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/**
 * Checks an SNS topic ARN.
 *
 * @param flag - Named in the error message.
 * @throws ConfigError with one line naming the flag.
 */
const validateTopicArn = (arn: string, flag = '--sns-topic'): string => {
  if (!TOPIC_ARN.test(arn)) {
    throw new ConfigError(
      `${flag}: ${JSON.stringify(arn)} is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`,
    );
  }
  return arn;
};

/**
 * Publishes one SNS message per scan: `Subject` is the digest subject,
 * `Message` the digest body, and every severity count becomes a `Number`
 * message attribute so subscription filter policies can select, e.g.,
 * scans with `new_critical > 0`.
 *
 * @example
 * const notifier = new SnsNotifier(new SNSClient({}), 'arn:aws:sns:eu-west-1:111122223333:eks-netscan');
 */
class SnsNotifier implements Notifier {
  readonly topicArn: string;
  readonly #client: SNSClient;

  constructor(client: SNSClient, topicArn: string) {
    this.#client = client;
    this.topicArn = validateTopicArn(topicArn, 'SnsNotifier topicArn');
  }

  /** {@inheritDoc Notifier.notify} */
  async notify(notification: Notification): Promise<void> {
    const attributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(notification.attributes)) {
      attributes[name] = { DataType: 'Number', StringValue: String(value) };
    }
    try {
      await this.#client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          // SNS rejects subjects of 100 characters or more and line breaks.
          Subject: notification.subject.replace(/\s+/g, ' ').slice(0, 99),
          Message: notification.body,
          MessageAttributes: attributes,
        }),
      );
    } catch (error) {
      const code =
        (error as { Code?: string; name?: string }).Code ??
        (error as Error).name;
      throw new SinkError(
        `cannot publish to ${this.topicArn}: ${code}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}

export { SnsNotifier, validateTopicArn };
