import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertPublisher } from '../../alerts/alert-publisher.js';
import { formatAlert } from '../../alerts/format-message.js';
import type { Deadline } from '../../calendar/deadline-calendar.js';
import { transitionEnvelope } from '../../channels/channel-envelope.js';
import type { Locale, Transition } from '../../types.js';

/** A transition for operators only (to or from `unknown`) was handed to the subscribers' topic. */
export class NotForSubscribersError extends Error {
  constructor(readonly transition: Pick<Transition, 'targetId' | 'at'>) {
    super(`transition of ${transition.targetId} at ${transition.at} is not for subscribers`);
    this.name = 'NotForSubscribersError';
  }
}

/** SNS accepted the publish but returned no message id. */
export class PublishRejectedError extends Error {
  constructor(readonly targetId: string) {
    super(`SNS returned no message id for a transition of ${targetId}`);
    this.name = 'PublishRejectedError';
  }
}

export interface SnsAlertPublisherOptions {
  readonly client: SNSClient;
  readonly topicArn: string;
  readonly locale: Locale;
  /** Display names by target id (and by `group:<id>` for service groups); one without is named by its id. */
  readonly targetNames: Readonly<Record<string, string>>;
  /** Public base URL of the status API (omitted from messages when absent). */
  readonly statusUrl?: string;
  readonly dashboardUrl?: string;
  /** Every region probes from one machine (local mode): the messages say so. @default false */
  readonly oneMachine?: boolean;
  /** Filing deadlines: a failure in a marked period says so. @default none */
  readonly deadlines?: readonly Deadline[];
}

/**
 * One SNS publish per transition: `MessageStructure: 'json'` with `default`, `email`, `sms` and `sqs` bodies, a subject,
 * and the `target`, `status` and `previousStatus` attributes that subscription filter policies select on.
 */
export class SnsAlertPublisher implements AlertPublisher {
  constructor(private readonly options: SnsAlertPublisherOptions) {}

  async publish(transition: Transition): Promise<string> {
    if (transition.audience === 'ops') throw new NotForSubscribersError(transition);
    const { client, topicArn, locale, targetNames, statusUrl, dashboardUrl, oneMachine, deadlines } =
      this.options;
    const message = formatAlert(transition, {
      locale,
      targetName: targetNames[transition.targetId] ?? transition.targetId,
      names: targetNames,
      ...(statusUrl !== undefined && { statusUrl }),
      ...(dashboardUrl !== undefined && { dashboardUrl }),
      ...(oneMachine === true && { oneMachine }),
      ...(deadlines !== undefined && { deadlines }),
    });
    const { MessageId } = await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        MessageStructure: 'json',
        Subject: message.subject,
        // `sqs`: the chat channels' queue gets the transition itself, which the notifier formats per channel.
        Message: JSON.stringify({
          default: message.default,
          email: message.email,
          sms: message.sms,
          sqs: transitionEnvelope(transition),
        }),
        MessageAttributes: {
          target: { DataType: 'String', StringValue: message.attributes.target },
          status: { DataType: 'String', StringValue: message.attributes.status },
          previousStatus: { DataType: 'String', StringValue: message.attributes.previousStatus },
        },
      }),
    );
    if (MessageId === undefined) throw new PublishRejectedError(transition.targetId);
    return MessageId;
  }
}
