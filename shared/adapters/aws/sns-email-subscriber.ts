import {
  GetSubscriptionAttributesCommand,
  InvalidParameterException,
  NotFoundException,
  SetSubscriptionAttributesCommand,
  type SNSClient,
  SubscribeCommand,
  ThrottledException,
} from '@aws-sdk/client-sns';
import {
  canonicalFilterPolicy,
  deliversNothing,
  type EmailSubscriber,
  type EmailSubscription,
  filterPolicyOf,
  type SubscribeOptions,
  SubscriberThrottledError,
  SubscriptionConflictError,
  type SubscriptionFilter,
  SubscriptionStateUnknownError,
} from '../../api/subscriptions/email-subscriber.js';

export interface SnsEmailSubscriberOptions {
  readonly client: SNSClient;
  readonly topicArn: string;
}

const THROTTLE_RETRY_SECONDS = 60;
/** What SetSubscriptionAttributes takes for "no filter": an empty policy matches every message. */
const NO_FILTER = '{}';

/**
 * Email subscriptions on the SNS alerts topic. SNS makes `Subscribe` idempotent per endpoint: the same address gets
 * the same subscription back (a pending one is mailed a new confirmation), attributes left out are not compared,
 * and different ones are refused with `InvalidParameter`. So a pending subscription's filter is replaced with
 * `SetSubscriptionAttributes` before `Subscribe` mails it again, and nothing is changed on a confirmed one.
 */
export class SnsEmailSubscriber implements EmailSubscriber {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(options: SnsEmailSubscriberOptions) {
    this.client = options.client;
    this.topicArn = options.topicArn;
  }

  async subscribe(
    email: string,
    filter: SubscriptionFilter,
    options: SubscribeOptions = {},
  ): Promise<EmailSubscription> {
    const wanted = filterPolicyOf(filter);
    const current = options.existing;
    if (current !== undefined) {
      if (!current.pending) {
        if (!deliversNothing(current.filterPolicy) || current.filterPolicy === wanted) return current;
        await this.setFilter(current.arn, wanted);
        return { ...current, filterPolicy: wanted };
      }
      // Nothing is mailed until the filter is right: a failure up to there leaves no email behind. Subscribe
      // then goes without attributes, which SNS does not compare with a filter it may still be propagating.
      if (current.filterPolicy !== wanted) await this.setFilter(current.arn, wanted);
      if (options.sendConfirmation === false) return { ...current, filterPolicy: wanted };
      const arn = await this.subscribeCall(email, null);
      if (arn !== current.arn) return this.settle(arn, wanted); // it vanished meanwhile: a new one was made
      return { ...current, filterPolicy: wanted };
    }
    let arn: string;
    try {
      arn = await this.subscribeCall(email, wanted);
    } catch (error) {
      if (!(error instanceof SubscriptionConflictError)) throw error;
      // A subscription this API holds no ARN of, with other attributes: without attributes, SNS returns its ARN
      // (and mails it again if it is pending, after which its filter is replaced).
      arn = await this.subscribeCall(email, null);
    }
    return this.settle(arn, wanted);
  }

  /** After a `Subscribe` that may have mailed: reads the subscription back and gives it `wanted` where it may. */
  private async settle(arn: string, wanted: string | null): Promise<EmailSubscription> {
    try {
      const described = await this.describe(arn);
      if (described === null) throw new Error(`subscription ${arn} vanished right after Subscribe`);
      if (described.filterPolicy === wanted) return described;
      if (!described.pending && !deliversNothing(described.filterPolicy)) return described;
      await this.setFilter(arn, wanted);
      return { ...described, filterPolicy: wanted };
    } catch (error) {
      throw new SubscriptionStateUnknownError(arn, error);
    }
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

  /** `Subscribe`, with the filter as attributes when there is one; returns the subscription ARN. */
  private async subscribeCall(email: string, filterPolicy: string | null): Promise<string> {
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
      // SNS accepted the request, so the confirmation email may be on its way.
      throw new SubscriptionStateUnknownError(
        null,
        new Error(`SNS Subscribe returned no ARN (${String(arn)})`),
      );
    }
    return arn;
  }

  private async setFilter(arn: string, filterPolicy: string | null): Promise<void> {
    try {
      await this.client.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: arn,
          AttributeName: 'FilterPolicy',
          AttributeValue: filterPolicy ?? NO_FILTER,
        }),
      );
    } catch (error) {
      if (error instanceof ThrottledException) throw new SubscriberThrottledError(THROTTLE_RETRY_SECONDS);
      throw error;
    }
  }
}
