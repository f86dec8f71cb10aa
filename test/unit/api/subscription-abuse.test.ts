import {
  AuthorizationErrorException,
  GetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { SnsEmailSubscriber } from '../../../shared/adapters/aws/sns-email-subscriber.js';
import { MemoryRateLimiter } from '../../../shared/api/subscriptions/memory-rate-limiter.js';
import { SubscriptionService } from '../../../shared/api/subscriptions/subscription-service.js';
import { apiEvent, makeDeps, type TestDeps } from './fixtures.js';

// What a stranger can do to someone else's address, through the Lambda handler with the default limits.

let deps: TestDeps;
let handle: ReturnType<typeof createApiHandler>;

beforeEach(() => {
  deps = makeDeps();
  handle = createApiHandler(deps);
});

async function call(event: APIGatewayProxyEventV2) {
  const result = await handle(event);
  const headers = (result.headers ?? {}) as Record<string, string>;
  return { status: result.statusCode ?? 0, headers, json: JSON.parse(result.body ?? 'null') };
}

const subscribe = (body: unknown, sourceIp: string) =>
  call(
    apiEvent('POST', '/subscriptions', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      sourceIp,
    }),
  );

const STRANGER = '203.0.113.66';
const VICTIM = '198.51.100.20';
const mailsTo = (email: string) => deps.subscriber.confirmationsSent.filter((e) => e === email).length;

describe('lock-out: a stranger naming an address', () => {
  it("never makes the owner's own request answer 429, and mails the address at most once", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await subscribe({ email: 'victim@example.com' }, STRANGER)).status).toBe(202);
    }
    const own = await subscribe({ email: 'victim@example.com' }, VICTIM);
    expect(own.status).toBe(202);
    expect(own.json).toEqual({ status: 'pending_confirmation' });
    expect(mailsTo('victim@example.com')).toBe(1);
  });

  it('bounds the confirmation emails an address gets in a day, one an hour at most', async () => {
    // 03:10 to 23:10 UTC: one daily window of the per-recipient budget.
    for (let hour = 0; hour <= 20; hour++) {
      deps.clock = new Date(Date.parse('2026-03-15T03:10:00.000Z') + hour * 3600_000);
      for (let i = 0; i < 3; i++) await subscribe({ email: 'victim@example.com' }, `203.0.113.${hour}`);
    }
    expect(mailsTo('victim@example.com')).toBe(3);
    const own = await subscribe({ email: 'victim@example.com' }, VICTIM);
    expect(own.status).toBe(202);
  });

  it('shares one mailbox budget between +tag variants of an address, without touching the plain one', async () => {
    for (let i = 0; i < 30; i++) {
      await subscribe({ email: `victim+${i}@example.com` }, `203.0.113.${i}`);
    }
    const variants = deps.subscriber.confirmationsSent.filter((e) => e.startsWith('victim+')).length;
    expect(variants).toBe(10);
    expect((await subscribe({ email: 'victim@example.com' }, VICTIM)).json).toEqual({
      status: 'pending_confirmation',
    });
    expect(mailsTo('victim@example.com')).toBe(1);
  });
});

describe('filter squatting', () => {
  it('refuses statuses that are never sent to subscribers', async () => {
    const res = await subscribe({ email: 'victim@example.com', statuses: ['unknown'] }, STRANGER);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: {
        code: 'bad_parameter',
        message: 'statuses[0]: must be one of up, degraded, maintenance, down',
      },
    });
    expect(deps.subscriber.confirmationsSent).toEqual([]);
  });

  it("lets the latest request replace a filter no one confirmed, so the owner's wish is what they confirm", async () => {
    expect((await subscribe({ email: 'victim@example.com', statuses: ['up'] }, STRANGER)).status).toBe(202);
    const own = await subscribe({ email: 'victim@example.com', statuses: ['down', 'up'] }, VICTIM);
    expect(own.status).toBe(202);
    expect(own.json).toEqual({ status: 'pending_confirmation' });
    deps.subscriber.confirm('victim@example.com');
    const arn = 'arn:memory:sns:alerts:1';
    expect((await deps.subscriber.describe(arn))?.filterPolicy).toBe('{"status":["down","up"]}');
    // Every status, asked for by the owner, replaces a stranger's filter as well.
    await subscribe({ email: 'other@example.com', statuses: ['maintenance'] }, STRANGER);
    await subscribe({ email: 'other@example.com' }, VICTIM);
    expect((await deps.subscriber.describe('arn:memory:sns:alerts:2'))?.filterPolicy).toBeNull();
  });

  it('answers 409 only for a filter its owner confirmed', async () => {
    await subscribe({ email: 'victim@example.com', statuses: ['down'] }, VICTIM);
    deps.subscriber.confirm('victim@example.com');
    const res = await subscribe({ email: 'victim@example.com', statuses: ['up'] }, STRANGER);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
    expect((await deps.subscriber.describe('arn:memory:sns:alerts:1'))?.filterPolicy).toBe(
      '{"status":["down"]}',
    );
    expect((await subscribe({ email: 'victim@example.com', statuses: ['down'] }, STRANGER)).json).toEqual({
      status: 'subscribed',
    });
  });
});

describe('global denial', () => {
  it('keeps subscriptions open for a newcomer after 150 requests from 15 addresses', async () => {
    for (let source = 0; source < 15; source++) {
      for (let i = 0; i < 10; i++) {
        const res = await subscribe({ email: `flood${source}-${i}@example.com` }, `192.0.2.${source}`);
        expect(res.status).toBe(202);
      }
    }
    const own = await subscribe({ email: 'victim@example.com' }, VICTIM);
    expect(own.status).toBe(202);
    expect(own.json).toEqual({ status: 'pending_confirmation' });
    expect(mailsTo('victim@example.com')).toBe(1);
  });

  it('bounds the emails a flood from many sources makes the account send, answering "deferred" past it', async () => {
    const answers = new Map<string, number>();
    for (let source = 0; source < 600; source++) {
      const ip = `10.${Math.floor(source / 250)}.${source % 250}.1`;
      const res = await subscribe({ email: `flood${source}@example.com` }, ip);
      expect(res.status).toBe(202);
      answers.set(res.json.status, (answers.get(res.json.status) ?? 0) + 1);
      if (res.json.status === 'deferred') expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(deps.subscriber.confirmationsSent).toHaveLength(500);
    expect(answers.get('deferred')).toBe(100);
  });

  it('counts an IPv6 /64 as one source, and an IPv4-mapped address as its IPv4 address', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 11; i++) {
      statuses.push(
        (await subscribe({ email: `v6-${i}@example.com` }, `2001:db8:1:2::${i.toString(16)}`)).status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect((await subscribe({ email: 'v6-x@example.com' }, '2001:db8:1:3::1')).status).toBe(202);

    for (let i = 0; i < 10; i++) await subscribe({ email: `v4-${i}@example.com` }, '192.0.2.200');
    const mapped = await subscribe({ email: 'v4-x@example.com' }, '::ffff:192.0.2.200');
    expect(mapped.status).toBe(429);
    expect(mapped.json.error.code).toBe('too_many_requests');
    expect(Number(mapped.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('SNS failing after it mailed the confirmation', () => {
  it('answers 202, logs the failure, and does not mail again on a retry', async () => {
    const topic = 'arn:aws:sns:ap-southeast-1:123456789012:alerts';
    const sns = mockClient(SNSClient);
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: `${topic}:0b1c2d3e-0000-4000-8000-000000000001` });
    sns.on(GetSubscriptionAttributesCommand).rejects(
      new AuthorizationErrorException({
        $metadata: {},
        message: 'not authorized to perform sns:GetSubscriptionAttributes',
      }),
    );
    try {
      (deps as { subscriptions: SubscriptionService }).subscriptions = new SubscriptionService({
        subscriber: new SnsEmailSubscriber({
          client: new SNSClient({ region: 'ap-southeast-1' }),
          topicArn: topic,
        }),
        store: deps.subscriptionStore,
        limiter: new MemoryRateLimiter(),
        now: () => deps.clock,
      });
      handle = createApiHandler(deps);
      const res = await subscribe({ email: 'victim@example.com' }, VICTIM);
      expect(res.status).toBe(202);
      expect(res.json).toEqual({ status: 'pending_confirmation' });
      expect(deps.errors).toHaveLength(1);
      expect(JSON.stringify(deps.errors[0]?.details)).toContain('sns:GetSubscriptionAttributes');
      // A retry starts from the stored record: the still-denied read is a logged server fault, not a second email.
      const retry = await subscribe({ email: 'victim@example.com' }, VICTIM);
      expect(retry.status).toBe(500);
      expect(retry.json.error.code).toBe('internal_error');
      expect(sns.commandCalls(SubscribeCommand)).toHaveLength(1);
    } finally {
      sns.restore();
    }
  });
});
