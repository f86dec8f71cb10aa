import { request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApiServer } from '../../../shared/adapters/node/local-server.js';
import { MAX_BODY_BYTES } from '../../../shared/api/json-body.js';
import { createStatusApi } from '../../../shared/api/status-api.js';
import { makeDeps, state, type TestDeps } from '../../unit/api/fixtures.js';

let server: Server;
let base: string;
let deps: TestDeps;

beforeAll(async () => {
  deps = makeDeps();
  await deps.states.save(state(), null);
  server = createLocalApiServer(createStatusApi(deps));
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

/** Sends `head` (and `body`) as written on one connection and resolves with the status line and the body. */
function raw(head: string, body = ''): Promise<{ statusLine: string; body: string }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [headers = '', rest = ''] = received.split('\r\n\r\n');
      resolve({ statusLine: headers.split('\r\n')[0] ?? '', body: rest });
    });
    socket.write(`${head}\r\nConnection: close\r\n\r\n${body}`);
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

  it.each([
    ['a backslash in the path', 'GET /targets\\svc-wsdl HTTP/1.1\r\nHost: 127.0.0.1'],
    ['a TRACE', 'TRACE /status HTTP/1.1\r\nHost: 127.0.0.1'],
    ['a Host that is no host name', 'GET /nope HTTP/1.1\r\nHost: a b:99999'],
  ])('answers %s with a JSON error, never a bare 400', async (_what, head) => {
    const res = await raw(head);
    expect(res.statusLine).toMatch(/^HTTP\/1\.1 4(04|05) /);
    expect(Object.keys(JSON.parse(res.body))).toEqual(['error']);
  });

  it('serves a GET that carries a body, and a Host header never shapes an answer', async () => {
    const res = await raw('GET /summary.json HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 7', '{"x":1}');
    expect(res.statusLine).toBe('HTTP/1.1 200 OK');
    expect(res.body).not.toContain('evil');
  });
});
