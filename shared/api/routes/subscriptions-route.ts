import type { Hono } from 'hono';
import { ApiError, BadParameterError, ConflictError, TooManyRequestsError } from '../api-error.js';
import { type ApiEnv, requestFacts } from '../http-app.js';
import { limitBody, readJsonBody } from '../json-body.js';
import { jsonResponse } from '../responses.js';
import type { StatusApiDeps } from '../status-api-deps.js';
import { SubscriptionConflictError } from '../subscriptions/email-subscriber.js';
import {
  parseSubscriptionRequest,
  type SubscriptionRequest,
  unknownTargets,
} from '../subscriptions/subscription-request.js';
import { RateLimitedError, type SubscribeOutcome } from '../subscriptions/subscription-service.js';

const LANGUAGE = { id: 'Bahasa Indonesia', en: 'English' } as const;

/** `locale` must be the fleet's: one topic carries one language. */
export function checkLocale(deps: StatusApiDeps, request: SubscriptionRequest): void {
  if (request.locale !== null && request.locale !== deps.config.locale) {
    throw new BadParameterError(
      'locale',
      `must be "${deps.config.locale}": this fleet's messages are in ${LANGUAGE[deps.config.locale]}`,
    );
  }
}

/** `targets` must name this fleet's targets and groups: a filter on an id no alert carries would deliver nothing. */
export function checkTargets(deps: StatusApiDeps, request: SubscriptionRequest): void {
  const unknown = unknownTargets(request.targets, deps.config);
  if (unknown.length > 0) {
    throw new BadParameterError(
      'targets',
      `unknown target or group ${unknown.map((id) => JSON.stringify(id)).join(', ')}; the ids are in GET /status`,
    );
  }
}

/**
 * Subscribes as `POST /subscriptions` and its form do, with the same limits: a failure after the confirmation
 * email may have gone out is logged and answered as accepted. Throws `RateLimitedError` and
 * `SubscriptionConflictError` for the caller to word.
 */
export async function subscribe(
  deps: StatusApiDeps,
  request: SubscriptionRequest,
  facts: { readonly sourceIp: string | null; readonly requestId: string | null },
): Promise<SubscribeOutcome> {
  const outcome = await deps.subscriptions.subscribe({
    email: request.email,
    statuses: request.statuses,
    targets: request.targets,
    sourceIp: facts.sourceIp,
  });
  if (outcome.problem !== undefined) {
    deps.logger.error('subscription accepted, but storing or reading it back failed', {
      requestId: facts.requestId,
      error: describeError(outcome.problem),
    });
  }
  return outcome;
}

/** Seconds to wait before asking again after `deferred`. */
export function deferredRetryAfter(outcome: SubscribeOutcome): number {
  return Math.max(1, outcome.retryAfterSeconds ?? 60);
}

/**
 * `POST /subscriptions` `{ email, locale?, statuses?, targets? }` → 202 `{ status: 'pending_confirmation' | 'subscribed' |
 * 'deferred' }` (`deferred` with `Retry-After`).
 */
export function subscriptionsRoute(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.post('/subscriptions', limitBody, async (c) => {
    const parsed = parseSubscriptionRequest(await readJsonBody(c));
    if (!parsed.ok) throw new ApiError(400, 'bad_parameter', parsed.problems.join('; '));
    checkLocale(deps, parsed.value);
    checkTargets(deps, parsed.value);
    try {
      const outcome = await subscribe(deps, parsed.value, requestFacts(c));
      return jsonResponse(
        202,
        { status: outcome.status },
        outcome.status === 'deferred'
          ? { headers: { 'retry-after': String(deferredRetryAfter(outcome)) } }
          : {},
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
          'this address has confirmed a subscription with other statuses or targets; unsubscribe with the link at the end of any alert email, then subscribe again',
        );
      }
      throw error;
    }
  });
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
