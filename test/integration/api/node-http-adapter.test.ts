import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../shared/api/json-body.js';
import { createNodeHttpListener } from '../../../shared/api/node-http-adapter.js';
import { createStatusApi } from '../../../shared/api/status-api.js';
import { makeDeps, state, type TestDeps } from '../../unit/api/fixtures.js';

let server: Server;
let base: string;
let deps: TestDeps;

beforeAll(async () => {
  deps = makeDeps();
  await deps.states.save(state(), null);
  server = createServer(createNodeHttpListener(createStatusApi(deps)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A raw request without Content-Length (chunked), to check the cap on bodies of undeclared size. */
function chunkedPost(path: string, chunks: readonly string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('node:http adapter', () => {
  it('serves a read with its status, headers and body', async () => {
    const res = await fetch(`${base}/targets/svc-wsdl?ignored=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=15');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toMatchObject({ id: 'svc-wsdl', status: 'up', stale: false });
    const again = await fetch(`${base}/targets/svc-wsdl`, {
      headers: { 'if-none-match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('passes the query string and answers errors as JSON', async () => {
    const res = await fetch(`${base}/targets/svc-wsdl/history?limit=0`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'bad_parameter', message: 'limit: must be an integer between 1 and 500' },
    });
    const head = await fetch(`${base}/status`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('takes a JSON body and uses the client address', async () => {
    const res = await fetch(`${base}/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'local@example.com' }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending_confirmation' });
    expect(deps.subscriber.confirmationsSent).toEqual(['local@example.com']);
  });

  it('answers 413 to a declared body over the limit without reading it', async () => {
    const res = await fetch(`${base}/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'big@example.com', padding: 'x'.repeat(MAX_BODY_BYTES * 4) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: 'payload_too_large', message: `body: must be at most ${MAX_BODY_BYTES} bytes` },
    });
  });

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const res = await chunkedPost('/subscriptions', [
      '{"email":"x@example.com","p":"',
      'y'.repeat(MAX_BODY_BYTES),
      '"}',
    ]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('payload_too_large');
    expect(deps.subscriber.confirmationsSent).not.toContain('x@example.com');
  });
});
