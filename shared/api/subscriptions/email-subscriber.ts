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
   * Subscribes `email` with `filter`. A new subscription is created pending and mailed a
   * confirmation. A pending one takes this filter (a filter no one confirmed binds no one) and is mailed again
   * unless `sendConfirmation` is false. A confirmed one is mailed nothing and keeps its filter, which only its
   * owner may change, unless that filter `deliversNothing`: then it takes this one, as muting it is not possible.
   * Throws `SubscriberThrottledError` when the service throttles and `SubscriptionStateUnknownError` when it fails
   * after the confirmation email may have been sent.
   */
  subscribe(
    email: string,
    filter: SubscriptionFilter,
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

/** The address is subscribed, and confirmed, with a different filter (statuses or targets). */
export class SubscriptionConflictError extends Error {
  constructor() {
    super('this address is already subscribed with a different filter');
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

/** What a subscription receives: `null` in a field for "every" (every status, every target and group). */
export interface SubscriptionFilter {
  readonly statuses: readonly ConsensusStatus[] | null;
  /** Ids of targets and groups: alerts carry the one they are about in the `target` message attribute. */
  readonly targets: readonly string[] | null;
}

/** Every alert. */
export const EVERY_ALERT: SubscriptionFilter = { statuses: null, targets: null };

/** SNS refuses a filter policy whose keys' value lists multiply to more than this. */
export const MAX_FILTER_COMBINATIONS = 150;

/** The filter is larger than SNS accepts (see `filterCombinations`). */
export class FilterPolicyTooLargeError extends Error {
  constructor(readonly combinations: number) {
    super(
      `the filter has ${combinations} value combinations; SNS accepts at most ${MAX_FILTER_COMBINATIONS}`,
    );
    this.name = 'FilterPolicyTooLargeError';
  }
}

/** How SNS counts a policy's size: the product of its keys' value counts (a key left out counts 1). */
export function filterCombinations(filter: SubscriptionFilter): number {
  return (
    (filter.statuses === null ? 1 : new Set(filter.statuses).size) *
    (filter.targets === null ? 1 : new Set(filter.targets).size)
  );
}

/** The keys of a filter policy, in canonical order: SNS ANDs them. */
const FILTER_KEYS = ['status', 'target'] as const;

const canonicalOf = (lists: { status?: readonly string[]; target?: readonly string[] }): string | null => {
  const policy: Record<string, string[]> = {};
  for (const key of FILTER_KEYS) {
    const values = lists[key];
    if (values !== undefined) policy[key] = [...new Set(values)].sort();
  }
  return Object.keys(policy).length === 0 ? null : JSON.stringify(policy);
};

/**
 * The SNS filter policy for `filter` on the `status` and `target` message attributes, in one canonical form
 * (keys in order, values sorted, no duplicates) so that equal filters compare equal as strings; `null` for no
 * filter. Throws `FilterPolicyTooLargeError` past SNS's limit.
 */
export function filterPolicyOf(filter: SubscriptionFilter): string | null {
  const combinations = filterCombinations(filter);
  if (combinations > MAX_FILTER_COMBINATIONS) throw new FilterPolicyTooLargeError(combinations);
  return canonicalOf({
    ...(filter.statuses !== null && { status: filter.statuses }),
    ...(filter.targets !== null && { target: filter.targets }),
  });
}

/** The policy's lists of strings, when it has only `status` and `target` keys, each a non-empty such list. */
function listsOf(parsed: unknown): { status?: string[]; target?: string[] } | null {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const entries = Object.entries(parsed);
  if (entries.length === 0) return null;
  for (const [key, values] of entries) {
    if (!(FILTER_KEYS as readonly string[]).includes(key)) return null;
    if (!Array.isArray(values) || values.length === 0) return null;
    if (!values.every((v) => typeof v === 'string')) return null;
  }
  return parsed as { status?: string[]; target?: string[] };
}

/** A filter policy as SNS returns it, in the form of `filterPolicyOf` when it has that shape; `null` when empty. */
export function canonicalFilterPolicy(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '' || raw.trim() === '{}') return null;
  try {
    const lists = listsOf(JSON.parse(raw));
    if (lists !== null) return canonicalOf(lists);
  } catch {
    // Not JSON: compare it as it is.
  }
  return raw;
}

/**
 * Whether a canonical filter policy matches no status an alert can carry (`unknown` alone, accepted before such
 * filters were refused), whatever its targets: a subscription with it receives nothing, so replacing its filter
 * cannot mute anyone.
 */
export function deliversNothing(filterPolicy: string | null): boolean {
  if (filterPolicy === null) return false;
  try {
    const parsed: unknown = JSON.parse(filterPolicy);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
    if (!Object.keys(parsed).every((key) => (FILTER_KEYS as readonly string[]).includes(key))) return false;
    const statuses = (parsed as { status?: unknown }).status;
    if (!Array.isArray(statuses)) return false;
    return !statuses.some((s) => (PROBE_STATUSES as readonly unknown[]).includes(s));
  } catch {
    return false;
  }
}
