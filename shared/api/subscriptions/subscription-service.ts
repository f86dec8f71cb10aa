import { createHash } from 'node:crypto';
import type { ConsensusStatus } from '../../types.js';
import { type EmailSubscriber, filterPolicyOf, SubscriptionConflictError } from './email-subscriber.js';
import type { RateLimiter, RateRule } from './rate-limiter.js';
import type { SubscriptionStore } from './subscription-store.js';

export interface SubscriptionLimits {
  /** Requests per client address. */
  readonly perClient: RateRule;
  /** Requests per email address: bounds the confirmation emails anyone can make an address receive. */
  readonly perEmail: RateRule;
  /** Requests in total: bounds cost and protects the sender reputation of the account. */
  readonly global: RateRule;
  /** A repeated request for a pending subscription mails a new confirmation only after this long. */
  readonly confirmationResendSeconds: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = {
  perClient: { limit: 10, windowSeconds: 3600 },
  perEmail: { limit: 5, windowSeconds: 3600 },
  global: { limit: 100, windowSeconds: 3600 },
  confirmationResendSeconds: 3600,
};

export type SubscriptionStatus = 'pending_confirmation' | 'subscribed';

export interface SubscribeCommandInput {
  readonly email: string;
  /** Statuses to be told about; `null` for every transition. */
  readonly statuses: readonly ConsensusStatus[] | null;
  /** The requesting client's address, for the per-client limit; `null` when unknown. */
  readonly sourceIp: string | null;
}

export type RateLimitScope = 'client' | 'email' | 'global';

/** A rate limit refused the request; nothing was sent. */
export class RateLimitedError extends Error {
  constructor(
    readonly scope: RateLimitScope,
    readonly retryAfterSeconds: number,
  ) {
    super(`too many subscription requests (${scope} limit); retry in ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

export interface SubscriptionServiceOptions {
  readonly subscriber: EmailSubscriber;
  readonly store: SubscriptionStore;
  readonly limiter: RateLimiter;
  readonly now: () => Date;
  readonly limits?: SubscriptionLimits;
}

/** Addresses are compared case-insensitively: providers treat them so, and one person should get one subscription. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Public email subscription: throttled per client, per address and globally; idempotent per address (a repeat
 * answers from the record and SNS without mailing again within the resend period); never changes the filter of
 * an existing subscription, because the API is unauthenticated and anyone could otherwise mute someone's alerts.
 */
export class SubscriptionService {
  private readonly subscriber: EmailSubscriber;
  private readonly store: SubscriptionStore;
  private readonly limiter: RateLimiter;
  private readonly now: () => Date;
  private readonly limits: SubscriptionLimits;

  constructor(options: SubscriptionServiceOptions) {
    this.subscriber = options.subscriber;
    this.store = options.store;
    this.limiter = options.limiter;
    this.now = options.now;
    this.limits = options.limits ?? DEFAULT_SUBSCRIPTION_LIMITS;
  }

  /** Throws `RateLimitedError`, `SubscriptionConflictError` or `SubscriberThrottledError`. */
  async subscribe(input: SubscribeCommandInput): Promise<SubscriptionStatus> {
    const now = this.now();
    const email = normalizeEmail(input.email);
    const emailHash = sha256(email);
    if (input.sourceIp !== null)
      await this.limit('client', `client#${sha256(input.sourceIp)}`, this.limits.perClient, now);
    await this.limit('email', `email#${emailHash}`, this.limits.perEmail, now);
    await this.limit('global', 'global', this.limits.global, now);

    const wanted = filterPolicyOf(input.statuses);
    const record = await this.store.get(emailHash);
    if (record !== null) {
      const existing = await this.subscriber.describe(record.arn);
      if (existing === null) {
        await this.store.delete(emailHash);
      } else {
        if (existing.filterPolicy !== wanted) throw new SubscriptionConflictError();
        if (!existing.pending) return 'subscribed';
        const sinceRequest = now.getTime() - Date.parse(record.requestedAt);
        if (sinceRequest < this.limits.confirmationResendSeconds * 1000) return 'pending_confirmation';
      }
    }

    const subscription = await this.subscriber.subscribe(email, input.statuses);
    // SNS ignores attributes a request leaves out, so an unfiltered request can return a filtered subscription.
    if (subscription.filterPolicy !== wanted) throw new SubscriptionConflictError();
    await this.store.put({
      emailHash,
      arn: subscription.arn,
      filterPolicy: wanted,
      requestedAt: now.toISOString(),
    });
    return subscription.pending ? 'pending_confirmation' : 'subscribed';
  }

  private async limit(scope: RateLimitScope, key: string, rule: RateRule, now: Date): Promise<void> {
    const decision = await this.limiter.consume(key, rule, now);
    if (!decision.allowed) throw new RateLimitedError(scope, decision.retryAfterSeconds);
  }
}
