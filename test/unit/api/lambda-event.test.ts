import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { prepareEvent } from '../../../functions/api/lambda-event.js';
import { apiEvent, makeDeps, state } from './fixtures.js';

/**
 * What fetch's `Request` refuses and a client can still send through API Gateway: Hono's Lambda adapter would
 * answer these in plain text (or fail), never with the API's JSON.
 */
async function call(event: ReturnType<typeof apiEvent>) {
  const deps = makeDeps();
  await deps.states.save(state(), null);
  const result = await createApiHandler(deps)(event);
  const headers = (result.headers ?? {}) as Record<string, string>;
  return { status: result.statusCode, headers, body: result.body ?? '', errors: deps.errors };
}

describe('events fetch cannot carry as they are', () => {
  it.each(['TRACE', 'CONNECT', 'TRACK'])(
    'answers %s on a route 405 naming the method, as JSON',
    async (method) => {
      const res = await call(apiEvent(method, '/status'));
      expect(res.status).toBe(405);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
      expect(JSON.parse(res.body)).toEqual({
        error: {
          code: 'method_not_allowed',
          message: `${method} is not allowed on /status; use GET, HEAD, OPTIONS`,
        },
      });
    },
  );

  it('answers TRACE on an unknown path 404 naming the method', async () => {
    const res = await call(apiEvent('TRACE', '/nope'));
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'not_found', message: 'no route for TRACE /nope' },
    });
  });

  it('serves a GET that carries a body, ignoring the body', async () => {
    const res = await call(apiEvent('GET', '/status', { body: '{"x":1}' }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).targets).toHaveLength(2);
  });

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a line break', 'a\r\nx-injected: 1'],
    ['a lone surrogate', 'caf\uD800'],
    ['non-Latin-1 text', 'Jakarta 🌏'],
  ])('serves a request with a header holding %s', async (_what, value) => {
    const res = await call(apiEvent('GET', '/status', { headers: { 'x-note': value } }));
    expect(res.status).toBe(200);
    expect(res.headers['x-injected']).toBeUndefined();
  });

  it('answers a base64 body that is not base64 as a bad body, not a failure', async () => {
    const event = {
      ...apiEvent('POST', '/subscriptions', { headers: { 'content-type': 'application/json' } }),
    };
    const res = await call({ ...event, body: '%%%not base64%%%', isBase64Encoded: true });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('invalid_json');
    expect(res.errors).toEqual([]);
  });

  it('serves an event whose cookies and domain are unusable, taking no origin from the Host header', async () => {
    const base = apiEvent('GET', '/summary.json', { headers: { host: 'evil.example' } });
    const event = {
      ...base,
      cookies: ['a=\u0000', 'b=\uD800'],
      requestContext: { ...base.requestContext, domainName: 'not a domain' },
    };
    const prepared = prepareEvent(event);
    expect(prepared.facts.origin).toBeNull();
    expect(prepared.event.requestContext.domainName).toBe('localhost');
    const res = await call(event);
    expect(res.status).toBe(200);
    expect(res.body).not.toContain('evil');
  });

  it('keeps the facts of the request: source address, request id, API Gateway domain', () => {
    const prepared = prepareEvent(apiEvent('POST', '/subscriptions', { sourceIp: '203.0.113.9' }));
    expect(prepared.facts).toEqual({
      sourceIp: '203.0.113.9',
      requestId: 'req-abc',
      origin: 'https://abc123.execute-api.ap-southeast-1.amazonaws.com',
    });
  });
});
