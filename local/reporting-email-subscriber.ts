import { Hono } from 'hono';
import type { ApiEnv } from '../shared/api/http-app.js';
import type {
  EmailSubscriber,
  EmailSubscription,
  SubscribeOptions,
  SubscriptionFilter,
} from '../shared/api/subscriptions/email-subscriber.js';

/**
 * Subscriptions made through the local API, told to the console: without an SNS topic no confirmation email
 * leaves this machine, and the person trying the API should know that.
 */
export class ReportingEmailSubscriber implements EmailSubscriber {
  constructor(
    private readonly inner: EmailSubscriber,
    private readonly report: (line: string) => void,
    private readonly sendsEmail: boolean,
  ) {}

  async subscribe(
    email: string,
    filter: SubscriptionFilter,
    options?: SubscribeOptions,
  ): Promise<EmailSubscription> {
    const subscription = await this.inner.subscribe(email, filter, options);
    const described = describeFilter(filter);
    this.report(
      this.sendsEmail
        ? `subscription: ${email} (${described}) — SNS sends the confirmation email`
        : `subscription: ${email} (${described}) — recorded in memory only; no email is sent without --sns-topic-arn`,
    );
    return subscription;
  }

  describe(arn: string): Promise<EmailSubscription | null> {
    return this.inner.describe(arn);
  }
}

/** The filter in words for the console, e.g. `down, up of efaktur-web`. */
function describeFilter(filter: SubscriptionFilter): string {
  const statuses = filter.statuses === null ? 'every change' : filter.statuses.join(', ');
  return filter.targets === null ? statuses : `${statuses} of ${filter.targets.join(', ')}`;
}

/** What local mode answers instead of `pending_confirmation` when no email can leave this machine. */
export const RECORDED_LOCALLY = {
  status: 'recorded_locally',
  emailSent: false,
  note: 'local mode without --sns-topic-arn: no email was sent',
} as const;

/** A 202 `pending_confirmation` would claim a confirmation email went out: 201 `recorded_locally` says what did. */
async function recordedLocally(response: Response): Promise<Response> {
  if (response.status !== 202 || !response.headers.get('content-type')?.includes('json')) return response;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { status?: unknown } | null;
  if (body?.status !== 'pending_confirmation') return response;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(RECORDED_LOCALLY), { status: 201, headers });
}

/**
 * The status API as local mode serves it without an SNS topic: the same routes and answers, except that
 * `POST /subscriptions` says the subscription was recorded here and no email was sent, rather than that one was.
 * The deployed API's documented answer is unchanged.
 */
export function answeringSubscriptionsLocally(api: Hono<ApiEnv>): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.all('*', async (c) => {
    const response = await api.fetch(c.req.raw, c.env);
    return c.req.method === 'POST' ? recordedLocally(response) : response;
  });
  return app;
}
