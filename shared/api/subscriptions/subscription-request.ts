import { z } from 'zod';
import { CONSENSUS_STATUSES, type ConsensusStatus, type Locale } from '../../types.js';

export const subscriptionRequestSchema = z
  .object({
    email: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
      .trim()
      .max(254, { error: 'must be at most 254 characters' })
      .pipe(z.email({ error: 'must be an email address' })),
    locale: z.enum(['id', 'en'], { error: 'must be "id" or "en"' }).optional(),
    statuses: z
      .array(z.enum(CONSENSUS_STATUSES, { error: `must be one of ${CONSENSUS_STATUSES.join(', ')}` }), {
        error: 'must be a list of statuses',
      })
      .min(1, { error: 'must list at least one status (leave it out for every status)' })
      .max(CONSENSUS_STATUSES.length * 2, { error: 'must not repeat statuses' })
      .optional(),
  })
  .strict();

export interface SubscriptionRequest {
  readonly email: string;
  readonly locale: Locale | null;
  readonly statuses: readonly ConsensusStatus[] | null;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, part) =>
      typeof part === 'number' ? `${out}[${part}]` : out === '' ? String(part) : `${out}.${String(part)}`,
    '',
  );
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
  const parsed = subscriptionRequestSchema.safeParse(body, {
    error: (issue) =>
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
  });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`)
          : [`${formatPath(issue.path) || 'body'}: ${issue.message}`],
      ),
    };
  }
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
