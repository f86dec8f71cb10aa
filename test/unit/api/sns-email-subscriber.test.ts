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
  deliversNothing,
  FilterPolicyTooLargeError,
  filterCombinations,
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
    expect(await subscriber.subscribe('a@example.com', { statuses: ['up', 'down'], targets: null })).toEqual({
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

  it('subscribes with a policy on both the status and target attributes', async () => {
    const policy = '{"status":["down"],"target":["buat-faktur","efaktur-web"]}';
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB });
    sns.on(GetSubscriptionAttributesCommand).resolves({
      Attributes: {
        PendingConfirmation: 'true',
        FilterPolicy: '{"target":["efaktur-web","buat-faktur"],"status":["down"]}',
      },
    });
    const filter = { statuses: ['down'], targets: ['efaktur-web', 'buat-faktur'] } as const;
    expect(await subscriber.subscribe('a@example.com', filter)).toEqual({
      arn: SUB,
      pending: true,
      filterPolicy: policy,
    });
    expect(sns.commandCalls(SubscribeCommand)[0]?.args[0].input.Attributes).toEqual({
      FilterPolicy: policy,
      FilterPolicyScope: 'MessageAttributes',
    });
    expect(sns.commandCalls(SetSubscriptionAttributesCommand)).toHaveLength(0);
  });

  it('replaces a pending status filter with one on both keys before mailing again', async () => {
    sns.on(SetSubscriptionAttributesCommand).resolves({});
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB });
    const existing = { arn: SUB, pending: true, filterPolicy: '{"status":["down"]}' };
    const filter = { statuses: ['down'], targets: ['buat-faktur'] } as const;
    await subscriber.subscribe('a@example.com', filter, { existing });
    expect(sns.commandCalls(SetSubscriptionAttributesCommand)[0]?.args[0].input).toEqual({
      SubscriptionArn: SUB,
      AttributeName: 'FilterPolicy',
      AttributeValue: '{"status":["down"],"target":["buat-faktur"]}',
    });
  });

  it('sends no attributes without a filter, so an existing unfiltered subscription matches', async () => {
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB });
    sns.on(GetSubscriptionAttributesCommand).resolves({ Attributes: { PendingConfirmation: 'false' } });
    expect(await subscriber.subscribe('a@example.com', { statuses: null, targets: null })).toEqual({
      arn: SUB,
      pending: false,
      filterPolicy: null,
    });
    expect(sns.commandCalls(SubscribeCommand)[0]?.args[0].input.Attributes).toBeUndefined();
  });

  it('maps throttling to a retry and lets other failures before any email through as they are', async () => {
    sns.on(SubscribeCommand).rejects(new ThrottledException({ $metadata: {}, message: 'Rate exceeded' }));
    expect(
      await rejection(subscriber.subscribe('a@example.com', { statuses: ['down'], targets: null })),
    ).toBeInstanceOf(SubscriberThrottledError);
    const failure = new InvalidParameterException({
      $metadata: {},
      message: 'Invalid parameter: Email address',
    });
    sns.on(SubscribeCommand).rejects(failure);
    expect(await rejection(subscriber.subscribe('a@example.com', { statuses: null, targets: null }))).toBe(
      failure,
    );
  });

  it('replaces the filter of a pending subscription before mailing it again, without attributes', async () => {
    sns.on(SetSubscriptionAttributesCommand).resolves({});
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB });
    const existing = { arn: SUB, pending: true, filterPolicy: '{"status":["unknown"]}' };
    expect(
      await subscriber.subscribe('a@example.com', { statuses: ['down'], targets: null }, { existing }),
    ).toEqual({
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
    await subscriber.subscribe(
      'a@example.com',
      { statuses: null, targets: null },
      { existing, sendConfirmation: false },
    );
    expect(sns.commandCalls(SetSubscriptionAttributesCommand)[0]?.args[0].input.AttributeValue).toBe('{}');
    expect(sns.commandCalls(SubscribeCommand)).toHaveLength(0);
  });

  it('leaves a confirmed subscription alone and mails nothing', async () => {
    const existing = { arn: SUB, pending: false, filterPolicy: '{"status":["up"]}' };
    expect(
      await subscriber.subscribe('a@example.com', { statuses: ['down'], targets: null }, { existing }),
    ).toEqual(existing);
    expect(sns.calls()).toHaveLength(0);
  });

  it('gives a confirmed subscription whose filter delivers nothing the filter asked for, mailing nothing', async () => {
    sns.on(SetSubscriptionAttributesCommand).resolves({});
    const existing = { arn: SUB, pending: false, filterPolicy: '{"status":["unknown"]}' };
    expect(
      await subscriber.subscribe(
        'a@example.com',
        { statuses: ['down'], targets: null },
        { existing, sendConfirmation: false },
      ),
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
    expect(
      String(
        await rejection(
          subscriber.subscribe('a@example.com', { statuses: ['down'], targets: null }, { existing }),
        ),
      ),
    ).toContain('AuthorizationError');
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
    expect(await subscriber.subscribe('a@example.com', { statuses: ['down'], targets: null })).toEqual({
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
    expect(await subscriber.subscribe('a@example.com', { statuses: ['down'], targets: null })).toEqual({
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
      const error = await rejection(
        subscriber.subscribe('a@example.com', { statuses: ['down'], targets: null }),
      );
      expect(error).toBeInstanceOf(SubscriptionStateUnknownError);
      expect(error).toMatchObject({ arn: SUB });
    },
  );

  it('reports an answer without a subscription ARN as a state unknown', async () => {
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: 'pending confirmation' });
    const error = await rejection(subscriber.subscribe('a@example.com', { statuses: null, targets: null }));
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
    expect(filterPolicyOf({ statuses: null, targets: null })).toBeNull();
    expect(filterPolicyOf({ statuses: ['up', 'down', 'up'], targets: null })).toBe(
      '{"status":["down","up"]}',
    );
    expect(canonicalFilterPolicy(undefined)).toBeNull();
    expect(canonicalFilterPolicy('')).toBeNull();
    expect(canonicalFilterPolicy('{ "status" : [ "up", "down" ] }')).toBe('{"status":["down","up"]}');
    expect(canonicalFilterPolicy('{"target":["svc"]}')).toBe('{"target":["svc"]}');
  });

  it.each([
    ['targets only', { statuses: null, targets: ['web', 'buat', 'web'] }, '{"target":["buat","web"]}'],
    [
      'both keys, status first',
      { statuses: ['up', 'down'], targets: ['web', 'buat'] },
      '{"status":["down","up"],"target":["buat","web"]}',
    ],
  ] as const)('writes %s in canonical form', (_, filter, policy) => {
    expect(filterPolicyOf(filter)).toBe(policy);
  });

  it.each([
    [
      'keys in the other order',
      '{"target":["web","buat"],"status":["up","down"]}',
      '{"status":["down","up"],"target":["buat","web"]}',
    ],
    ['duplicates and spaces', '{ "target" : ["web", "web"] }', '{"target":["web"]}'],
    ['another key, kept as it is', '{"target":["web"],"region":["x"]}', '{"target":["web"],"region":["x"]}'],
    ['an empty list, kept as it is', '{"target":[]}', '{"target":[]}'],
    ['a non-string value, kept as it is', '{"target":[1]}', '{"target":[1]}'],
  ])('reads back %s', (_, raw, canonical) => {
    expect(canonicalFilterPolicy(raw)).toBe(canonical);
  });

  it('refuses a filter past SNS’s 150 value combinations, and counts as SNS does', () => {
    const targets = Array.from({ length: 38 }, (_, i) => `t${i}`);
    expect(
      filterCombinations({
        statuses: ['up', 'down', 'degraded', 'maintenance'],
        targets: targets.slice(0, 37),
      }),
    ).toBe(148);
    expect(
      filterPolicyOf({ statuses: ['up', 'down', 'degraded', 'maintenance'], targets: targets.slice(0, 37) }),
    ).not.toBeNull();
    expect(() => filterPolicyOf({ statuses: ['up', 'down', 'degraded', 'maintenance'], targets })).toThrow(
      FilterPolicyTooLargeError,
    );
    expect(filterCombinations({ statuses: null, targets: [...targets, 't0'] })).toBe(38);
    expect(filterCombinations({ statuses: ['up', 'up'], targets: null })).toBe(1);
  });

  it.each([
    ['unknown alone', '{"status":["unknown"]}', true],
    ['unknown alone, with targets', '{"status":["unknown"],"target":["web"]}', true],
    ['a status an alert carries, with targets', '{"status":["down"],"target":["web"]}', false],
    ['targets alone', '{"target":["web"]}', false],
    ['another key', '{"status":["unknown"],"region":["x"]}', false],
    ['every alert', null, false],
  ])('deliversNothing: %s → %s', (_, policy, nothing) => {
    expect(deliversNothing(policy)).toBe(nothing);
  });
});
