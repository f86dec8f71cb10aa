import * as z from 'zod/mini';
import { type ConsensusStatus, type Locale, PROBE_STATUSES } from '../../types.js';
import { formatIssues, requiredFieldMessage } from '../../validation/zod.js';

/** Statuses an alert can announce: changes to and from `unknown` are for operators and never reach subscribers. */
export const SUBSCRIBABLE_STATUSES = PROBE_STATUSES;

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
});

export interface SubscriptionRequest {
  readonly email: string;
  readonly locale: Locale | null;
  readonly statuses: readonly ConsensusStatus[] | null;
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
  const { email, locale, statuses } = parsed.data;
  return {
    ok: true,
    value: {
      email,
      locale: locale ?? null,
      statuses: statuses === undefined ? null : [...new Set(statuses)].sort(),
    },
  };
}
