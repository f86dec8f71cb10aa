import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  deliversNothing,
  type EmailSubscriber,
  SubscriberThrottledError,
  SubscriptionConflictError,
  SubscriptionStateUnknownError,
} from '../../../shared/api/subscriptions/email-subscriber.js';
import { MemoryEmailSubscriber } from '../../../shared/api/subscriptions/memory-email-subscriber.js';
import { MemoryRateLimiter } from '../../../shared/api/subscriptions/memory-rate-limiter.js';
import { MemorySubscriptionStore } from '../../../shared/api/subscriptions/memory-subscription-store.js';
import { mailboxOf, sourceKeyOf } from '../../../shared/api/subscriptions/source-key.js';
import {
  DEFAULT_SUBSCRIPTION_LIMITS,
  RateLimitedError,
  type SubscriptionLimits,
  SubscriptionService,
} from '../../../shared/api/subscriptions/subscription-service.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let clock: Date;
let subscriber: MemoryEmailSubscriber;
let store: MemorySubscriptionStore;

function service(limits: Partial<SubscriptionLimits> = {}, inner: EmailSubscriber = subscriber) {
  return new SubscriptionService({
    subscriber: inner,
    store,
    limiter: new MemoryRateLimiter(),
    now: () => clock,
    limits: { ...DEFAULT_SUBSCRIPTION_LIMITS, ...limits },
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('resolved');
}

beforeEach(() => {
  clock = new Date('2026-03-15T03:10:00.000Z');
  subscriber = new MemoryEmailSubscriber();
  store = new MemorySubscriptionStore();
});

const req = (
  email: string,
  statuses: ('up' | 'down')[] | null = null,
  sourceIp: string | null = '203.0.113.9',
) => ({ email, statuses, sourceIp });

describe('SubscriptionService', () => {
  it('mails a confirmation once, again only after the resend period, and reports confirmation', async () => {
    const s = service();
    expect(await s.subscribe(req('ani@example.com'))).toEqual({ status: 'pending_confirmation' });
    expect(await s.subscribe(req('ANI@example.com '))).toEqual({ status: 'pending_confirmation' });
    expect(subscriber.confirmationsSent).toEqual(['ani@example.com']);
    clock = new Date(clock.getTime() + 3600_000);
    expect(await s.subscribe(req('ani@example.com'))).toEqual({ status: 'pending_confirmation' });
    expect(subscriber.confirmationsSent).toEqual(['ani@example.com', 'ani@example.com']);
    subscriber.confirm('ani@example.com');
    expect(await s.subscribe(req('ani@example.com'))).toEqual({ status: 'subscribed' });
    expect(subscriber.confirmationsSent).toHaveLength(2);
  });

  it('subscribes anew after the recipient unsubscribed (the record is stale)', async () => {
    const s = service();
    await s.subscribe(req('ani@example.com'));
    subscriber.remove('ani@example.com');
    expect(await s.subscribe(req('ani@example.com'))).toEqual({ status: 'pending_confirmation' });
    expect(subscriber.confirmationsSent).toHaveLength(2);
  });

  it('replaces the filter of a pending subscription, without a new email inside the resend period', async () => {
    const s = service();
    await s.subscribe(req('ani@example.com', ['down']));
    expect(await s.subscribe(req('ani@example.com', ['up']))).toEqual({ status: 'pending_confirmation' });
    expect(subscriber.confirmationsSent).toEqual(['ani@example.com']);
    expect((await subscriber.describe('arn:memory:sns:alerts:1'))?.filterPolicy).toBe('{"status":["up"]}');
    expect((await store.get(sha256('ani@example.com')))?.filterPolicy).toBe('{"status":["up"]}');
  });

  it('keeps a confirmed target filter: another target set is a conflict, the same one in any order is not', async () => {
    const s = service();
    const withTargets = (targets: string[] | null) => ({ ...req('ani@example.com', ['down']), targets });
    await s.subscribe(withTargets(['buat-faktur', 'efaktur-web']));
    expect(subscriber.confirmationsSent).toEqual(['ani@example.com']);
    expect((await store.get(sha256('ani@example.com')))?.filterPolicy).toBe(
      '{"status":["down"],"target":["buat-faktur","efaktur-web"]}',
    );
    subscriber.confirm('ani@example.com');
    for (const other of [['buat-faktur'], null]) {
      expect(await rejection(s.subscribe(withTargets(other)))).toBeInstanceOf(SubscriptionConflictError);
    }
    expect(await s.subscribe(withTargets(['efaktur-web', 'buat-faktur', 'efaktur-web']))).toEqual({
      status: 'subscribed',
    });
    expect((await subscriber.describe('arn:memory:sns:alerts:1'))?.filterPolicy).toBe(
      '{"status":["down"],"target":["buat-faktur","efaktur-web"]}',
    );
  });

  it('gives a pending subscription the latest target filter', async () => {
    const s = service();
    await s.subscribe({ ...req('ani@example.com'), targets: ['buat-faktur'] });
    await s.subscribe({ ...req('ani@example.com'), targets: ['efaktur-web'] });
    expect((await subscriber.describe('arn:memory:sns:alerts:1'))?.filterPolicy).toBe(
      '{"target":["efaktur-web"]}',
    );
  });

  it('never changes the filter of a confirmed subscription', async () => {
    const s = service();
    await s.subscribe(req('ani@example.com', ['down']));
    subscriber.confirm('ani@example.com');
    const calls = vi.spyOn(subscriber, 'subscribe');
    expect(await rejection(s.subscribe(req('ani@example.com', ['up'])))).toBeInstanceOf(
      SubscriptionConflictError,
    );
    expect(await rejection(s.subscribe(req('ani@example.com')))).toBeInstanceOf(SubscriptionConflictError);
    expect(calls).not.toHaveBeenCalled();
    expect(await s.subscribe(req('ani@example.com', ['down']))).toEqual({ status: 'subscribed' });
  });

  it.each([
    ['recorded', true],
    ['not recorded', false],
  ])(
    'gives a confirmed subscription whose filter delivers nothing (%s) the filter asked for',
    async (_name, recorded) => {
      if (recorded) await service().subscribe({ ...req('ani@example.com'), statuses: ['unknown'] });
      else await subscriber.subscribe('ani@example.com', { statuses: ['unknown'], targets: null });
      subscriber.confirm('ani@example.com');
      expect(await service().subscribe(req('ani@example.com', ['down']))).toEqual({ status: 'subscribed' });
      expect((await subscriber.describe('arn:memory:sns:alerts:1'))?.filterPolicy).toBe(
        '{"status":["down"]}',
      );
      expect(subscriber.confirmationsSent).toEqual(['ani@example.com']);
      expect(await rejection(service().subscribe(req('ani@example.com', ['up'])))).toBeInstanceOf(
        SubscriptionConflictError,
      );
    },
  );

  it('detects a confirmed, filtered subscription it has no record of (e.g. made by the deployment)', async () => {
    await subscriber.subscribe('ani@example.com', { statuses: ['down'], targets: null });
    subscriber.confirm('ani@example.com');
    expect(await rejection(service().subscribe(req('ani@example.com')))).toBeInstanceOf(
      SubscriptionConflictError,
    );
    expect(subscriber.confirmationsSent).toEqual(['ani@example.com']);
  });

  it('refuses a source past its limit until the window ends, and no other source', async () => {
    const s = service({ perSource: { limit: 2, windowSeconds: 60 } });
    await s.subscribe(req('u1@example.com'));
    await s.subscribe(req('u2@example.com'));
    const error = await rejection(s.subscribe(req('u3@example.com')));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ scope: 'source', retryAfterSeconds: 60 });
    expect(await s.subscribe(req('u3@example.com', null, '203.0.113.10'))).toEqual({
      status: 'pending_confirmation',
    });
    clock = new Date('2026-03-15T03:11:00.000Z');
    expect(await s.subscribe(req('u4@example.com'))).toEqual({ status: 'pending_confirmation' });
  });

  it('counts unknown sources together', async () => {
    const s = service({ perSource: { limit: 1, windowSeconds: 60 } });
    await s.subscribe(req('u1@example.com', null, null));
    expect(await rejection(s.subscribe(req('u2@example.com', null, null)))).toBeInstanceOf(RateLimitedError);
  });

  it('answers "deferred" when the messaging service throttles, and mails on a later request', async () => {
    const throttled: EmailSubscriber = {
      subscribe: async () => {
        throw new SubscriberThrottledError(30);
      },
      describe: (arn) => subscriber.describe(arn),
    };
    expect(await service({}, throttled).subscribe(req('ani@example.com'))).toEqual({
      status: 'deferred',
      retryAfterSeconds: 30,
    });
    expect(await service().subscribe(req('ani@example.com'))).toEqual({ status: 'pending_confirmation' });
  });

  it('answers a failure after the email may have gone out as accepted, and does not mail again for it', async () => {
    const failure = new Error('AuthorizationError');
    const unknownState: EmailSubscriber = {
      subscribe: async (email, filter) => {
        const made = await subscriber.subscribe(email, filter);
        throw new SubscriptionStateUnknownError(made.arn, failure);
      },
      describe: (arn) => subscriber.describe(arn),
    };
    const s = service({}, unknownState);
    const outcome = await s.subscribe(req('ani@example.com'));
    expect(outcome.status).toBe('pending_confirmation');
    expect(outcome.problem).toBeInstanceOf(SubscriptionStateUnknownError);
    expect(await service().subscribe(req('ani@example.com'))).toEqual({ status: 'pending_confirmation' });
    expect(subscriber.confirmationsSent).toEqual(['ani@example.com']);
  });

  it('answers accepted when the record cannot be stored after the email went out', async () => {
    vi.spyOn(store, 'put').mockRejectedValue(new Error('ProvisionedThroughputExceeded'));
    const outcome = await service().subscribe(req('ani@example.com'));
    expect(outcome.status).toBe('pending_confirmation');
    expect(String(outcome.problem)).toContain('ProvisionedThroughputExceeded');
  });
});

describe('deliversNothing', () => {
  it.each([
    [null, false],
    ['{"status":["unknown"]}', true],
    ['{"status":[]}', true],
    ['{"status":["down","unknown"]}', false],
    ['{"target":["svc-wsdl"]}', false],
    // A target filter narrows further: `unknown` alone still reaches no one.
    ['{"status":["unknown"],"target":["svc-wsdl"]}', true],
    ['{"status":["unknown"],"region":["x"]}', false],
    ['not json', false],
  ])('%s → %s', (policy, expected) => {
    expect(deliversNothing(policy)).toBe(expected);
  });
});

describe('sourceKeyOf', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    [' 198.51.100.7 ', '198.51.100.7'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['::FFFF:c633:6407', '198.51.100.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['64:ff9b::198.51.100.7', '64:ff9b:0:0::/64'],
    ['not an address', 'other:not an address'],
    [null, 'unknown'],
  ])('%s → %s', (ip, key) => {
    expect(sourceKeyOf(ip)).toBe(key);
  });
});

describe('mailboxOf', () => {
  it.each([
    ['ani@example.com', 'ani@example.com'],
    ['ani+alerts@example.com', 'ani@example.com'],
    ['ani+a+b@example.com', 'ani@example.com'],
    ['+ani@example.com', '+ani@example.com'],
    ['"a@b"+x@example.com', '"a@b"@example.com'],
  ])('%s → %s', (email, mailbox) => {
    expect(mailboxOf(email)).toBe(mailbox);
  });
});

describe('MemoryRateLimiter', () => {
  it('counts per key and window and does not count refusals', async () => {
    const limiter = new MemoryRateLimiter();
    const rule = { limit: 1, windowSeconds: 10 };
    const at = (s: number) => new Date(Date.parse('2026-03-15T03:10:00.000Z') + s * 1000);
    expect(await limiter.consume('k', rule, at(0))).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await limiter.consume('k', rule, at(3))).toEqual({ allowed: false, retryAfterSeconds: 7 });
    expect(await limiter.consume('other', rule, at(3))).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await limiter.consume('k', rule, at(10))).toEqual({ allowed: true, retryAfterSeconds: 0 });
  });
});
