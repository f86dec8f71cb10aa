import * as z from 'zod/mini';
import { type ConsensusStatus, type Locale, PROBE_STATUSES } from '../../types.js';
import { formatIssues, requiredFieldMessage } from '../../validation/zod.js';
import { filterCombinations, MAX_FILTER_COMBINATIONS } from './email-subscriber.js';

/** Statuses an alert can announce: changes to and from `unknown` are for operators and never reach subscribers. */
export const SUBSCRIBABLE_STATUSES = PROBE_STATUSES;

/** Targets and groups one subscription may name; past that, every alert is the simpler choice. */
export const MAX_SUBSCRIPTION_TARGETS = 20;
/** Longer than any target (40) or group (34) id, so no configured id is refused for its length. */
const MAX_ID_LENGTH = 64;

export const subscriptionRequestSchema = z.strictObject({
  email: z.pipe(
    z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
      .check(z.trim(), z.maxLength(254, { error: 'must be at most 254 characters' })),
    z.email({ error: 'must be an email address' }),
  ),
  locale: z.optional(z.enum(['id', 'en'], { error: 'must be "id" or "en"' })),
  statuses: z.optional(
    z
      .array(z.enum(SUBSCRIBABLE_STATUSES, { error: `must be one of ${SUBSCRIBABLE_STATUSES.join(', ')}` }), {
        error: 'must be a list of statuses',
      })
      .check(
        z.minLength(1, { error: 'must list at least one status (leave it out for every status)' }),
        z.maxLength(SUBSCRIBABLE_STATUSES.length * 2, { error: 'must not repeat statuses' }),
      ),
  ),
  targets: z.optional(
    z
      .array(
        z
          .string({ error: 'must be target or group ids' })
          .check(
            z.minLength(1, { error: 'must not be empty' }),
            z.maxLength(MAX_ID_LENGTH, { error: `must be at most ${MAX_ID_LENGTH} characters` }),
          ),
        { error: 'must be a list of target or group ids' },
      )
      .check(
        z.minLength(1, { error: 'must list at least one target or group (leave it out for every one)' }),
        z.maxLength(MAX_SUBSCRIPTION_TARGETS * 2, {
          error: `must list at most ${MAX_SUBSCRIPTION_TARGETS} targets and groups`,
        }),
      ),
  ),
});

export interface SubscriptionRequest {
  readonly email: string;
  readonly locale: Locale | null;
  readonly statuses: readonly ConsensusStatus[] | null;
  /** Ids of targets and groups, sorted and without duplicates; `null` for every one. Not yet checked against the fleet. */
  readonly targets: readonly string[] | null;
}

/** Validates a parsed JSON body; returns the request or one `field: rule` line per problem. */
export function parseSubscriptionRequest(
  body: unknown,
):
  | { readonly ok: true; readonly value: SubscriptionRequest }
  | { readonly ok: false; readonly problems: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, problems: ['body: must be a JSON object'] };
  }
  const parsed = subscriptionRequestSchema.safeParse(body, requiredFieldMessage);
  if (!parsed.success) return { ok: false, problems: formatIssues(parsed.error.issues, 'body') };
  const { email, locale, statuses, targets } = parsed.data;
  const value: SubscriptionRequest = {
    email,
    locale: locale ?? null,
    statuses: statuses === undefined ? null : [...new Set(statuses)].sort(),
    targets: targets === undefined ? null : [...new Set(targets)].sort(),
  };
  const problem = filterProblem(value);
  return problem === null ? { ok: true, value } : { ok: false, problems: [problem] };
}

/** Limits on the filter as a whole, once duplicates are folded. */
function filterProblem(request: SubscriptionRequest): string | null {
  if (request.targets !== null && request.targets.length > MAX_SUBSCRIPTION_TARGETS) {
    return `targets: must list at most ${MAX_SUBSCRIPTION_TARGETS} targets and groups`;
  }
  const combinations = filterCombinations(request);
  if (combinations > MAX_FILTER_COMBINATIONS) {
    return `targets: statuses × targets is ${combinations}, at most ${MAX_FILTER_COMBINATIONS}`;
  }
  return null;
}

/** The ids in `targets` that name neither a configured target nor a group, in the request's order. */
export function unknownTargets(
  targets: readonly string[] | null,
  fleet: {
    readonly targets: readonly { readonly id: string }[];
    readonly groups: readonly { readonly id: string }[];
  },
): string[] {
  if (targets === null) return [];
  const known = new Set([...fleet.targets.map((t) => t.id), ...fleet.groups.map((g) => g.id)]);
  return targets.filter((id) => !known.has(id));
}
