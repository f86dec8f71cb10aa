import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { serializeEnvelope } from '../../channels/channel-envelope.js';
import type { ChannelEnvelope, RetryQueue } from '../../channels/channel-notifier.js';

/** The message attribute that tells a person why a delivery was set aside. */
export const DEAD_LETTER_REASON_ATTRIBUTE = 'reason';

/**
 * Retries go back to the notifier's own queue with a delay; deliveries set aside go to the dead-letter queue with
 * their reason, where the alarm on its depth tells the operators.
 */
export class SqsRetryQueue implements RetryQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly deadLetterQueueUrl: string,
  ) {}

  async retry(
    envelope: Extract<ChannelEnvelope, { kind: 'channel-retry' }>,
    delaySeconds: number,
  ): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: serializeEnvelope(envelope),
        DelaySeconds: Math.max(0, Math.min(900, Math.round(delaySeconds))),
      }),
    );
  }

  async deadLetter(envelope: ChannelEnvelope, reason: string): Promise<void> {
    await this.setAside(serializeEnvelope(envelope), reason);
  }

  /** A message as it came (one nobody could read included), with the reason it was set aside. */
  async setAside(body: string, reason: string): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.deadLetterQueueUrl,
        MessageBody: body === '' ? '(empty)' : body,
        MessageAttributes: {
          [DEAD_LETTER_REASON_ATTRIBUTE]: {
            DataType: 'String',
            StringValue: reason.slice(0, 1000) || 'unknown',
          },
        },
      }),
    );
  }
}
