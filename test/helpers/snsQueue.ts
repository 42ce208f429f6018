/**
 * An SNS topic with an SQS queue subscribed to it, in moto: how tests read
 * back what a notifier published.
 */
import {
  CreateTopicCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { testCredentials } from './moto.js';

/**
 * Creates topic `topicName` and queue `queueName` and subscribes the queue
 * to the topic.
 *
 * @returns the topic ARN and the queue URL to receive from with `sqs`.
 */
const createSubscribedQueue = async (
  endpoint: string,
  sqs: SQSClient,
  topicName: string,
  queueName: string,
): Promise<{ topicArn: string; queueUrl: string }> => {
  const sns = new SNSClient({ ...testCredentials, endpoint });
  try {
    const topicArn =
      (await sns.send(new CreateTopicCommand({ Name: topicName }))).TopicArn ??
      '';
    const queueUrl =
      (await sqs.send(new CreateQueueCommand({ QueueName: queueName })))
        .QueueUrl ?? '';
    const queueArn =
      (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrl,
            AttributeNames: ['QueueArn'],
          }),
        )
      ).Attributes?.QueueArn ?? '';
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queueArn,
      }),
    );
    return { topicArn, queueUrl };
  } finally {
    sns.destroy();
  }
};

export { createSubscribedQueue };
