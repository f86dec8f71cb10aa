import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { createStatusApi } from '../../../shared/api/status-api.js';
import {
  makeDeps,
  NOW,
  OPERATOR_TOKEN,
  REGIONS,
  state,
  type TestDeps,
  transition,
  votesAll,
} from './fixtures.js';

/**
 * Generated hostile requests, sent through each public entry point of the API. A target takes a request as it
 * travels on the wire and answers with status, headers and body, so another entry point (another HTTP library,
 * another adapter) joins by adding one target here.
 */
interface WireRequest {
  readonly method: string;
  readonly path: string;
  /** The raw query string, without `?`, possibly malformed. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  readonly base64: boolean;
  readonly sourceIp: string;
}

interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

type Target = (request: WireRequest) => Promise<WireResponse>;

let deps: TestDeps;
const targets: Record<string, Target> = {};

beforeAll(async () => {
  deps = makeDeps();
  await deps.states.save(
    state({ status: 'down', since: '2026-03-15T03:05:00.000Z', votes: votesAll('down') }),
    null,
  );
  await deps.transitions.record(transition('2026-03-15T03:05:00.000Z', 'up', 'down'));
  await deps.transitions.record(transition('2026-03-14T22:00:00.000Z', 'down', 'up'));
  for (const region of REGIONS) {
    await deps.results.put(
      probeResult({ targetId: 'svc-wsdl', region, checkedAt: '2026-03-15T03:09:00.000Z' }),
    );
  }

  // The Hono app's own `fetch`, with a request as a platform adapter builds it: fetch's `Request` cannot carry
  // CONNECT or TRACE (the adapters stand another method in for them), a body on GET or HEAD (not read), or a header
  // with NUL, CR or LF (refused before it reaches the app), so those are built as the adapters build them.
  const app = createStatusApi(deps);
  targets.hono = async (request) => {
    const method = /^(CONNECT|TRACE|TRACK)$/.test(request.method) ? 'UNSUPPORTED' : request.method;
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || /[\0\r\n]/.test(value)) continue;
      const wellFormed = value.replace(/[\uD800-\uDFFF]/g, '\uFFFD');
      headers.set(name, /[\u0080-\uFFFF]/.test(wellFormed) ? encodeURIComponent(wellFormed) : wellFormed);
    }
    const withBody = request.body !== null && request.body !== '' && method !== 'GET' && method !== 'HEAD';
    const response = await app.fetch(
      new Request(`http://api.test${request.path}${request.query === '' ? '' : `?${request.query}`}`, {
        method,
        headers,
        ...(withBody && { body: request.body }),
      }),
      {
        facts: {
          sourceIp: request.sourceIp,
          requestId: 'fuzz',
          origin: null,
          ...(method !== request.method && { method: request.method }),
        },
      },
    );
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
    };
  };

  // The Lambda handler, with the API Gateway HTTP API (payload 2.0) event API Gateway would send.
  const lambda = createApiHandler(deps);
  targets.lambda = async (request) => {
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: '$default',
      rawPath: request.path,
      rawQueryString: request.query,
      headers: { ...request.headers },
      requestContext: {
        accountId: '123456789012',
        apiId: 'abc123',
        domainName: 'abc123.execute-api.ap-southeast-1.amazonaws.com',
        domainPrefix: 'abc123',
        http: {
          method: request.method,
          path: request.path,
          protocol: 'HTTP/1.1',
          sourceIp: request.sourceIp,
          userAgent: 'fuzz',
        },
        requestId: 'fuzz',
        routeKey: '$default',
        stage: '$default',
        time: '15/Mar/2026:03:10:00 +0000',
        timeEpoch: NOW.getTime(),
      },
      isBase64Encoded: request.base64,
      ...(request.body !== null && {
        body: request.base64 ? Buffer.from(request.body, 'utf8').toString('base64') : request.body,
      }),
    };
    const result = await lambda(event);
    return {
      status: result.statusCode ?? 0,
      headers: (result.headers ?? {}) as Record<string, string>,
      body: result.body ?? '',
    };
  };
});

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'];
const ROUTE_PATHS = [
  '/',
  '/status',
  '/targets/{id}',
  '/groups/{id}',
  '/targets/{id}/history',
  '/targets/{id}/results',
  '/targets/{id}/uptime',
  '/badge/{id}.svg',
  '/summary.json',
  '/subscriptions',
  '/subscriptions/form',
  '/report',
  '/incidents.csv',
  '/maintenance',
  '/maintenance/{id}',
];
const PARAMETERS = [
  'limit',
  'before',
  'since',
  'region',
  'window',
  'email',
  'statuses',
  'targets',
  'lang',
  'from',
  'to',
  'target',
  ...PROTOTYPE_KEYS,
];
const HEADERS = [
  'accept',
  'content-type',
  'if-none-match',
  'host',
  'x-forwarded-proto',
  'x-forwarded-host',
  'origin',
  'content-length',
  ...PROTOTYPE_KEYS,
];
const ERROR_CODES = [
  'bad_parameter',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'too_many_requests',
];

/** A printable string with the characters hostile input favours: `%`, `&`, `=`, quotes, controls, non-ASCII. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    '%',
    '%E0%A4%A',
    '%00',
    '%ZZ',
    '..',
    '../../etc/passwd',
    '\u0000',
    '\uFEFF',
    '\uD800',
    'javascript:alert(1)//',
    '<script>',
    '1e309',
    '-1',
    '0',
    '99999999999999999999',
    'NaN',
    'svc-wsdl',
    'svc-qr',
    '2026-02-31T00:00:00Z',
    '2026-03-15T03:00:00Z',
    '2026-03-15T03:00:00 07:00',
    '-0001-01-01T00:00:00Z',
    '24h',
    '90d',
    'ap-southeast-1',
    'application/x-ndjson',
    '*',
  ),
  fc.constantFrom(...PROTOTYPE_KEYS),
);

/** Percent-encodes what can be; a lone surrogate goes through raw, as a careless client would send it. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

const identifier = fc.oneof(fc.constantFrom('svc-wsdl', 'svc-qr', ...PROTOTYPE_KEYS), nasty);

const path = fc
  .oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...ROUTE_PATHS), identifier, fc.boolean()) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        nasty.map((p) => `/${p}`),
        identifier,
        fc.boolean(),
      ),
    },
  )
  .map(([pattern, id, trailingSlash]) => {
    const filled = pattern.replace('{id}', encode(id).replace(/%25/g, '%'));
    return trailingSlash ? `${filled}/` : filled;
  });

const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...PARAMETERS), nasty), nasty, fc.boolean()), { maxLength: 6 })
  .map((pairs) =>
    pairs
      .map(([name, value, encoded]) => (encoded ? `${encode(name)}=${encode(value)}` : `${name}=${value}`))
      .join('&'),
  );

const headers = fc.dictionary(
  fc.oneof(fc.constantFrom(...HEADERS), fc.stringMatching(/^[a-z0-9-]{1,20}$/)),
  nasty,
  {
    maxKeys: 6,
  },
);

const subscriptionBody = fc
  .record(
    {
      email: fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom('victim@example.com', 'ani+alerts@example.co.id', 'B@EXAMPLE.COM'),
        },
        fc.emailAddress(),
        nasty,
      ),
      statuses: fc.oneof(
        { weight: 4, arbitrary: fc.subarray(['up', 'down', 'degraded', 'maintenance'], { minLength: 1 }) },
        fc.array(fc.constantFrom('up', 'down', 'unknown', '__proto__', 'UP'), { maxLength: 10 }),
        nasty,
      ),
      targets: fc.oneof(
        { weight: 4, arbitrary: fc.subarray(['svc-wsdl', 'svc-qr'], { minLength: 1 }) },
        fc.array(fc.constantFrom('svc-wsdl', 'nope', '', 'group:svc-qr', '__proto__', 'x'.repeat(65)), {
          maxLength: 50,
        }),
        fc.array(nasty, { maxLength: 5 }),
        nasty,
      ),
      locale: fc.constantFrom('id', 'id', 'id', 'en', 'fr', '__proto__'),
      [PROTOTYPE_KEYS[0]!]: fc.jsonValue(),
    },
    { requiredKeys: ['email'] },
  )
  .chain((full) =>
    // Mostly the fields a client sends, sometimes every field including a stray prototype name.
    fc
      .subarray(Object.keys(full))
      .map((keys) => Object.fromEntries(keys.map((k) => [k, full[k as keyof typeof full]]))),
  );

const body = fc.oneof(
  fc.constant(null),
  nasty,
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), nasty), fc.jsonValue({ maxDepth: 2 }))
    .map((v) => JSON.stringify(v)),
  subscriptionBody.map((v) => JSON.stringify(v)),
  subscriptionBody.map((v) => `\uFEFF${JSON.stringify(v)}`),
  fc.constant(`{"email":"a@example.com","padding":"${'x'.repeat(5000)}"}`),
  fc.constant('{"__proto__":{"polluted":1},"email":"a@example.com"}'),
  fc.constant(`${'['.repeat(2000)}${']'.repeat(2000)}`),
);

const sourceIp = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '198.51.100.7',
      '::ffff:198.51.100.7',
      '2001:db8:1:2::1',
      '2001:db8:1:2::ffff',
    ),
  },
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4().map((ip) => `::ffff:${ip}`),
  nasty,
);

const anyRequest: fc.Arbitrary<WireRequest> = fc.record({
  method: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...METHODS) }, fc.stringMatching(/^[A-Z]{1,10}$/)),
  path,
  query,
  headers: fc
    .tuple(headers, fc.boolean())
    .map(([h, json]) => (json ? { 'content-type': 'application/json', ...h } : h)),
  body,
  base64: fc.boolean(),
  sourceIp,
});

/** A subscription a client might send, with hostile fields and headers mixed in. */
const subscriptionRequest: fc.Arbitrary<WireRequest> = fc.record({
  method: fc.constant('POST'),
  path: fc.constantFrom('/subscriptions', '/subscriptions/'),
  query,
  headers: headers.map((h) => ({ ...h, 'content-type': 'application/json; charset=utf-8' })),
  body: subscriptionBody.map((v) => JSON.stringify(v)),
  base64: fc.boolean(),
  sourceIp,
});

/** The page's subscription form, posted as a browser does, with hostile fields. */
const formRequest: fc.Arbitrary<WireRequest> = fc.record({
  method: fc.constant('POST'),
  path: fc.constant('/subscriptions/form'),
  query,
  headers: headers.map((h) => ({ ...h, 'content-type': 'application/x-www-form-urlencoded' })),
  body: fc
    .array(
      fc.tuple(
        fc.constantFrom('email', 'statuses', 'targets', 'lang', ...PROTOTYPE_KEYS),
        fc.oneof(nasty, fc.constantFrom('', 'svc-qr', 'nope')),
      ),
      { maxLength: 6 },
    )
    .map((pairs) =>
      pairs
        .map(
          ([k, v]) =>
            `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}`,
        )
        .join('&'),
    ),
  base64: fc.boolean(),
  sourceIp,
});

const timestamp = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('2026-03-15T22:00:00+07:00', '2026-03-16T02:00:00+07:00') },
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  nasty,
);

/** An operator's window, with and without the token, hostile fields and dates mixed in. */
const maintenanceRequest: fc.Arbitrary<WireRequest> = fc.record({
  method: fc.constantFrom('POST', 'POST', 'DELETE'),
  path: fc.oneof(
    fc.constant('/maintenance'),
    identifier.map((id) => `/maintenance/${encode(id)}`),
    fc.constantFrom('/maintenance/op-1', '/maintenance/config-1'),
  ),
  query,
  headers: fc
    .tuple(headers, fc.constantFrom(`Bearer ${OPERATOR_TOKEN}`, `bearer ${OPERATOR_TOKEN}`, 'Bearer x', ''))
    .map(([h, authorization]) => ({ ...h, 'content-type': 'application/json', authorization })),
  body: fc.oneof(
    fc.constant(
      JSON.stringify({
        targets: ['svc-qr'],
        start: '2026-03-15T22:00:00+07:00',
        end: '2026-03-16T02:00:00+07:00',
      }),
    ),
    fc
      .record(
        {
          targets: fc.oneof(fc.constant(['svc-wsdl']), fc.array(identifier, { maxLength: 4 }), nasty),
          start: timestamp,
          end: timestamp,
          note: fc.oneof(nasty, fc.string({ maxLength: 200 })),
          [PROTOTYPE_KEYS[0]!]: fc.jsonValue(),
        },
        { requiredKeys: [] },
      )
      .map((v) => JSON.stringify(v)),
  ),
  base64: fc.boolean(),
  sourceIp,
});

const request = fc.oneof(
  { weight: 4, arbitrary: anyRequest },
  { weight: 2, arbitrary: subscriptionRequest },
  { weight: 1, arbitrary: formRequest },
  { weight: 2, arbitrary: maintenanceRequest },
);

/** The API's answer is never a 5xx, and every 4xx is `{ "error": { "code", "message" } }` in JSON. */
function expectWellFormed(request: WireRequest, response: WireResponse, via: string): void {
  const where = `${via}: ${request.method} ${request.path}?${request.query} ${JSON.stringify(request.headers)} ${JSON.stringify(request.body)?.slice(0, 200)}`;
  expect(response.status, where).toBeGreaterThanOrEqual(200);
  expect(response.status, where).toBeLessThan(500);
  if (response.status < 400) return;
  expect(response.headers['content-type'], where).toBe('application/json; charset=utf-8');
  if (request.method === 'HEAD') {
    expect(response.body, where).toBe('');
    return;
  }
  const parsed = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } };
  expect(Object.keys(parsed), where).toEqual(['error']);
  expect(Object.keys(parsed.error ?? {}).sort(), where).toEqual(['code', 'message']);
  expect(ERROR_CODES, where).toContain(parsed.error?.code);
  expect(typeof parsed.error?.message === 'string' && parsed.error.message.length > 0, where).toBe(true);
}

/** How many answers of each status the generated requests got, to show they reach past the router. */
const seen = new Map<number, number>();

async function sendEverywhere(request: WireRequest): Promise<number> {
  for (const [name, target] of Object.entries(targets)) {
    const response = await target(request);
    seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
    expectWellFormed(request, response, name);
  }
  return Object.keys(targets).length;
}

// Several thousand fetch Requests and Responses per test: seconds on a busy machine, past the default 5 s.
describe('generated requests through every entry point', { timeout: 60_000 }, () => {
  it('answers every route × method × Object.prototype name, in the query, a header and the body', async () => {
    let sent = 0;
    for (const route of ROUTE_PATHS) {
      for (const method of METHODS) {
        for (const key of PROTOTYPE_KEYS) {
          sent += await sendEverywhere({
            method,
            path: route.replace('{id}', key),
            query: `${encodeURIComponent(key)}=1&limit=${encodeURIComponent(key)}`,
            headers: { 'content-type': 'application/json', [key]: key },
            body: JSON.stringify({ email: 'a@example.com', [key]: key }),
            base64: false,
            sourceIp: '198.51.100.7',
          });
        }
      }
    }
    expect(sent).toBeGreaterThanOrEqual(ROUTE_PATHS.length * METHODS.length * PROTOTYPE_KEYS.length * 2);
    expect(deps.errors).toEqual([]);
  });

  it('answers 1,500 random requests (seeded) without a 5xx, with a JSON error for every 4xx', async () => {
    seen.clear();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        sent += await sendEverywhere(r);
      }),
      { seed: 20_260_315, numRuns: 1_500, endOnFailure: true },
    );
    expect(sent).toBe(3_000);
    expect(deps.errors).toEqual([]);
    // Successes, every kind of refusal, and subscriptions accepted and throttled: the requests reach the routes.
    for (const status of [200, 201, 202, 204, 400, 401, 404, 405, 413, 415, 429]) {
      expect(seen.get(status) ?? 0, `answers with ${status}`).toBeGreaterThan(0);
    }
  });
});
