import { SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConfigError, isSinkError } from '../../../lib/errors.js';
import {
  SnsNotifier,
  validateTopicArn,
} from '../../../lib/notify/snsNotifier.js';
import type { Notification } from '../../../lib/notify/types.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../../helpers/moto.js';
import { createSubscribedQueue } from '../../helpers/snsQueue.js';

const notification: Notification = {
  subject: 'eks-netscan: 1 new critical in 2 accounts',
  body: 'Coverage: 4 of 4 targets scanned.\n\nNEW\n- critical NET-EP-001 ...\n',
  attributes: { new_critical: 1, new_high: 0, failed_targets: 0 },
};

describe('SnsNotifier', () => {
  let moto: MotoServer;
  let sns: SNSClient;
  let sqs: SQSClient;
  let topicArn: string;
  let queueUrl: string;

  beforeAll(async () => {
    moto = await startMoto();
    const aws = { ...testCredentials, endpoint: moto.endpoint };
    sns = new SNSClient(aws);
    sqs = new SQSClient(aws);
    ({ topicArn, queueUrl } = await createSubscribedQueue(
      moto.endpoint,
      sqs,
      'digest',
      'digest',
    ));
  });

  afterAll(async () => {
    sns?.destroy();
    sqs?.destroy();
    await moto?.stop();
  });

  it('publishes subject, body and Number attributes a subscriber receives', async () => {
    // Prepare
    const notifier = new SnsNotifier(sns, topicArn);

    // Act
    await notifier.notify(notification);
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl }),
    );

    // Assess
    const envelope = JSON.parse(received.Messages?.[0]?.Body ?? '{}');
    expect(envelope.Subject).toBe(notification.subject);
    expect(envelope.Message).toBe(notification.body);
    expect(envelope.MessageAttributes).toEqual({
      new_critical: { Type: 'Number', Value: '1' },
      new_high: { Type: 'Number', Value: '0' },
      failed_targets: { Type: 'Number', Value: '0' },
    });
  });

  it('fails with a SinkError naming the topic when the topic does not exist', async () => {
    // Prepare
    const missing = 'arn:aws:sns:us-east-1:123456789012:no-such-topic';
    const notifier = new SnsNotifier(sns, missing);

    // Act
    const error = await notifier.notify(notification).catch((e: unknown) => e);

    // Assess
    expect(isSinkError(error)).toBe(true);
    expect((error as Error).message).toContain(
      `cannot publish to ${missing}: `,
    );
  });
});

describe('validateTopicArn', () => {
  it.each([
    'arn:aws:sns:eu-west-1:111122223333:eks-netscan',
    'arn:aws-us-gov:sns:us-gov-west-1:111122223333:digest.fifo',
  ])('accepts %s', (arn) => {
    // Act + Assess
    expect(validateTopicArn(arn)).toBe(arn);
  });

  it.each([
    'eks-netscan',
    'arn:aws:sqs:eu-west-1:111122223333:queue',
    'arn:aws:sns:eu-west-1:1111:topic',
    'arn:aws:sns:eu-west-1:111122223333:bad name',
  ])('rejects %s with a ConfigError naming the flag', (arn) => {
    // Act
    let error: unknown;
    try {
      validateTopicArn(arn, '--sns-topic');
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^--sns-topic: .* is not an SNS topic ARN/,
    );
  });
});
