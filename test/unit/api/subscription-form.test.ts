import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../shared/api/json-body.js';
import { createStatusApi } from '../../../shared/api/status-api.js';
import { DEFAULT_SUBSCRIPTION_LIMITS } from '../../../shared/api/subscriptions/subscription-service.js';
import { makeDeps, type TestDeps } from './fixtures.js';

let deps: TestDeps;

beforeEach(() => {
  deps = makeDeps();
});

const FACTS = { facts: { sourceIp: '198.51.100.7', requestId: 'form-1', origin: null } };

/** Posts the page's form as a browser without JavaScript does. */
async function submit(fields: [string, string][], path = '/subscriptions/form') {
  const res = await createStatusApi(deps).request(
    path,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    },
    FACTS,
  );
  return {
    status: res.status,
    location: res.headers.get('location'),
    headers: res.headers,
    body: await res.text(),
  };
}

const ALL = (email: string, lang = 'id'): [string, string][] => [
  ['lang', lang],
  ['email', email],
  ['statuses', 'down'],
  ['statuses', 'maintenance'],
  ['statuses', 'up'],
];

describe('POST /subscriptions/form (the page works without JavaScript)', () => {
  it('subscribes with the chosen statuses and sends the browser back to the page with what happened', async () => {
    const res = await submit(ALL('Ani@Example.co.id'));
    expect(res.status).toBe(303);
    expect(res.location).toBe('../?lang=id&subscription=pending_confirmation#subscribe');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toBe('');
    expect(deps.subscriber.confirmationsSent).toEqual(['ani@example.co.id']);
    const [subscription] = await Promise.all([deps.subscriber.describe('arn:memory:sns:alerts:1')]);
    expect(subscription?.filterPolicy).toBe('{"status":["down","maintenance","up"]}');
  });

  it('says so on the page, in the form’s language', async () => {
    const res = await createStatusApi(deps).request('/?lang=en&subscription=pending_confirmation', {
      headers: { accept: 'text/html' },
    });
    expect(await res.text()).toContain(
      '<p class="outcome" role="status">Thank you! Check your inbox (and spam folder) for the confirmation email.</p>',
    );
  });

  it.each([
    ['an address that is not one', ALL('not-an-address'), 'invalid_email'],
    ['no address', [['statuses', 'down']] as [string, string][], 'invalid_email'],
    [
      'two addresses',
      [...ALL('a@example.com'), ['email', 'b@example.com']] as [string, string][],
      'invalid_email',
    ],
    ['no status ticked', [['email', 'a@example.com']] as [string, string][], 'no_statuses'],
    [
      'a status no alert has',
      [...ALL('a@example.com'), ['statuses', 'unknown']] as [string, string][],
      'invalid',
    ],
  ])('refuses %s with the same rules as the JSON route', async (_what, fields, outcome) => {
    const res = await submit(fields);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`../?lang=id&subscription=${outcome}#subscribe`);
    expect(deps.subscriber.confirmationsSent).toEqual([]);
  });

  it('shares the per-network limit with POST /subscriptions', async () => {
    deps = makeDeps({
      limits: { ...DEFAULT_SUBSCRIPTION_LIMITS, perSource: { limit: 1, windowSeconds: 3600 } },
    });
    const app = createStatusApi(deps);
    const json = await app.request(
      '/subscriptions',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"a@example.com"}' },
      FACTS,
    );
    expect(json.status).toBe(202);
    const res = await submit(ALL('b@example.com', 'en'));
    expect(res.location).toBe('../?lang=en&subscription=too_many_requests#subscribe');
    expect(deps.subscriber.confirmationsSent).toEqual(['a@example.com']);
  });

  it('tells a confirmed address with other statuses how to change them', async () => {
    await submit([
      ['email', 'a@example.com'],
      ['statuses', 'down'],
    ]);
    deps.subscriber.confirm('a@example.com');
    expect((await submit(ALL('a@example.com'))).location).toBe('../?lang=id&subscription=conflict#subscribe');
    expect(
      (
        await submit([
          ['email', 'a@example.com'],
          ['statuses', 'down'],
        ])
      ).location,
    ).toBe('../?lang=id&subscription=subscribed#subscribe');
  });

  it('finds the page from a path with a trailing slash, and ignores a language it does not have', async () => {
    const res = await submit([...ALL('a@example.com').slice(1), ['lang', 'fr']], '/subscriptions/form/');
    expect(res.location).toBe('../../?lang=id&subscription=pending_confirmation#subscribe');
  });

  it('answers other bodies with the API’s JSON errors: not a form, too large', async () => {
    const app = createStatusApi(deps);
    const json = await app.request('/subscriptions/form', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":"a@example.com"}',
    });
    expect(json.status).toBe(415);
    expect(await json.json()).toEqual({
      error: {
        code: 'unsupported_media_type',
        message: 'content-type: must be application/x-www-form-urlencoded (got application/json)',
      },
    });
    const big = await submit([...ALL('a@example.com'), ['padding', 'x'.repeat(MAX_BODY_BYTES)]]);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.code).toBe('payload_too_large');
    expect((await app.request('/subscriptions/form')).status).toBe(405);
  });
});
