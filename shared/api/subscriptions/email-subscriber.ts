import { type ConsensusStatus, PROBE_STATUSES } from '../../types.js';

/** An email subscription to the alerts, as the messaging service knows it. */
export interface EmailSubscription {
  readonly arn: string;
  /** The recipient has not yet followed the confirmation link. */
  readonly pending: boolean;
  /** The subscription's filter in canonical form (see `filterPolicyOf`), `null` when it receives everything. */
  readonly filterPolicy: string | null;
}

/** How `subscribe` treats a subscription that already exists. */
export interface SubscribeOptions {
  /** The address's subscription as `describe` returned it just now, when the caller holds its ARN. */
  readonly existing?: EmailSubscription;
  /**
   * `false`: replace the filter of the pending `existing` subscription without mailing a new confirmation (the
   * caller's budget for this address is spent). A subscription that does not exist yet is always mailed.
   * @default true
   */
  readonly sendConfirmation?: boolean;
}

/** Subscribes email addresses to the alerts topic. */
export interface EmailSubscriber {
  /**
   * Subscribes `email` with the filter for `statuses`. A new subscription is created pending and mailed a
   * confirmation. A pending one takes this filter (a filter no one confirmed binds no one) and is mailed again
   * unless `sendConfirmation` is false. A confirmed one is mailed nothing and keeps its filter, which only its
   * owner may change, unless that filter `deliversNothing`: then it takes this one, as muting it is not possible.
   * Throws `SubscriberThrottledError` when the service throttles and `SubscriptionStateUnknownError` when it fails
   * after the confirmation email may have been sent.
   */
  subscribe(
    email: string,
    statuses: readonly ConsensusStatus[] | null,
    options?: SubscribeOptions,
  ): Promise<EmailSubscription>;
  /** The subscription behind `arn`, `null` when it no longer exists (unsubscribed, or never confirmed). */
  describe(arn: string): Promise<EmailSubscription | null>;
}

/**
 * The messaging service failed after it may have mailed a confirmation: the request must not be answered as a
 * server error (the recipient has the email), and a retry must not mail again. `arn` is known when it got that far.
 */
export class SubscriptionStateUnknownError extends Error {
  constructor(
    readonly arn: string | null,
    override readonly cause: unknown,
  ) {
    super(`the subscription ${arn ?? '(no ARN yet)'} was requested but its state could not be read`);
    this.name = 'SubscriptionStateUnknownError';
  }
}

/** The address is subscribed, and confirmed, with a different status filter. */
export class SubscriptionConflictError extends Error {
  constructor() {
    super('this address is already subscribed with a different status filter');
    this.name = 'SubscriptionConflictError';
  }
}

/** The messaging service refused the call for its own rate limits. */
export class SubscriberThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the messaging service is throttling subscriptions');
    this.name = 'SubscriberThrottledError';
  }
}

/**
 * The SNS filter policy for `statuses` on the `status` message attribute, in one canonical form (sorted, no
 * duplicates) so that equal filters compare equal as strings; `null` for no filter.
 */
export function filterPolicyOf(statuses: readonly ConsensusStatus[] | null): string | null {
  if (statuses === null) return null;
  return JSON.stringify({ status: [...new Set(statuses)].sort() });
}

/** A filter policy as SNS returns it, in the form of `filterPolicyOf` when it has that shape; `null` when empty. */
export function canonicalFilterPolicy(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '' || raw.trim() === '{}') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      Object.keys(parsed).length === 1 &&
      Array.isArray((parsed as { status?: unknown }).status) &&
      (parsed as { status: unknown[] }).status.every((s) => typeof s === 'string')
    ) {
      return JSON.stringify({ status: [...new Set((parsed as { status: string[] }).status)].sort() });
    }
  } catch {
    // Not JSON: compare it as it is.
  }
  return raw;
}

/**
 * Whether a canonical filter policy matches no status an alert can carry (`unknown` alone, accepted before such
 * filters were refused): a subscription with it receives nothing, so replacing its filter cannot mute anyone.
 */
export function deliversNothing(filterPolicy: string | null): boolean {
  if (filterPolicy === null) return false;
  try {
    const parsed: unknown = JSON.parse(filterPolicy);
    const keys = typeof parsed === 'object' && parsed !== null ? Object.keys(parsed) : [];
    const statuses = (parsed as { status?: unknown }).status;
    if (keys.length !== 1 || !Array.isArray(statuses)) return false;
    return !statuses.some((s) => (PROBE_STATUSES as readonly unknown[]).includes(s));
  } catch {
    return false;
  }
}
