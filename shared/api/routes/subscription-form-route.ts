import type { Hono } from 'hono';
import { UnsupportedMediaTypeError } from '../api-error.js';
import { type ApiEnv, rawPath, requestFacts } from '../http-app.js';
import { limitBody, mediaTypeOf } from '../json-body.js';
import type { FormOutcome } from '../page/page-text.js';
import type { StatusApiDeps } from '../status-api-deps.js';
import { SubscriptionConflictError } from '../subscriptions/email-subscriber.js';
import { parseSubscriptionRequest, unknownTargets } from '../subscriptions/subscription-request.js';
import { RateLimitedError } from '../subscriptions/subscription-service.js';
import { subscribe } from './subscriptions-route.js';

const FORM_TYPE = 'application/x-www-form-urlencoded';

/** The page's `<select>`: its first option, "all services", is the empty value; no field at all means the same. */
function targetsField(values: string[]): { targets?: string[] } {
  return values.length === 0 || (values.length === 1 && values[0] === '') ? {} : { targets: values };
}

/** What a form submission comes to: the same validation as the JSON body, worded for the page. */
async function submit(deps: StatusApiDeps, form: URLSearchParams, facts: ReturnType<typeof requestFacts>) {
  const emails = form.getAll('email');
  const parsed = parseSubscriptionRequest({
    email: emails.length === 1 ? emails[0] : '',
    // An HTML form leaves unchecked boxes out: none checked is an empty list, which the rules refuse.
    statuses: form.getAll('statuses'),
    ...targetsField(form.getAll('targets')),
  });
  if (!parsed.ok) {
    if (parsed.problems.some((p) => p.startsWith('email'))) return 'invalid_email';
    if (parsed.problems.some((p) => p.startsWith('statuses:'))) return 'no_statuses';
    return 'invalid';
  }
  // Only a tampered form names an id the page did not offer.
  if (unknownTargets(parsed.value.targets, deps.config).length > 0) return 'invalid';
  try {
    return (await subscribe(deps, parsed.value, facts)).status;
  } catch (error) {
    if (error instanceof RateLimitedError) return 'too_many_requests';
    if (error instanceof SubscriptionConflictError) return 'conflict';
    throw error;
  }
}

/**
 * `POST /subscriptions/form`: the status page's subscription form, which works without JavaScript. Same rules and
 * limits as `POST /subscriptions`; the answer is a redirect back to the page (303, so a reload does not post
 * again) that says what happened, in the form's language.
 */
export function subscriptionFormRoute(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.post('/subscriptions/form', limitBody, async (c) => {
    if (mediaTypeOf(c) !== FORM_TYPE)
      throw new UnsupportedMediaTypeError(FORM_TYPE, c.req.header('content-type'));
    const form = new URLSearchParams(await c.req.text());
    const lang =
      form.get('lang') === 'en' || form.get('lang') === 'id' ? form.get('lang') : deps.config.locale;
    const outcome: FormOutcome = await submit(deps, form, requestFacts(c));
    // Relative to this route, so the page is found under any base path the API is served from.
    const up = rawPath(c).endsWith('/') ? '../../' : '../';
    return new Response(null, {
      status: 303,
      headers: {
        location: `${up}?lang=${lang}&subscription=${outcome}#subscribe`,
        'cache-control': 'no-store',
      },
    });
  });
}
