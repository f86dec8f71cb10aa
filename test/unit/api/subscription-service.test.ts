import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SubscriptionConflictError } from '../../../shared/api/subscriptions/email-subscriber.js';
import { MemoryEmailSubscriber } from '../../../shared/api/subscriptions/memory-email-subscriber.js';
import { MemoryRateLimiter } from '../../../shared/api/subscriptions/memory-rate-limiter.js';
import { MemorySubscriptionStore } from '../../../shared/api/subscriptions/memory-subscription-store.js';
import {
  DEFAULT_SUBSCRIPTION_LIMITS,
  RateLimitedError,
  type SubscriptionLimits,
  SubscriptionService,
} from '../../../shared/api/subscriptions/subscription-service.js';

let clock: Date;
let subscriber: MemoryEmailSubscriber;
let store: MemorySubscriptionStore;

function service(limits: SubscriptionLimits = DEFAULT_SUBSCRIPTION_LIMITS) {
  return new SubscriptionService({
    subscriber,
    store,
    limiter: new MemoryRateLimiter(),
    now: () => clock,
    limits,
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
) => ({
  email,
  statuses,
  sourceIp,
});

describe('SubscriptionService', () => {
  it('mails a confirmation once, again only after the resend period, and reports confirmation', async () => {
    const s = service();
    expect(await s.subscribe(req('ani@example.com'))).toBe('pending_confirmation');
    expect(await s.subscribe(req('ANI@example.com '))).toBe('pending_confirmation');
    expect(subscriber.confirmationsSent).toEqual(['ani@example.com']);
    clock = new Date(clock.getTime() + 3600_000);
    expect(await s.subscribe(req('ani@example.com'))).toBe('pending_confirmation');
    expect(subscriber.confirmationsSent).toEqual(['ani@example.com', 'ani@example.com']);
    subscriber.confirm('ani@example.com');
    expect(await s.subscribe(req('ani@example.com'))).toBe('subscribed');
    expect(subscriber.confirmationsSent).toHaveLength(2);
  });

  it('subscribes anew after the recipient unsubscribed (the record is stale)', async () => {
    const s = service();
    await s.subscribe(req('ani@example.com'));
    subscriber.remove('ani@example.com');
    expect(await s.subscribe(req('ani@example.com'))).toBe('pending_confirmation');
    expect(subscriber.confirmationsSent).toHaveLength(2);
  });

  it('never changes the filter of an existing subscription', async () => {
    const s = service();
    await s.subscribe(req('ani@example.com', ['down']));
    subscriber.confirm('ani@example.com');
    // Decided from the record, before SNS is asked (emulators overwrite attributes instead of refusing).
    const calls = vi.spyOn(subscriber, 'subscribe');
    expect(await rejection(s.subscribe(req('ani@example.com', ['up'])))).toBeInstanceOf(
      SubscriptionConflictError,
    );
    expect(await rejection(s.subscribe(req('ani@example.com')))).toBeInstanceOf(SubscriptionConflictError);
    expect(calls).not.toHaveBeenCalled();
    expect(await s.subscribe(req('ani@example.com', ['down']))).toBe('subscribed');
  });

  it('detects a filtered subscription it has no record of (e.g. made by the deployment)', async () => {
    await subscriber.subscribe('ani@example.com', ['down']);
    expect(await rejection(service().subscribe(req('ani@example.com')))).toBeInstanceOf(
      SubscriptionConflictError,
    );
  });

  it.each([
    ['client', { perClient: { limit: 2, windowSeconds: 60 } }, (i: number) => req(`u${i}@example.com`)],
    [
      'email',
      { perEmail: { limit: 2, windowSeconds: 60 } },
      (i: number) => req('same@example.com', null, `10.0.0.${i}`),
    ],
    [
      'global',
      { global: { limit: 2, windowSeconds: 60 } },
      (i: number) => req(`u${i}@example.com`, null, `10.0.0.${i}`),
    ],
  ] as const)(
    'refuses the third request under a %s limit of 2, until the window ends',
    async (scope, override, make) => {
      const s = service({ ...DEFAULT_SUBSCRIPTION_LIMITS, ...override });
      await s.subscribe(make(1));
      await s.subscribe(make(2));
      const error = await rejection(s.subscribe(make(3)));
      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ scope, retryAfterSeconds: 60 });
      clock = new Date('2026-03-15T03:11:00.000Z');
      expect(await s.subscribe(make(4))).toBe('pending_confirmation');
    },
  );
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
