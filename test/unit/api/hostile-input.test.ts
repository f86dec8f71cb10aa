import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { isoTimeParam } from '../../../shared/api/query-params.js';
import { createStatusApi } from '../../../shared/api/status-api.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { apiEvent, apiRequest, config, fetchApi, makeDeps, type TestDeps } from './fixtures.js';

let deps: TestDeps;
let handle: ReturnType<typeof createApiHandler>;

beforeEach(() => {
  deps = makeDeps();
  handle = createApiHandler(deps);
});

async function call(event: APIGatewayProxyEventV2) {
  const result = await handle(event);
  const headers = (result.headers ?? {}) as Record<string, string>;
  return { status: result.statusCode ?? 0, headers, body: result.body ?? '' };
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);
const ROUTES = [
  '/',
  '/status',
  '/targets/svc-wsdl',
  '/targets/svc-wsdl/history',
  '/targets/svc-wsdl/results',
  '/targets/svc-wsdl/uptime',
  '/badge/svc-wsdl.svg',
  '/summary.json',
  '/subscriptions',
];

describe('query parameters and headers named like Object.prototype members', () => {
  it('reads them as ordinary names, each with its own values (Hono reads the query and headers for the routes)', async () => {
    // The routes read `c.req.queries()` and `c.req.header()`: what they see for each name is what is checked.
    const echo = new Hono().get('/', (c) =>
      c.json({
        query: c.req.queries()[c.req.header('x-key')!] ?? null,
        header: c.req.header(c.req.header('x-key')!) ?? null,
      }),
    );
    for (const key of PROTOTYPE_KEYS) {
      const name = encodeURIComponent(key);
      const given = await echo.request(`/?${name}=1&${name}=2`, {
        headers: [
          ['x-key', key],
          [key, 'x'],
        ],
      });
      expect(await given.json()).toEqual({ query: ['1', '2'], header: 'x' });
      const absent = await echo.request('/', { headers: { 'x-key': key } });
      expect(await absent.json()).toEqual({ query: null, header: null });
    }
  });

  it.each(ROUTES)('never answers 5xx on %s, through the Lambda handler', async (path) => {
    for (const key of PROTOTYPE_KEYS) {
      for (const method of ['GET', 'POST']) {
        const res = await call(
          apiEvent(method, `${path}?${encodeURIComponent(key)}=1`, {
            headers: { 'content-type': 'application/json', [key]: '1' },
            body: JSON.stringify({ email: 'a@example.com', [key]: 1 }),
          }),
        );
        expect(res.status, `${method} ${path}?${key}=1`).toBeLessThan(500);
      }
    }
    expect(deps.errors).toEqual([]);
  });
});

describe('GET /summary.json page.url', () => {
  const hostile = {
    host: 'evil.example',
    'x-forwarded-proto': 'javascript:alert(1)//',
    'x-forwarded-host': 'evil.example',
    forwarded: 'host=evil.example;proto=javascript',
  };

  it('is the configured statusUrl whatever the headers say', async () => {
    const res = await call(apiEvent('GET', '/summary.json', { headers: hostile }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).page.url).toBe('https://status.example.test');
    expect(res.body).not.toContain('evil');
    expect(res.body).not.toContain('javascript');
  });

  it('is the API Gateway domain without a statusUrl, never a request header', async () => {
    const { statusUrl: _omitted, ...rest } = config;
    deps = makeDeps({ config: parseFleetConfig(rest) });
    handle = createApiHandler(deps);
    const res = await call(apiEvent('GET', '/summary.json', { headers: hostile }));
    expect(JSON.parse(res.body).page.url).toBe('https://abc123.execute-api.ap-southeast-1.amazonaws.com');
    expect(res.body).not.toContain('evil');
    expect(res.body).not.toContain('javascript');
  });

  it('is empty without a statusUrl and without a known origin (headers alone prove nothing)', async () => {
    const { statusUrl: _omitted, ...rest } = config;
    deps = makeDeps({ config: parseFleetConfig(rest) });
    const res = await fetchApi(
      createStatusApi(deps),
      apiRequest('GET', '/summary.json', { headers: hostile }),
    );
    expect(JSON.parse(res.body).page.url).toBe('');
  });
});

describe('times that do not exist', () => {
  it.each([
    '2026-02-31T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-03-00T00:00:00Z',
    '2026-03-15T24:00:00Z',
    '2026-03-15T23:60:00Z',
    '2026-03-15T23:59:60Z',
    '2026-03-15T10:00:00+24:00',
    '2026-03-15T10:00:00+07:60',
    '2026-03-15T10:00:00-00:00',
    '2026-03-15T10:00:00',
    '2026-03-15T10:00:00z',
  ])('refuses before=%s with 400', async (raw) => {
    const res = await call(apiEvent('GET', `/targets/svc-wsdl/history?before=${encodeURIComponent(raw)}`));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: {
        code: 'bad_parameter',
        message: 'before: must be an ISO 8601 time with a zone, e.g. 2026-03-15T03:00:00Z',
      },
    });
  });

  it.each([
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T12:00:00+07:00', '2000-02-29T05:00:00.000Z'],
    ['2026-03-15T00:30:00+14:00', '2026-03-14T10:30:00.000Z'],
  ])('accepts before=%s as %s', async (raw, normalised) => {
    expect(isoTimeParam({ before: [raw] }, 'before')).toBe(normalised);
    const res = await call(apiEvent('GET', `/targets/svc-wsdl/results?before=${encodeURIComponent(raw)}`));
    expect(res.status).toBe(200);
  });

  it.each([['0000-01-01T00:00:00+00:01'], ['9999-12-31T23:59:00-00:01']])(
    'refuses %s, which falls outside four-digit years in UTC',
    (raw) => {
      expect(() => isoTimeParam({ since: [raw] }, 'since')).toThrow('since: must be an ISO 8601 time');
    },
  );
});

describe('request bodies', () => {
  it('accepts a JSON body that starts with a UTF-8 byte-order mark, plain or base64', async () => {
    const body = `\uFEFF${JSON.stringify({ email: 'bom@example.com' })}`;
    for (const base64 of [false, true]) {
      const res = await call(
        apiEvent('POST', '/subscriptions', {
          headers: { 'content-type': 'application/json' },
          body,
          base64,
        }),
      );
      expect(res.status).toBe(202);
    }
  });
});
