import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BadParameterError } from '../../../shared/api/api-error.js';
import { type ApiLogger, createApiApp } from '../../../shared/api/http-app.js';
import { jsonResponse, READ_CACHE_CONTROL } from '../../../shared/api/responses.js';
import { type ApiRequest, apiRequest, fetchApi } from './fixtures.js';

/** The API's HTTP layer (Hono with the API's middleware) serving a few routes of its own. */
function makeRouter() {
  const logged: { message: string; details: Record<string, unknown> }[] = [];
  const logger: ApiLogger = { error: (message, details) => logged.push({ message, details }) };
  const app = createApiApp(logger);
  app.get('/things/:id', (c) =>
    jsonResponse(200, { id: c.req.param('id') }, { cacheControl: READ_CACHE_CONTROL }),
  );
  app.get('/badge/:file{[^/]+\\.svg}', (c) => new Response(`<svg>${c.req.param('file').slice(0, -4)}</svg>`));
  app.post('/things', () => jsonResponse(201, { ok: true }));
  app.get('/boom', () => {
    throw new Error('table is gone: arn:aws:dynamodb:secret');
  });
  app.get('/bad', () => {
    throw new BadParameterError('limit', 'must be an integer between 1 and 500');
  });
  app.get('/tagged', () => new Response('{}', { headers: { etag: '"abc"' } }));
  const router = { handle: (request: ApiRequest) => fetchApi(app, request) };
  return { router, logged };
}

/** The ETag Hono's middleware gives a body: its SHA-1, hex, quoted. */
const etagOf = (body: string) => `"${createHash('sha1').update(body, 'utf8').digest('hex')}"`;

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('Router', () => {
  it('routes by method and pattern and decodes path parameters', async () => {
    const { router } = makeRouter();
    const res = await router.handle(apiRequest('GET', '/things/a%20b'));
    expect(res.status).toBe(200);
    expect(json(res.body)).toEqual({ id: 'a b' });
    const badge = await router.handle(apiRequest('GET', '/badge/svc-wsdl.svg'));
    expect(badge.body).toBe('<svg>svc-wsdl</svg>');
  });

  it('answers 404 not_found as JSON for an unknown path, with CORS', async () => {
    const { router } = makeRouter();
    const res = await router.handle(apiRequest('GET', '/nope'));
    expect(res.status).toBe(404);
    expect(json(res.body)).toEqual({ error: { code: 'not_found', message: 'no route for GET /nope' } });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('hands a parameter that is not valid percent-encoding to the route as sent, without a 5xx', async () => {
    const { router } = makeRouter();
    const res = await router.handle(apiRequest('GET', '/things/%E0%A4%A'));
    expect(res.status).toBe(200);
    expect(json(res.body)).toEqual({ id: '%E0%A4%A' });
  });

  it('does not let a parameter span segments', async () => {
    const { router } = makeRouter();
    expect((await router.handle(apiRequest('GET', '/things/a/b'))).status).toBe(404);
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const { router } = makeRouter();
    const res = await router.handle(apiRequest('DELETE', '/things/x'));
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(json(res.body)).toEqual({
      error: {
        code: 'method_not_allowed',
        message: 'DELETE is not allowed on /things/x; use GET, HEAD, OPTIONS',
      },
    });
    const post = await router.handle(apiRequest('GET', '/things'));
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('POST, OPTIONS');
  });

  it('answers the CORS preflight for a known path', async () => {
    const { router } = makeRouter();
    const res = await router.handle(apiRequest('OPTIONS', '/things/x'));
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD, OPTIONS',
      'access-control-allow-headers': 'accept, content-type, if-none-match',
      'access-control-max-age': '86400',
    });
  });

  it('answers HEAD like GET without a body', async () => {
    const { router } = makeRouter();
    const res = await router.handle(apiRequest('HEAD', '/things/x'));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers.etag).toBe(etagOf(JSON.stringify({ id: 'x' })));
  });

  it.each([
    ['/nowhere', 404],
    ['/things', 405],
    ['/bad', 400],
  ])('answers HEAD %s with %i and no body, like every HEAD', async (path, status) => {
    const { router } = makeRouter();
    const res = await router.handle(apiRequest('HEAD', path));
    expect(res.status).toBe(status);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('ignores one trailing slash', async () => {
    const { router } = makeRouter();
    expect((await router.handle(apiRequest('GET', '/things/x/'))).status).toBe(200);
  });

  it('maps an ApiError thrown by a route to its status and code', async () => {
    const { router, logged } = makeRouter();
    const res = await router.handle(apiRequest('GET', '/bad'));
    expect(res.status).toBe(400);
    expect(json(res.body)).toEqual({
      error: { code: 'bad_parameter', message: 'limit: must be an integer between 1 and 500' },
    });
    expect(logged).toEqual([]);
  });

  it('turns an unexpected failure into a logged, generic 500 that leaks nothing', async () => {
    const { router, logged } = makeRouter();
    const res = await router.handle(apiRequest('GET', '/boom'));
    expect(res.status).toBe(500);
    expect(json(res.body)).toEqual({
      error: {
        code: 'internal_error',
        message: 'the server failed to answer (request req-1); try again later',
      },
    });
    expect(res.body).not.toContain('secret');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.details).toMatchObject({
      path: '/boom',
      requestId: 'req-1',
      error: { name: 'Error', message: 'table is gone: arn:aws:dynamodb:secret' },
    });
  });

  it('gives successful reads an ETag and answers 304 to a matching If-None-Match', async () => {
    const { router } = makeRouter();
    const first = await router.handle(apiRequest('GET', '/things/x'));
    const etag = first.headers.etag!;
    expect(etag).toBe(etagOf(JSON.stringify({ id: 'x' })));
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await router.handle(
        apiRequest('GET', '/things/x', { headers: { 'If-None-Match': header } }),
      );
      expect(res.status, header).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.etag).toBe(etag);
      expect(res.headers['cache-control']).toBe(READ_CACHE_CONTROL);
      expect(res.headers['content-type']).toBeUndefined();
    }
    const changed = await router.handle(
      apiRequest('GET', '/things/y', { headers: { 'If-None-Match': etag } }),
    );
    expect(changed.status).toBe(200);
  });

  it('never answers 304 to a write', async () => {
    const { router } = makeRouter();
    const res = await router.handle(apiRequest('POST', '/things', { headers: { 'if-none-match': '*' } }));
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBeUndefined();
  });
});

describe('If-None-Match against the ETag "abc"', () => {
  it.each([
    [undefined, false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", W/"abc" ,"y"', true],
    ['"abcd"', false],
    ['abc', false],
    ['*', true],
  ])('%s → 304: %s', async (header, expected) => {
    const { router } = makeRouter();
    const res = await router.handle(
      apiRequest('GET', '/tagged', header === undefined ? {} : { headers: { 'if-none-match': header } }),
    );
    expect(res.status).toBe(expected ? 304 : 200);
  });
});
