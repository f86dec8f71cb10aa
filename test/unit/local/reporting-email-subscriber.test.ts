import { describe, expect, it } from 'vitest';
import {
  answeringSubscriptionsLocally,
  RECORDED_LOCALLY,
  ReportingEmailSubscriber,
} from '../../../local/reporting-email-subscriber.js';
import { createStatusApi } from '../../../shared/api/status-api.js';
import { MemoryEmailSubscriber } from '../../../shared/api/subscriptions/memory-email-subscriber.js';
import { makeDeps } from '../api/fixtures.js';

const FACTS = { facts: { sourceIp: '192.0.2.1', requestId: 'r-1', origin: 'http://127.0.0.1:3000' } };

function subscribe(app: ReturnType<typeof createStatusApi>, email: string) {
  return app.request(
    '/subscriptions',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) },
    FACTS,
  );
}

describe('POST /subscriptions, local mode and deployed', () => {
  it('deployed (and local mode with an SNS topic): 202 pending_confirmation, as documented', async () => {
    const deps = makeDeps();
    const res = await subscribe(createStatusApi(deps), 'a@example.com');
    expect([res.status, await res.json()]).toEqual([202, { status: 'pending_confirmation' }]);
  });

  it('local mode without an SNS topic: 201 recorded_locally, saying no email was sent', async () => {
    const deps = makeDeps();
    const app = answeringSubscriptionsLocally(createStatusApi(deps));
    const res = await subscribe(app, 'a@example.com');
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({
      status: 'recorded_locally',
      emailSent: false,
      note: 'local mode without --sns-topic-arn: no email was sent',
    });
    expect(RECORDED_LOCALLY.emailSent).toBe(false);
    // Asking again is still recorded, and still honest.
    const again = await subscribe(app, 'a@example.com');
    expect([again.status, ((await again.json()) as { status: string }).status]).toEqual([
      201,
      'recorded_locally',
    ]);
  });

  it.each([
    ['a bad body', '{"email":"not an address"}', 400],
    ['no body', '', 400],
  ])('local mode leaves other answers as they are: %s', async (_what, body, status) => {
    const app = answeringSubscriptionsLocally(createStatusApi(makeDeps()));
    const res = await app.request(
      '/subscriptions',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body },
      FACTS,
    );
    expect(res.status).toBe(status);
    expect((await res.json()) as object).toHaveProperty('error');
  });

  it('local mode serves every other route unchanged', async () => {
    const deps = makeDeps();
    const [local, deployed] = await Promise.all([
      answeringSubscriptionsLocally(createStatusApi(deps)).request('/status', {}, FACTS),
      createStatusApi(deps).request('/status', {}, FACTS),
    ]);
    expect(local.status).toBe(deployed.status);
    expect(await local.text()).toBe(await deployed.text());
  });
});

describe('ReportingEmailSubscriber', () => {
  it.each([
    [{ statuses: null, targets: null }, 'every change'],
    [{ statuses: ['down', 'up'], targets: null }, 'down, up'],
    [{ statuses: null, targets: ['buat-faktur'] }, 'every change of buat-faktur'],
    [{ statuses: ['down'], targets: ['buat-faktur', 'svc-qr'] }, 'down of buat-faktur, svc-qr'],
  ] as const)('tells the console the filter %j', async (filter, words) => {
    const lines: string[] = [];
    const subscriber = new ReportingEmailSubscriber(new MemoryEmailSubscriber(), (l) => lines.push(l), false);
    await subscriber.subscribe('a@example.com', filter);
    expect(lines).toEqual([
      `subscription: a@example.com (${words}) — recorded in memory only; no email is sent without --sns-topic-arn`,
    ]);
  });
});
