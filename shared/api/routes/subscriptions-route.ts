import { ApiError, BadParameterError, ConflictError, TooManyRequestsError } from '../api-error.js';
import { readJsonBody } from '../json-body.js';
import { jsonResponse } from '../responses.js';
import type { RouteDefinition } from '../router.js';
import type { StatusApiDeps } from '../status-api-deps.js';
import { SubscriberThrottledError, SubscriptionConflictError } from '../subscriptions/email-subscriber.js';
import { parseSubscriptionRequest } from '../subscriptions/subscription-request.js';
import { RateLimitedError } from '../subscriptions/subscription-service.js';

const LANGUAGE = { id: 'Bahasa Indonesia', en: 'English' } as const;

/**
 * `POST /subscriptions` `{ email, locale?, statuses? }` → 202 `{ status: 'pending_confirmation' | 'subscribed' }`.
 * `locale` must be the fleet's: one topic carries one language, so another cannot be honoured.
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
        const status = await deps.subscriptions.subscribe({ email, statuses, sourceIp: request.sourceIp });
        return jsonResponse(202, { status });
      } catch (error) {
        if (error instanceof RateLimitedError) {
          throw new TooManyRequestsError(
            `too many subscription requests; retry in ${error.retryAfterSeconds} s`,
            error.retryAfterSeconds,
          );
        }
        if (error instanceof SubscriberThrottledError) {
          throw new TooManyRequestsError(
            `subscriptions are busy; retry in ${error.retryAfterSeconds} s`,
            error.retryAfterSeconds,
          );
        }
        if (error instanceof SubscriptionConflictError) {
          throw new ConflictError(
            'this address is already subscribed with other statuses; unsubscribe with the link at the end of any alert email, then subscribe again',
          );
        }
        throw error;
      }
    },
  };
}
