import {
  GetSubscriptionAttributesCommand,
  InvalidParameterException,
  NotFoundException,
  type SNSClient,
  SubscribeCommand,
  ThrottledException,
} from '@aws-sdk/client-sns';
import type { ConsensusStatus } from '../../types.js';
import {
  canonicalFilterPolicy,
  type EmailSubscriber,
  type EmailSubscription,
  filterPolicyOf,
  SubscriberThrottledError,
  SubscriptionConflictError,
} from './email-subscriber.js';

export interface SnsEmailSubscriberOptions {
  readonly client: SNSClient;
  readonly topicArn: string;
}

const THROTTLE_RETRY_SECONDS = 60;

/**
 * Email subscriptions on the SNS alerts topic. SNS itself makes `Subscribe` idempotent per endpoint: the same
 * address gets the same subscription back (a pending one is sent a new confirmation email), and different
 * attributes for an existing subscription are refused with `InvalidParameter`.
 */
export class SnsEmailSubscriber implements EmailSubscriber {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(options: SnsEmailSubscriberOptions) {
    this.client = options.client;
    this.topicArn = options.topicArn;
  }

  async subscribe(email: string, statuses: readonly ConsensusStatus[] | null): Promise<EmailSubscription> {
    const filterPolicy = filterPolicyOf(statuses);
    let arn: string | undefined;
    try {
      ({ SubscriptionArn: arn } = await this.client.send(
        new SubscribeCommand({
          TopicArn: this.topicArn,
          Protocol: 'email',
          Endpoint: email,
          ReturnSubscriptionArn: true,
          // Attributes left out are not compared with an existing subscription's, so send none without a filter.
          ...(filterPolicy !== null && {
            Attributes: { FilterPolicy: filterPolicy, FilterPolicyScope: 'MessageAttributes' },
          }),
        }),
      ));
    } catch (error) {
      if (error instanceof InvalidParameterException && /different attributes/i.test(error.message)) {
        throw new SubscriptionConflictError();
      }
      if (error instanceof ThrottledException) throw new SubscriberThrottledError(THROTTLE_RETRY_SECONDS);
      throw error;
    }
    if (arn === undefined || !arn.startsWith('arn:')) {
      throw new Error(`SNS Subscribe returned no subscription ARN (${String(arn)})`);
    }
    const described = await this.describe(arn);
    if (described === null) throw new Error(`subscription ${arn} vanished right after Subscribe`);
    return described;
  }

  async describe(arn: string): Promise<EmailSubscription | null> {
    try {
      const { Attributes } = await this.client.send(
        new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }),
      );
      return {
        arn,
        pending: Attributes?.PendingConfirmation === 'true',
        filterPolicy: canonicalFilterPolicy(Attributes?.FilterPolicy),
      };
    } catch (error) {
      if (error instanceof NotFoundException) return null;
      if (error instanceof ThrottledException) throw new SubscriberThrottledError(THROTTLE_RETRY_SECONDS);
      throw error;
    }
  }
}
