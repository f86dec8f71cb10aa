import type { ConsensusStatus } from '../../types.js';

/** An email subscription to the alerts, as the messaging service knows it. */
export interface EmailSubscription {
  readonly arn: string;
  /** The recipient has not yet followed the confirmation link. */
  readonly pending: boolean;
  /** The subscription's filter in canonical form (see `filterPolicyOf`), `null` when it receives everything. */
  readonly filterPolicy: string | null;
}

/** Subscribes email addresses to the alerts topic. */
export interface EmailSubscriber {
  /**
   * Subscribes `email`, sending a confirmation email unless it is already confirmed; returns the existing
   * subscription for an address already subscribed. Throws `SubscriptionConflictError` when the address is
   * subscribed with another filter, `SubscriberThrottledError` when the service throttles.
   */
  subscribe(email: string, statuses: readonly ConsensusStatus[] | null): Promise<EmailSubscription>;
  /** The subscription behind `arn`, `null` when it no longer exists (unsubscribed, or never confirmed). */
  describe(arn: string): Promise<EmailSubscription | null>;
}

/** The address is already subscribed with a different status filter. */
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
