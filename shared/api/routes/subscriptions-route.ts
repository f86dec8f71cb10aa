import { ApiError, BadParameterError, ConflictError, TooManyRequestsError } from '../api-error.js';
import { readJsonBody } from '../json-body.js';
import { jsonResponse } from '../responses.js';
import type { RouteDefinition } from '../router.js';
import type { StatusApiDeps } from '../status-api-deps.js';
import { SubscriptionConflictError } from '../subscriptions/email-subscriber.js';
import { parseSubscriptionRequest } from '../subscriptions/subscription-request.js';
import { RateLimitedError } from '../subscriptions/subscription-service.js';

const LANGUAGE = { id: 'Bahasa Indonesia', en: 'English' } as const;

/**
 * `POST /subscriptions` `{ email, locale?, statuses? }` → 202 `{ status: 'pending_confirmation' | 'subscribed' |
 * 'deferred' }` (`deferred` with `Retry-After`). `locale` must be the fleet's: one topic carries one language.
 */
export function subscriptionsRoute(deps: StatusApiDeps): RouteDefinition {
  return {
    method: 'POST',
    pattern: '/subscriptions',
    handle: async ({ request }) => {
      const parsed = parseSubscriptionRequest(readJsonBody(request));
      if (!parsed.ok) throw new ApiError(400, 'bad_parameter', parsed.problems.join('; '));
      const { email, locale, statuses } = parsed.value;
      if (locale !== null && locale !== deps.config.locale) {
        throw new BadParameterError(
          'locale',
          `must be "${deps.config.locale}": this fleet's messages are in ${LANGUAGE[deps.config.locale]}`,
        );
      }
      try {
        const outcome = await deps.subscriptions.subscribe({ email, statuses, sourceIp: request.sourceIp });
        if (outcome.problem !== undefined) {
          deps.logger.error('subscription accepted, but storing or reading it back failed', {
            requestId: request.requestId,
            error: describeError(outcome.problem),
          });
        }
        const retryAfter =
          outcome.status === 'deferred' ? Math.max(1, outcome.retryAfterSeconds ?? 60) : null;
        return jsonResponse(
          202,
          { status: outcome.status },
          retryAfter === null ? {} : { headers: { 'retry-after': String(retryAfter) } },
        );
      } catch (error) {
        if (error instanceof RateLimitedError) {
          throw new TooManyRequestsError(
            `too many subscription requests from this network; retry in ${error.retryAfterSeconds} s`,
            error.retryAfterSeconds,
          );
        }
        if (error instanceof SubscriptionConflictError) {
          throw new ConflictError(
            'this address has confirmed a subscription with other statuses; unsubscribe with the link at the end of any alert email, then subscribe again',
          );
        }
        throw error;
      }
    },
  };
}

function describeError(error: unknown): unknown {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return {
    name: error.name,
    message: error.message,
    ...(cause !== undefined && { cause: describeError(cause) }),
  };
}
