import {
  GetSubscriptionAttributesCommand,
  InvalidParameterException,
  NotFoundException,
  SNSClient,
  SubscribeCommand,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  canonicalFilterPolicy,
  filterPolicyOf,
  SubscriberThrottledError,
  SubscriptionConflictError,
} from '../../../shared/api/subscriptions/email-subscriber.js';
import { SnsEmailSubscriber } from '../../../shared/api/subscriptions/sns-email-subscriber.js';

const TOPIC = 'arn:aws:sns:ap-southeast-1:123456789012:alerts';
const SUB = `${TOPIC}:0b1c2d3e-0000-4000-8000-000000000001`;
const sns = mockClient(SNSClient);
let subscriber: SnsEmailSubscriber;

beforeEach(() => {
  sns.reset();
  subscriber = new SnsEmailSubscriber({
    client: new SNSClient({ region: 'ap-southeast-1' }),
    topicArn: TOPIC,
  });
});
afterEach(() => sns.reset());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('resolved');
}

describe('SnsEmailSubscriber', () => {
  it('subscribes with a filter policy on message attributes and reads back the pending state', async () => {
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB });
    sns
      .on(GetSubscriptionAttributesCommand)
      .resolves({ Attributes: { PendingConfirmation: 'true', FilterPolicy: '{"status": ["up", "down"]}' } });
    expect(await subscriber.subscribe('a@example.com', ['up', 'down'])).toEqual({
      arn: SUB,
      pending: true,
      filterPolicy: '{"status":["down","up"]}',
    });
    expect(sns.commandCalls(SubscribeCommand)[0]?.args[0].input).toEqual({
      TopicArn: TOPIC,
      Protocol: 'email',
      Endpoint: 'a@example.com',
      ReturnSubscriptionArn: true,
      Attributes: { FilterPolicy: '{"status":["down","up"]}', FilterPolicyScope: 'MessageAttributes' },
    });
    expect(sns.commandCalls(GetSubscriptionAttributesCommand)[0]?.args[0].input).toEqual({
      SubscriptionArn: SUB,
    });
  });

  it('sends no attributes without a filter, so an existing unfiltered subscription matches', async () => {
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB });
    sns.on(GetSubscriptionAttributesCommand).resolves({ Attributes: { PendingConfirmation: 'false' } });
    expect(await subscriber.subscribe('a@example.com', null)).toEqual({
      arn: SUB,
      pending: false,
      filterPolicy: null,
    });
    expect(sns.commandCalls(SubscribeCommand)[0]?.args[0].input.Attributes).toBeUndefined();
  });

  it('maps "already exists with different attributes" to a conflict and throttling to a retry', async () => {
    sns.on(SubscribeCommand).rejects(
      new InvalidParameterException({
        $metadata: {},
        message:
          'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
      }),
    );
    expect(await rejection(subscriber.subscribe('a@example.com', ['down']))).toBeInstanceOf(
      SubscriptionConflictError,
    );
    sns.on(SubscribeCommand).rejects(new ThrottledException({ $metadata: {}, message: 'Rate exceeded' }));
    expect(await rejection(subscriber.subscribe('a@example.com', ['down']))).toBeInstanceOf(
      SubscriberThrottledError,
    );
  });

  it('lets other SNS failures through as they are', async () => {
    const failure = new InvalidParameterException({
      $metadata: {},
      message: 'Invalid parameter: Email address',
    });
    sns.on(SubscribeCommand).rejects(failure);
    expect(await rejection(subscriber.subscribe('a@example.com', null))).toBe(failure);
  });

  it('refuses an answer without a subscription ARN', async () => {
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: 'pending confirmation' });
    expect(String(await rejection(subscriber.subscribe('a@example.com', null)))).toContain(
      'no subscription ARN',
    );
  });

  it('describes a vanished subscription as null', async () => {
    sns
      .on(GetSubscriptionAttributesCommand)
      .rejects(new NotFoundException({ $metadata: {}, message: 'not found' }));
    expect(await subscriber.describe(SUB)).toBeNull();
  });
});

describe('filter policies', () => {
  it('writes one canonical form and reads SNS’s back into it', () => {
    expect(filterPolicyOf(null)).toBeNull();
    expect(filterPolicyOf(['up', 'down', 'up'])).toBe('{"status":["down","up"]}');
    expect(canonicalFilterPolicy(undefined)).toBeNull();
    expect(canonicalFilterPolicy('')).toBeNull();
    expect(canonicalFilterPolicy('{ "status" : [ "up", "down" ] }')).toBe('{"status":["down","up"]}');
    expect(canonicalFilterPolicy('{"target":["svc"]}')).toBe('{"target":["svc"]}');
  });
});
