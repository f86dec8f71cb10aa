import { createHash } from 'node:crypto';
import type { ConsensusStatus } from '../../types.js';
import {
  deliversNothing,
  type EmailSubscriber,
  type EmailSubscription,
  filterPolicyOf,
  SubscriberThrottledError,
  SubscriptionConflictError,
  type SubscriptionFilter,
  SubscriptionStateUnknownError,
} from './email-subscriber.js';
import type { RateLimiter, RateRule } from './rate-limiter.js';
import { mailboxOf, sourceKeyOf } from './source-key.js';
import type { SubscriptionRecord, SubscriptionStore } from './subscription-store.js';

export interface SubscriptionLimits {
  /** Requests per source (an IPv4 address, an IPv6 /64): past it, that source alone is answered 429. */
  readonly perSource: RateRule;
  /** Confirmation emails per address. Past it a request is still answered and still sets the pending filter. */
  readonly perRecipient: RateRule;
  /** Confirmation emails to the `+tag` variants of one mailbox together (the plain address has its own). */
  readonly perMailbox: RateRule;
  /** Confirmation emails in total before sending is shared out per source. */
  readonly globalMail: RateRule;
  /** Once `globalMail` is spent: confirmation emails per source. */
  readonly sharedPerSource: RateRule;
  /** Once `globalMail` is spent: confirmation emails in total; past it, new addresses are answered `deferred`. */
  readonly sharedTotal: RateRule;
  /** A repeated request for a pending subscription mails a new confirmation only after this long. */
  readonly confirmationResendSeconds: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = {
  perSource: { limit: 10, windowSeconds: 3600 },
  perRecipient: { limit: 3, windowSeconds: 86_400 },
  perMailbox: { limit: 10, windowSeconds: 86_400 },
  globalMail: { limit: 100, windowSeconds: 3600 },
  sharedPerSource: { limit: 1, windowSeconds: 3600 },
  sharedTotal: { limit: 400, windowSeconds: 3600 },
  confirmationResendSeconds: 3600,
};

/**
 * `pending_confirmation`: a confirmation email was sent, now or before. `subscribed`: the address confirmed.
 * `deferred`: no email could be sent now (sending is busy); asking again after `retryAfterSeconds` may send it.
 */
export type SubscriptionStatus = 'pending_confirmation' | 'subscribed' | 'deferred';

export interface SubscribeOutcome {
  readonly status: SubscriptionStatus;
  /** With `deferred`: seconds until asking again may send the email. */
  readonly retryAfterSeconds?: number;
  /** A failure after the confirmation email may have gone out: answered as accepted, worth a log line. */
  readonly problem?: unknown;
}

export interface SubscribeCommandInput {
  readonly email: string;
  /** Statuses to be told about; `null` for every transition. */
  readonly statuses: readonly ConsensusStatus[] | null;
  /** Ids of targets and groups to be told about; `null` (the default) for every one. */
  readonly targets?: readonly string[] | null;
  /** The requesting client's address, for the per-source limits; `null` when unknown. */
  readonly sourceIp: string | null;
}

export type RateLimitScope = 'source';

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

type MailDecision = { readonly send: true } | { readonly send: false; readonly retryAfterSeconds: number };

/**
 * Public email subscription on an unauthenticated API, built so that nobody can deny or degrade someone else's:
 * - Fairness by source: each source (IPv4 address, IPv6 /64) has its own request budget; only it gets 429.
 * - What a stranger can do to an address is send it one more confirmation email, at most one an hour and
 *   `perRecipient` a day. Past that the request is still answered 202 and still counts; it just mails nothing,
 *   so the owner's own request never fails because of a stranger's.
 * - A filter binds only once its owner confirmed it: a pending subscription takes the latest request's filter.
 *   A confirmed one is never changed here (409), or anyone could mute someone's alerts; unless its filter can
 *   deliver nothing at all (`unknown` alone, accepted before), as then there is nothing left to mute.
 * - A flood degrades instead of closing the door: past `globalMail`, emails are shared out one per source up to
 *   `sharedTotal`; past that a new address is answered `deferred` (ask again later), while requests that need no
 *   email (confirmed addresses, filter changes of pending ones) go on working.
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

  /** Throws `RateLimitedError` (this source asked too often) or `SubscriptionConflictError` (confirmed filter). */
  async subscribe(input: SubscribeCommandInput): Promise<SubscribeOutcome> {
    const now = this.now();
    const email = normalizeEmail(input.email);
    const emailHash = sha256(email);
    const source = sha256(sourceKeyOf(input.sourceIp));
    const allowed = await this.limiter.consume(`source#${source}`, this.limits.perSource, now);
    if (!allowed.allowed) throw new RateLimitedError('source', allowed.retryAfterSeconds);
    try {
      const filter = { statuses: input.statuses, targets: input.targets ?? null };
      return await this.request(email, emailHash, source, filter, now);
    } catch (error) {
      if (error instanceof SubscriberThrottledError) {
        return { status: 'deferred', retryAfterSeconds: error.retryAfterSeconds };
      }
      throw error;
    }
  }

  private async request(
    email: string,
    emailHash: string,
    source: string,
    filter: SubscriptionFilter,
    now: Date,
  ): Promise<SubscribeOutcome> {
    const wanted = filterPolicyOf(filter);
    const record = await this.store.get(emailHash);
    const existing = record === null ? null : await this.subscriber.describe(record.arn);
    if (record !== null && existing === null) await this.store.delete(emailHash);
    if (existing !== null && !existing.pending) {
      if (existing.filterPolicy === wanted) return { status: 'subscribed' };
      if (!deliversNothing(existing.filterPolicy)) throw new SubscriptionConflictError();
      // Confirmed, but with a filter nothing reaches: it takes this one, and no email is due.
      await this.subscriber.subscribe(email, filter, { existing, sendConfirmation: false });
      const problem = await this.remember({ ...record!, filterPolicy: wanted });
      return { status: 'subscribed', ...(problem !== null && { problem }) };
    }

    const mailedRecently =
      existing !== null &&
      record !== null &&
      now.getTime() - Date.parse(record.requestedAt) < this.limits.confirmationResendSeconds * 1000;
    const mail: MailDecision = mailedRecently
      ? { send: false, retryAfterSeconds: 0 }
      : await this.mailBudget(email, emailHash, source, now);
    // Nothing to record without a subscription, and no subscription without its email.
    if (existing === null && !mail.send)
      return { status: 'deferred', retryAfterSeconds: mail.retryAfterSeconds };

    let subscription: EmailSubscription;
    try {
      subscription = await this.subscriber.subscribe(email, filter, {
        ...(existing !== null && { existing }),
        sendConfirmation: mail.send,
      });
    } catch (error) {
      if (!(error instanceof SubscriptionStateUnknownError)) throw error;
      // The email may be out: answer as accepted, and remember it so that a retry does not mail again.
      if (error.arn !== null)
        await this.remember({
          emailHash,
          arn: error.arn,
          filterPolicy: wanted,
          requestedAt: now.toISOString(),
        });
      return { status: 'pending_confirmation', problem: error };
    }
    if (!subscription.pending && subscription.filterPolicy !== wanted) throw new SubscriptionConflictError();
    const problem = await this.remember({
      emailHash,
      arn: subscription.arn,
      filterPolicy: wanted,
      requestedAt: mail.send || record === null ? now.toISOString() : record.requestedAt,
    });
    return {
      status: subscription.pending ? 'pending_confirmation' : 'subscribed',
      ...(problem !== null && { problem }),
    };
  }

  /** Whether this request may send a confirmation email; each budget is spent only when the earlier ones allow. */
  private async mailBudget(
    email: string,
    emailHash: string,
    source: string,
    now: Date,
  ): Promise<MailDecision> {
    const refused = (retryAfterSeconds: number): MailDecision => ({ send: false, retryAfterSeconds });
    const recipient = await this.limiter.consume(`recipient#${emailHash}`, this.limits.perRecipient, now);
    if (!recipient.allowed) return refused(recipient.retryAfterSeconds);
    const mailbox = mailboxOf(email);
    if (mailbox !== email) {
      const variants = await this.limiter.consume(`mailbox#${sha256(mailbox)}`, this.limits.perMailbox, now);
      if (!variants.allowed) return refused(variants.retryAfterSeconds);
    }
    if ((await this.limiter.consume('mail#global', this.limits.globalMail, now)).allowed)
      return { send: true };
    const share = await this.limiter.consume(`mail#source#${source}`, this.limits.sharedPerSource, now);
    if (!share.allowed) return refused(share.retryAfterSeconds);
    const shared = await this.limiter.consume('mail#shared', this.limits.sharedTotal, now);
    return shared.allowed ? { send: true } : refused(shared.retryAfterSeconds);
  }

  /** Stores the record; a failure is returned, not thrown, because the email may already be out. */
  private async remember(record: SubscriptionRecord): Promise<unknown> {
    try {
      await this.store.put(record);
      return null;
    } catch (error) {
      return error;
    }
  }
}
