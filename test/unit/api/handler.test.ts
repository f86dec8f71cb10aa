import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { MAX_BODY_BYTES } from '../../../shared/api/json-body.js';
import { DEFAULT_SUBSCRIPTION_LIMITS } from '../../../shared/api/subscriptions/subscription-service.js';
import type { StateStore } from '../../../shared/store/state-store.js';
import type { ConsensusState } from '../../../shared/types.js';
import { apiEvent, makeDeps, NOW, REGIONS, state, type TestDeps, transition, vote } from './fixtures.js';

let deps: TestDeps;
let handle: ReturnType<typeof createApiHandler>;

async function call(event: APIGatewayProxyEventV2) {
  const result = await handle(event);
  const headers = (result.headers ?? {}) as Record<string, string>;
  const body = result.body ?? '';
  const isJson = headers['content-type']?.startsWith('application/json') ?? false;
  return { status: result.statusCode, headers, body, json: isJson ? JSON.parse(body) : undefined };
}

const get = (path: string, headers: Record<string, string> = {}) => call(apiEvent('GET', path, { headers }));
const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  call(
    apiEvent('POST', '/subscriptions', {
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );

async function seedState(s: ConsensusState) {
  await deps.states.save(s, null);
}

beforeEach(() => {
  deps = makeDeps();
  handle = createApiHandler(deps);
});

describe('GET /status and GET /targets/{id}', () => {
  beforeEach(async () => {
    await seedState(
      state({
        regionalProblems: [
          { region: 'ap-northeast-1', status: 'down', reason: 'refused', since: '2026-03-14T00:00:00.000Z' },
        ],
      }),
    );
  });

  const expectedWsdl = {
    id: 'svc-wsdl',
    name: 'e-Faktur SVC',
    status: 'up',
    since: '2026-03-15T01:00:00.000Z',
    checkedAt: '2026-03-15T03:09:45.000Z',
    stale: false,
    rule: 'quorum_up',
    votes: REGIONS.map((region) => ({
      region,
      status: 'up',
      reason: 'ok',
      detail: 'WSDL of MasterFakturService',
      latencyMs: 120,
      checkedAt: '2026-03-15T03:09:30.000Z',
      control: true,
      excluded: null,
    })),
    regionalProblems: [
      { region: 'ap-northeast-1', status: 'down', reason: 'refused', since: '2026-03-14T00:00:00.000Z' },
    ],
    pending: null,
  };
  const expectedQr = {
    id: 'svc-qr',
    name: 'QR <validation> & co',
    status: 'unknown',
    since: null,
    checkedAt: null,
    stale: true,
    rule: null,
    votes: [],
    regionalProblems: [],
    pending: null,
  };

  it('lists every configured target with its votes; a target never evaluated is unknown and stale', async () => {
    const res = await get('/status');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      targets: [
        { ...expectedWsdl, maintenanceWindow: null },
        { ...expectedQr, maintenanceWindow: null },
      ],
      groups: [],
      maintenance: { upcoming: [] },
      // NOW is 15 March 2026 (WIB): the upload deadline of the 20th is marked from the 15th.
      nextDeadline: {
        id: 'upload',
        name: 'batas waktu unggah',
        date: '2026-03-20',
        markedFrom: '2026-03-15',
        marked: true,
      },
    });
    expect(res.headers['cache-control']).toBe('public, max-age=15');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers.etag).toMatch(/^".+"$/);
  });

  it('answers 304 to If-None-Match with the current ETag, and 200 once the status changed', async () => {
    const first = await get('/status');
    const again = await get('/status', { 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    await deps.states.save(state({ version: 2, status: 'down', since: '2026-03-15T03:09:50.000Z' }), 1);
    const changed = await get('/status', { 'if-none-match': first.headers.etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });

  it('marks a verdict stale once it is older than the policy allows (2.5 intervals = 150 s)', async () => {
    deps.clock = new Date(Date.parse('2026-03-15T03:09:45.000Z') + 150_000);
    expect((await get('/targets/svc-wsdl')).json.stale).toBe(false);
    deps.clock = new Date(Date.parse('2026-03-15T03:09:45.000Z') + 150_001);
    expect((await get('/targets/svc-wsdl')).json.stale).toBe(true);
  });

  it('serves one target in the same shape', async () => {
    const res = await get('/targets/svc-wsdl');
    expect(res.status).toBe(200);
    expect(res.json).toEqual(expectedWsdl);
  });

  it('shows why a vote did not count', async () => {
    await deps.states.save(
      state({
        version: 2,
        votes: [
          vote({ region: 'ap-southeast-3' }),
          vote({ region: 'ap-southeast-1' }),
          vote({ region: 'ap-northeast-1', status: 'down', control: false, excluded: 'control_failed' }),
        ],
      }),
      1,
    );
    const res = await get('/targets/svc-wsdl');
    expect(
      res.json.votes.map((v: { region: string; excluded: string | null }) => [v.region, v.excluded]),
    ).toEqual([
      ['ap-southeast-3', null],
      ['ap-southeast-1', null],
      ['ap-northeast-1', 'control_failed'],
    ]);
  });

  it('answers 404 for an unknown target', async () => {
    const res = await get('/targets/nope');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      error: { code: 'not_found', message: 'no target "nope"; known targets: svc-wsdl, svc-qr' },
    });
  });
});

describe('GET /targets/{id}/history', () => {
  const ats = [1, 2, 3, 4, 5, 6, 7].map((m) => `2026-03-15T02:0${m}:00.000Z`);
  beforeEach(async () => {
    for (const [i, at] of ats.entries()) {
      await deps.transitions.record(transition(at, i % 2 === 0 ? 'up' : 'down', i % 2 === 0 ? 'down' : 'up'));
    }
  });

  it('pages newest first with a `before` cursor until nextBefore is null', async () => {
    const first = await get('/targets/svc-wsdl/history?limit=3');
    expect(first.status).toBe(200);
    expect(first.json.items.map((t: { at: string }) => t.at)).toEqual([ats[6], ats[5], ats[4]]);
    expect(first.json.nextBefore).toBe(ats[4]);
    const second = await get(`/targets/svc-wsdl/history?limit=3&before=${first.json.nextBefore}`);
    expect(second.json.items.map((t: { at: string }) => t.at)).toEqual([ats[3], ats[2], ats[1]]);
    const third = await get(`/targets/svc-wsdl/history?limit=3&before=${second.json.nextBefore}`);
    expect(third.json).toMatchObject({ nextBefore: null });
    expect(third.json.items.map((t: { at: string }) => t.at)).toEqual([ats[0]]);
  });

  it('shows each transition with its evidence and notification state', async () => {
    const res = await get('/targets/svc-wsdl/history?limit=1');
    expect(res.json.items[0]).toEqual({
      at: ats[6],
      from: 'up',
      to: 'down',
      fromSince: '2026-03-14T00:00:00.000Z',
      rule: 'quorum_down',
      votes: REGIONS.map((region) => ({
        region,
        status: 'down',
        reason: 'timeout',
        detail: 'connect timeout after 10.0 s',
        latencyMs: 120,
        checkedAt: ats[6],
        control: true,
        excluded: null,
      })),
      audience: 'subscribers',
      notification: 'sent',
    });
  });

  it('marks a change only operators hear about', async () => {
    await deps.transitions.record(
      transition('2026-03-15T02:30:00.000Z', 'up', 'unknown', {
        rule: 'insufficient_votes',
        audience: 'ops',
        notification: { state: 'skipped', messageId: null, attempts: 0, lastError: null },
      }),
    );
    const res = await get('/targets/svc-wsdl/history?before=2026-03-15T02:31:00Z&limit=1');
    expect(res.json.items[0]).toMatchObject({ to: 'unknown', audience: 'ops', notification: 'skipped' });
  });

  it('defaults to 50 and includes a transition still in the state outbox', async () => {
    const pending = transition('2026-03-15T03:00:00.000Z', 'down', 'up', {
      notification: { state: 'pending', messageId: null, attempts: 0, lastError: null },
    });
    await seedState(state({ outbox: [pending] }));
    const res = await get('/targets/svc-wsdl/history');
    expect(res.json.items).toHaveLength(8);
    expect(res.json.items[0]).toMatchObject({ at: pending.at, notification: 'pending' });
    expect(res.json.nextBefore).toBeNull();
  });

  it.each([
    ['limit=0', 'limit: must be an integer between 1 and 500'],
    ['limit=501', 'limit: must be an integer between 1 and 500'],
    ['limit=abc', 'limit: must be an integer between 1 and 500'],
    ['before=last-tuesday', 'before: must be an ISO 8601 time with a zone, e.g. 2026-03-15T03:00:00Z'],
  ])('answers 400 bad_parameter for %s', async (query, message) => {
    const res = await get(`/targets/svc-wsdl/history?${query}`);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { code: 'bad_parameter', message } });
  });

  it('answers 404 for an unknown target', async () => {
    expect((await get('/targets/nope/history')).status).toBe(404);
  });
});

describe('GET /targets/{id}/results', () => {
  beforeEach(async () => {
    for (const [i, region] of REGIONS.entries()) {
      for (let minute = 0; minute < 3; minute++) {
        await deps.results.put(
          probeResult({
            region,
            checkedAt: `2026-03-15T03:0${minute}:${String(i * 10).padStart(2, '0')}.000Z`,
          }),
        );
      }
    }
  });

  it('merges every configured region newest first', async () => {
    const res = await get('/targets/svc-wsdl/results?limit=4');
    expect(res.status).toBe(200);
    expect(res.json.items.map((r: { region: string; checkedAt: string }) => [r.region, r.checkedAt])).toEqual(
      [
        ['ap-northeast-1', '2026-03-15T03:02:20.000Z'],
        ['ap-southeast-1', '2026-03-15T03:02:10.000Z'],
        ['ap-southeast-3', '2026-03-15T03:02:00.000Z'],
        ['ap-northeast-1', '2026-03-15T03:01:20.000Z'],
      ],
    );
    expect(res.json.nextBefore).toBe('2026-03-15T03:01:20.000Z');
    expect(res.headers.vary).toBe('accept');
    const rest = await get(`/targets/svc-wsdl/results?limit=100&before=${res.json.nextBefore}`);
    expect(rest.json.items).toHaveLength(5);
    expect(rest.json.nextBefore).toBeNull();
  });

  it('returns the stored results unchanged (raw, every field)', async () => {
    const res = await get('/targets/svc-wsdl/results?region=ap-southeast-1&limit=1');
    expect(res.json.items).toEqual([
      probeResult({ region: 'ap-southeast-1', checkedAt: '2026-03-15T03:02:10.000Z' }),
    ]);
  });

  it('filters by region and since', async () => {
    const res = await get('/targets/svc-wsdl/results?region=ap-southeast-3&since=2026-03-15T03:01:00Z');
    expect(res.json.items.map((r: { checkedAt: string }) => r.checkedAt)).toEqual([
      '2026-03-15T03:02:00.000Z',
      '2026-03-15T03:01:00.000Z',
    ]);
  });

  it('answers NDJSON in the replay format with Accept: application/x-ndjson', async () => {
    const res = await get('/targets/svc-wsdl/results?region=ap-southeast-3&limit=2', {
      accept: 'application/x-ndjson',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['x-next-before']).toBe('2026-03-15T03:01:00.000Z');
    expect(res.body.split('\n')).toEqual([
      '{"region":"ap-southeast-3","checkedAt":"2026-03-15T03:02:00.000Z","status":"up","reason":"ok","target":"svc-wsdl","latencyMs":120,"control":true,"detail":"WSDL of MasterFakturService"}',
      '{"region":"ap-southeast-3","checkedAt":"2026-03-15T03:01:00.000Z","status":"up","reason":"ok","target":"svc-wsdl","latencyMs":120,"control":true,"detail":"WSDL of MasterFakturService"}',
      '',
    ]);
  });

  it.each([
    ['region=mars-east-1', 'region: must be one of ap-southeast-3, ap-southeast-1, ap-northeast-1'],
    ['limit=1001', 'limit: must be an integer between 1 and 1000'],
    ['since=2026-03-15', 'since: must be an ISO 8601 time with a zone, e.g. 2026-03-15T03:00:00Z'],
    ['since=2026-03-15T03:00:00Z&before=2026-03-15T02:00:00Z', 'since: must be earlier than before'],
    ['region=ap-southeast-1&region=ap-southeast-3', 'region: must be given at most once'],
  ])('answers 400 for %s', async (query, message) => {
    const res = await get(`/targets/svc-wsdl/results?${query}`);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { code: 'bad_parameter', message } });
  });
});

describe('GET /targets/{id}/uptime', () => {
  it('computes the figures from transitions over the window', async () => {
    // Up since two days ago, down 02:00–02:30 today, maintenance 01:00–01:15, up since.
    await deps.transitions.record(transition('2026-03-13T00:00:00.000Z', 'unknown', 'up'));
    await deps.transitions.record(transition('2026-03-15T01:00:00.000Z', 'up', 'maintenance'));
    await deps.transitions.record(transition('2026-03-15T01:15:00.000Z', 'maintenance', 'up'));
    await deps.transitions.record(transition('2026-03-15T02:00:00.000Z', 'up', 'down'));
    await deps.transitions.record(transition('2026-03-15T02:30:00.000Z', 'down', 'up'));
    await seedState(state({ since: '2026-03-15T02:30:00.000Z' }));
    const res = await get('/targets/svc-wsdl/uptime');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      targetId: 'svc-wsdl',
      window: '24h',
      from: '2026-03-14T03:10:00.000Z',
      to: NOW.toISOString(),
      upPct: Math.round(((86_400 - 900 - 1800) / (86_400 - 900)) * 100_000) / 1000,
      upSeconds: 86_400 - 900 - 1800,
      degradedSeconds: 0,
      downtimeSeconds: 1800,
      maintenanceSeconds: 900,
      announcedMaintenanceSeconds: 0,
      unknownSeconds: 0,
      incidents: 1,
    });
    const week = await get('/targets/svc-wsdl/uptime?window=7d');
    // Unknown before 2026-03-13T00:00Z: 7 days back from 03-15 03:10 is 03-08 03:10.
    expect(week.json).toMatchObject({ window: '7d', unknownSeconds: 4 * 86_400 + 20 * 3600 + 50 * 60 });
  });

  it('has no percentage for a target never evaluated', async () => {
    const res = await get('/targets/svc-qr/uptime?window=30d');
    expect(res.json).toMatchObject({ upPct: null, incidents: 0, unknownSeconds: 30 * 86_400 });
  });

  it('answers 400 for any other window', async () => {
    for (const window of ['1y', '24H', '', '7d,30d']) {
      const res = await get(`/targets/svc-wsdl/uptime?window=${window}`);
      expect(res.status, window).toBe(400);
      expect(res.json.error).toEqual({
        code: 'bad_parameter',
        message: 'window: must be one of 24h, 7d, 30d, 90d',
      });
    }
  });
});

describe('GET /badge/{id}.svg', () => {
  it('draws the status in its colour with the target name escaped', async () => {
    await seedState(state({ targetId: 'svc-qr', status: 'down', votes: [vote({ status: 'down' })] }));
    const res = await get('/badge/svc-qr.svg');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=15');
    expect(res.body).toContain('QR &#60;validation&#62; &#38; co');
    expect(res.body).not.toContain('<validation>');
    expect(res.body).toContain('fill="#e05d44"');
    expect(res.body).toContain('>down</text>');
  });

  it('answers 404 for an unknown target and for a path without .svg', async () => {
    expect((await get('/badge/nope.svg')).status).toBe(404);
    expect((await get('/badge/svc-wsdl')).status).toBe(404);
  });
});

describe('POST /subscriptions', () => {
  it('subscribes an address (pending confirmation) and is idempotent for it', async () => {
    const res = await post({ email: 'Budi@Example.co.id' });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ status: 'pending_confirmation' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(deps.subscriber.confirmationsSent).toEqual(['budi@example.co.id']);

    const again = await post({ email: 'budi@example.co.id' });
    expect(again.json).toEqual({ status: 'pending_confirmation' });
    expect(deps.subscriber.confirmationsSent).toHaveLength(1);

    deps.subscriber.confirm('budi@example.co.id');
    expect((await post({ email: 'budi@example.co.id' })).json).toEqual({ status: 'subscribed' });
  });

  it('accepts a base64-encoded body, statuses as a filter, and the fleet locale', async () => {
    const res = await call(
      apiEvent('POST', '/subscriptions', {
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ email: 'a@example.com', locale: 'id', statuses: ['up', 'down', 'down'] }),
        base64: true,
      }),
    );
    expect(res.status).toBe(202);
    const hash = createHash('sha256').update('a@example.com').digest('hex');
    const record = await deps.subscriptionStore.get(hash);
    expect(record).toEqual({
      emailHash: hash,
      arn: 'arn:memory:sns:alerts:1',
      filterPolicy: '{"status":["down","up"]}',
      requestedAt: NOW.toISOString(),
    });
    expect((await deps.subscriber.describe(record!.arn))?.filterPolicy).toBe('{"status":["down","up"]}');
  });

  it('answers 409 when the address confirmed a subscription with other statuses', async () => {
    await post({ email: 'a@example.com', statuses: ['down'] });
    // Unconfirmed, the filter is the latest request's.
    expect((await post({ email: 'a@example.com', statuses: ['down', 'up'] })).status).toBe(202);
    deps.subscriber.confirm('a@example.com');
    const res = await post({ email: 'a@example.com', statuses: ['down'] });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
    const unfiltered = await post({ email: 'a@example.com' });
    expect(unfiltered.status).toBe(409);
    expect((await post({ email: 'a@example.com', statuses: ['up', 'down'] })).json).toEqual({
      status: 'subscribed',
    });
  });

  it.each([
    [{ email: 'not-an-address' }, 'email: must be an email address'],
    [{}, 'email: is required'],
    [
      { email: 'a@example.com', statuses: ['sideways'] },
      'statuses[0]: must be one of up, degraded, maintenance, down',
    ],
    [
      { email: 'a@example.com', statuses: [] },
      'statuses: must list at least one status (leave it out for every status)',
    ],
    [{ email: 'a@example.com', phone: '+628123' }, 'phone: unknown field'],
    [{ email: 'a@example.com', locale: 'fr' }, 'locale: must be "id" or "en"'],
    [
      { email: 'a@example.com', locale: 'en' },
      'locale: must be "id": this fleet\'s messages are in Bahasa Indonesia',
    ],
    [['a@example.com'], 'body: must be a JSON object'],
    [{ email: 42 }, 'email: must be a string'],
  ])('answers 400 bad_parameter for %j', async (body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { code: 'bad_parameter', message } });
    expect(deps.subscriber.confirmationsSent).toEqual([]);
  });

  it('answers 400 invalid_json for a body that is not JSON', async () => {
    const res = await post('{"email": ');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_json');
    expect(res.json.error.message).toMatch(/^body: is not valid JSON/);
    expect((await post('')).json.error).toEqual({
      code: 'invalid_json',
      message: 'body: is not valid JSON (the body is empty)',
    });
  });

  it('answers 415 for a body that is not declared as JSON', async () => {
    const cases: Record<string, string>[] = [
      { 'content-type': 'text/plain' },
      {},
      { 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of cases) {
      const res = await post({ email: 'a@example.com' }, headers);
      expect(res.status).toBe(415);
      expect(res.json.error.code).toBe('unsupported_media_type');
    }
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await post({ email: 'a@example.com', padding: 'x'.repeat(MAX_BODY_BYTES) });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({
      error: { code: 'payload_too_large', message: `body: must be at most ${MAX_BODY_BYTES} bytes` },
    });
  });

  it('answers 429 with Retry-After once a source asked too often, and only to that source', async () => {
    deps = makeDeps({
      limits: { ...DEFAULT_SUBSCRIPTION_LIMITS, perSource: { limit: 2, windowSeconds: 3600 } },
    });
    handle = createApiHandler(deps);
    expect((await post({ email: 'a@example.com' })).status).toBe(202);
    expect((await post({ email: 'b@example.com' })).status).toBe(202);
    const res = await post({ email: 'c@example.com' });
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe('too_many_requests');
    // NOW is 03:10:00, the hourly window ends at 04:00:00.
    expect(res.headers['retry-after']).toBe('3000');
    const elsewhere = await call(
      apiEvent('POST', '/subscriptions', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'c@example.com' }),
        sourceIp: '192.0.2.1',
      }),
    );
    expect(elsewhere.status).toBe(202);
    deps.clock = new Date('2026-03-15T04:00:00.000Z');
    expect((await post({ email: 'd@example.com' })).status).toBe(202);
  });

  it('answers 405 to GET and the preflight to OPTIONS', async () => {
    const res = await get('/subscriptions');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST, OPTIONS');
    const preflight = await call(apiEvent('OPTIONS', '/subscriptions'));
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
  });
});

describe('errors common to every route', () => {
  it('answers 404 for an unknown route and 405 for a wrong method', async () => {
    const missing = await get('/statuses');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: { code: 'not_found', message: 'no route for GET /statuses' } });
    const wrong = await call(apiEvent('DELETE', '/status'));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('answers a generic, logged 500 when a store fails', async () => {
    const failing: StateStore = {
      get: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
      save: async () => undefined,
    };
    deps = makeDeps({ states: failing });
    handle = createApiHandler(deps);
    const res = await get('/status');
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      error: {
        code: 'internal_error',
        message: 'the server failed to answer (request req-abc); try again later',
      },
    });
    expect(deps.errors).toHaveLength(1);
    expect(deps.errors[0]?.details.error).toMatchObject({
      message: 'ProvisionedThroughputExceededException',
    });
  });

  it('lists the routes at /', async () => {
    const res = await get('/');
    expect(res.json.routes).toEqual([
      'GET /status',
      'GET /targets/{id}',
      'GET /targets/{id}/history',
      'GET /targets/{id}/results',
      'GET /targets/{id}/uptime',
      'GET /badge/{id}.svg',
      'GET /summary.json',
      'POST /subscriptions',
      'GET /maintenance',
      'POST /maintenance (operator)',
      'DELETE /maintenance/{id} (operator)',
    ]);
  });
});
