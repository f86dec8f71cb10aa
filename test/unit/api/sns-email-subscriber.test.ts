import {
  GetSubscriptionAttributesCommand,
  InvalidParameterException,
  NotFoundException,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnsEmailSubscriber } from '../../../shared/adapters/aws/sns-email-subscriber.js';
import {
  canonicalFilterPolicy,
  filterPolicyOf,
  SubscriberThrottledError,
  SubscriptionStateUnknownError,
} from '../../../shared/api/subscriptions/email-subscriber.js';

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

  it('maps throttling to a retry and lets other failures before any email through as they are', async () => {
    sns.on(SubscribeCommand).rejects(new ThrottledException({ $metadata: {}, message: 'Rate exceeded' }));
    expect(await rejection(subscriber.subscribe('a@example.com', ['down']))).toBeInstanceOf(
      SubscriberThrottledError,
    );
    const failure = new InvalidParameterException({
      $metadata: {},
      message: 'Invalid parameter: Email address',
    });
    sns.on(SubscribeCommand).rejects(failure);
    expect(await rejection(subscriber.subscribe('a@example.com', null))).toBe(failure);
  });

  it('replaces the filter of a pending subscription before mailing it again, without attributes', async () => {
    sns.on(SetSubscriptionAttributesCommand).resolves({});
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB });
    const existing = { arn: SUB, pending: true, filterPolicy: '{"status":["unknown"]}' };
    expect(await subscriber.subscribe('a@example.com', ['down'], { existing })).toEqual({
      arn: SUB,
      pending: true,
      filterPolicy: '{"status":["down"]}',
    });
    const calls = sns.calls().map((c) => c.args[0].constructor.name);
    expect(calls).toEqual(['SetSubscriptionAttributesCommand', 'SubscribeCommand']);
    expect(sns.commandCalls(SetSubscriptionAttributesCommand)[0]?.args[0].input).toEqual({
      SubscriptionArn: SUB,
      AttributeName: 'FilterPolicy',
      AttributeValue: '{"status":["down"]}',
    });
    expect(sns.commandCalls(SubscribeCommand)[0]?.args[0].input.Attributes).toBeUndefined();
  });

  it('clears a pending filter for every status, and mails nothing when told not to', async () => {
    sns.on(SetSubscriptionAttributesCommand).resolves({});
    const existing = { arn: SUB, pending: true, filterPolicy: '{"status":["up"]}' };
    await subscriber.subscribe('a@example.com', null, { existing, sendConfirmation: false });
    expect(sns.commandCalls(SetSubscriptionAttributesCommand)[0]?.args[0].input.AttributeValue).toBe('{}');
    expect(sns.commandCalls(SubscribeCommand)).toHaveLength(0);
  });

  it('leaves a confirmed subscription alone and mails nothing', async () => {
    const existing = { arn: SUB, pending: false, filterPolicy: '{"status":["up"]}' };
    expect(await subscriber.subscribe('a@example.com', ['down'], { existing })).toEqual(existing);
    expect(sns.calls()).toHaveLength(0);
  });

  it('gives a confirmed subscription whose filter delivers nothing the filter asked for, mailing nothing', async () => {
    sns.on(SetSubscriptionAttributesCommand).resolves({});
    const existing = { arn: SUB, pending: false, filterPolicy: '{"status":["unknown"]}' };
    expect(
      await subscriber.subscribe('a@example.com', ['down'], { existing, sendConfirmation: false }),
    ).toEqual({
      ...existing,
      filterPolicy: '{"status":["down"]}',
    });
    expect(sns.commandCalls(SetSubscriptionAttributesCommand)).toHaveLength(1);
    expect(sns.commandCalls(SubscribeCommand)).toHaveLength(0);
  });

  it('fails before any email when the filter cannot be replaced', async () => {
    sns.on(SetSubscriptionAttributesCommand).rejects(new Error('AuthorizationError'));
    const existing = { arn: SUB, pending: true, filterPolicy: null };
    expect(String(await rejection(subscriber.subscribe('a@example.com', ['down'], { existing })))).toContain(
      'AuthorizationError',
    );
    expect(sns.commandCalls(SubscribeCommand)).toHaveLength(0);
  });

  it('takes over a pending subscription it holds no ARN of, whose attributes differ', async () => {
    sns
      .on(SubscribeCommand)
      .rejectsOnce(
        new InvalidParameterException({
          $metadata: {},
          message:
            'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
        }),
      )
      .resolves({ SubscriptionArn: SUB });
    sns
      .on(GetSubscriptionAttributesCommand)
      .resolves({ Attributes: { PendingConfirmation: 'true', FilterPolicy: '{"status":["unknown"]}' } });
    sns.on(SetSubscriptionAttributesCommand).resolves({});
    expect(await subscriber.subscribe('a@example.com', ['down'])).toEqual({
      arn: SUB,
      pending: true,
      filterPolicy: '{"status":["down"]}',
    });
    expect(sns.commandCalls(SubscribeCommand)[1]?.args[0].input.Attributes).toBeUndefined();
    expect(sns.commandCalls(SetSubscriptionAttributesCommand)[0]?.args[0].input.AttributeValue).toBe(
      '{"status":["down"]}',
    );
  });

  it('returns a confirmed subscription with other attributes unchanged, for the caller to refuse', async () => {
    sns
      .on(SubscribeCommand)
      .rejectsOnce(
        new InvalidParameterException({
          $metadata: {},
          message: 'Subscription already exists with different attributes',
        }),
      )
      .resolves({ SubscriptionArn: SUB });
    sns
      .on(GetSubscriptionAttributesCommand)
      .resolves({ Attributes: { PendingConfirmation: 'false', FilterPolicy: '{"status":["up"]}' } });
    expect(await subscriber.subscribe('a@example.com', ['down'])).toEqual({
      arn: SUB,
      pending: false,
      filterPolicy: '{"status":["up"]}',
    });
    expect(sns.commandCalls(SetSubscriptionAttributesCommand)).toHaveLength(0);
  });

  it.each([
    ['denied', new Error('AuthorizationError: not authorized to perform sns:GetSubscriptionAttributes')],
    ['throttled', new ThrottledException({ $metadata: {}, message: 'Rate exceeded' })],
  ])(
    'reports a read-back that is %s after Subscribe as a state unknown, with the ARN',
    async (_name, failure) => {
      sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB });
      sns.on(GetSubscriptionAttributesCommand).rejects(failure);
      const error = await rejection(subscriber.subscribe('a@example.com', ['down']));
      expect(error).toBeInstanceOf(SubscriptionStateUnknownError);
      expect(error).toMatchObject({ arn: SUB });
    },
  );

  it('reports an answer without a subscription ARN as a state unknown', async () => {
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: 'pending confirmation' });
    const error = await rejection(subscriber.subscribe('a@example.com', null));
    expect(error).toBeInstanceOf(SubscriptionStateUnknownError);
    expect(String((error as Error).cause)).toContain('no ARN');
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
