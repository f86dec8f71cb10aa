import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closedPortUrl,
  type FixtureServer,
  startFixtureServer,
} from '../../../bench/support/fixture-server/index.js';
import { httpCheck } from '../../../shared/probe/http-check.js';
import { attemptTarget, type ProbeTargetSpec, probeTarget } from '../../../shared/probe/probe-target.js';
import type { CheckKind, ReasonCode } from '../../../shared/types.js';
import { loopbackLookup, nxdomainLookup, silentLookup } from './lookups.js';

let plain: FixtureServer;
let secure: FixtureServer;
beforeAll(async () => {
  [plain, secure] = await Promise.all([startFixtureServer(), startFixtureServer({ tls: true })]);
});
afterAll(async () => {
  await Promise.all([plain?.close(), secure?.close()]);
});

const spec = (url: string, overrides: Partial<ProbeTargetSpec> = {}): ProbeTargetSpec => ({
  url,
  check: 'efaktur-wsdl',
  timeoutMs: 5000,
  degradedAfterMs: 3000,
  retryDelayMs: 0,
  maxBodyBytes: 1024 * 1024,
  ...overrides,
});

type Row = [
  fixture: string,
  check: CheckKind,
  reason: ReasonCode,
  detail: string | RegExp,
  overrides: Partial<ProbeTargetSpec> & { query?: Record<string, number> },
];

// Deadlines are short so hanging fixtures end fast; assertions are on the classification only.
const rows: Row[] = [
  ['wsdl-prefixed', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  ['wsdl-default-ns', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  ['wsdl-other-prefix', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  ['wsdl-bom', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  ['wsdl-crlf', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  ['wsdl-gzip', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  ['wsdl-br', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  ['wsdl-deflate', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  ['wsdl-deflate-raw', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  ['wsdl-chunked', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  ['wsdl-as-html', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  ['wsdl-redirect', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', {}],
  [
    'wsdl-slow',
    'efaktur-wsdl',
    'slow',
    /^WSDL of MasterFakturService, slow: \d+\.\d s \(over 0\.1 s\)$/,
    { query: { delayMs: 400 }, degradedAfterMs: 100 },
  ],
  [
    'wsdl-other-service',
    'efaktur-wsdl',
    'unexpected_body',
    'WSDL of another service (targetNamespace http://ws.inventory.example.com/)',
    {},
  ],
  [
    'wsdl-other-efaktur-service',
    'efaktur-wsdl',
    'unexpected_body',
    'WSDL of another e-Faktur service ("endpoint/ReferensiService")',
    {},
  ],
  ['wsdl-truncated', 'efaktur-wsdl', 'unexpected_body', /^malformed XML: /, {}],
  [
    'maintenance-plain',
    'efaktur-wsdl',
    'maintenance_page',
    /^maintenance page: ".*sedang dalam perbaikan/,
    {},
  ],
  [
    'maintenance-html-503',
    'efaktur-wsdl',
    'maintenance_page',
    /^maintenance page \(HTTP 503 Service Unavailable\)/,
    {},
  ],
  ['maintenance-odd-spacing', 'efaktur-wsdl', 'maintenance_page', /SEDANG dalam PerBaikan/, {}],
  ['maintenance-split-tags', 'efaktur-wsdl', 'maintenance_page', /sedang dalam perbaikan/, {}],
  ['maintenance-html-503', 'efaktur-qr-validation', 'maintenance_page', /perbaikan/, {}],
  ['nginx-502', 'efaktur-wsdl', 'http_status', 'HTTP 502 Bad Gateway', {}],
  ['nginx-504', 'efaktur-wsdl', 'http_status', 'HTTP 504 Gateway Timeout', {}],
  ['waf-rejected', 'efaktur-wsdl', 'unexpected_body', 'HTML page "Request Rejected"', {}],
  [
    'captive-portal',
    'efaktur-wsdl',
    'unexpected_body',
    // Another host's page: its title is not quoted.
    /^HTML page after redirect to 127\.0\.0\.1:\d+$/,
    {},
  ],
  [
    'redirect-loop',
    'efaktur-wsdl',
    'redirect',
    /^redirect loop back to http:\/\/127\.0\.0\.1:\d+\/redirect-loop$/,
    {},
  ],
  [
    'redirect-chain',
    'efaktur-wsdl',
    'redirect',
    /^more than 3 redirects \(next: .*\/wsdl-prefixed\)$/,
    { query: { n: 4 } },
  ],
  ['redirect-chain', 'efaktur-wsdl', 'ok', 'WSDL of MasterFakturService', { query: { n: 3 } }],
  ['empty-200', 'efaktur-wsdl', 'unexpected_body', 'empty body', {}],
  ['json-200', 'efaktur-wsdl', 'unexpected_body', 'JSON document instead of XML', {}],
  [
    'soap-fault-500',
    'efaktur-wsdl',
    'http_status',
    /^HTTP 500 Internal Server Error \(SOAP fault: No binding operation info/,
    {},
  ],
  ['gzip-corrupt', 'efaktur-wsdl', 'unexpected_body', /^gzip decoding failed: /, {}],
  ['zstd-encoded', 'efaktur-wsdl', 'unexpected_body', 'unsupported Content-Encoding "zstd"', {}],
  ['hang-before-headers', 'efaktur-wsdl', 'timeout', 'no response after 0.5 s', { timeoutMs: 500 }],
  [
    'slow-drip',
    'efaktur-wsdl',
    'timeout',
    'body incomplete after 0.5 s',
    { timeoutMs: 500, query: { intervalMs: 50 } },
  ],
  ['huge-body', 'efaktur-wsdl', 'too_large', 'body larger than 1 MiB', { query: { mb: 5 } }],
  ['reset-mid-body', 'efaktur-wsdl', 'reset', /^connection reset after .* of body \(ECONNRESET\)$/, {}],
  ['close-before-headers', 'efaktur-wsdl', 'reset', 'connection closed before a response (ECONNRESET)', {}],
  [
    'qr-valid',
    'efaktur-qr-validation',
    'ok',
    'QR validation answered: Faktur Valid, Sudah Diapprove oleh DJP',
    {},
  ],
  [
    'qr-not-found',
    'efaktur-qr-validation',
    'ok',
    'QR validation answered: Faktur tidak Valid, Tidak ditemukan data di DJP',
    {},
  ],
  ['qr-html', 'efaktur-qr-validation', 'unexpected_body', 'HTML page "e-Faktur"', {}],
  ['http-ok', 'http', 'ok', 'HTTP 200 OK', {}],
  ['http-404', 'http', 'http_status', 'HTTP 404 Not Found (expected 200)', {}],
  [
    'waf-rejected',
    'http',
    'unexpected_body',
    'text "rejected" found in the body',
    { mustNotContain: 'rejected' },
  ],
];

describe('the probe against every fixture', () => {
  it.each(rows)('%s as %s → %s', async (fixture, check, reason, detail, overrides) => {
    const { query, ...rest } = overrides;
    const outcome = await attemptTarget(spec(plain.url(fixture, query), { check, ...rest }));
    expect(outcome.reason).toBe(reason);
    if (typeof detail === 'string') expect(outcome.detail).toBe(detail);
    else expect(outcome.detail).toMatch(detail);
    expect(outcome.bytes).toBeLessThanOrEqual(1024 * 1024);
  });

  it('records redirects, the remote address and the status of the final answer', async () => {
    const outcome = await attemptTarget(spec(plain.url('wsdl-redirect')));
    expect(outcome.redirects).toEqual([`${plain.origin}/wsdl-prefixed?from=redirect`]);
    expect(outcome).toMatchObject({ httpStatus: 200, remoteAddress: '127.0.0.1', bytes: expect.any(Number) });
    expect(outcome.timings.connectMs).not.toBeNull();
    expect(outcome.timings.ttfbMs).not.toBeNull();
    expect(outcome.timings.tlsMs).toBeNull();
  });

  it('records a captive portal redirect to another host', async () => {
    const outcome = await attemptTarget(spec(plain.url('captive-portal')));
    expect(outcome.redirects).toEqual([`${plain.peerOrigin}/portal-login`]);
  });

  it('reports a closed port as refused', async () => {
    const outcome = await attemptTarget(spec(await closedPortUrl()));
    expect(outcome).toMatchObject({ status: 'down', reason: 'refused', httpStatus: null });
    expect(outcome.detail).toMatch(/^connection refused by 127\.0\.0\.1:\d+$/);
  });

  it('reports an unresolvable name as dns, without any real DNS query', async () => {
    const outcome = await attemptTarget(spec('http://svc.efaktur.invalid/svc?wsdl'), {
      lookup: nxdomainLookup,
    });
    expect(outcome).toMatchObject({
      status: 'down',
      reason: 'dns',
      detail: 'cannot resolve svc.efaktur.invalid (ENOTFOUND)',
    });
  });

  it('names the DNS phase when resolution outlives the deadline', async () => {
    const outcome = await attemptTarget(spec('http://svc.efaktur.test/svc?wsdl', { timeoutMs: 300 }), {
      lookup: silentLookup,
    });
    expect(outcome).toMatchObject({ reason: 'timeout', detail: 'DNS lookup timeout after 0.3 s' });
  });

  it('times a resolved name and connects to the address it resolved to', async () => {
    const port = new URL(plain.origin).port;
    const outcome = await attemptTarget(spec(`http://svc.efaktur.test:${port}/wsdl-prefixed`), {
      lookup: loopbackLookup,
    });
    expect(outcome).toMatchObject({ reason: 'ok', remoteAddress: '127.0.0.1' });
    expect(outcome.timings.dnsMs).not.toBeNull();
  });

  it('confirms a failure with a second request to the server and reports both', async () => {
    const before = plain.requests.filter((r) => r === 'nginx-504').length;
    const { reported, attempts } = await probeTarget(spec(plain.url('nginx-504')), { sleep: async () => {} });
    expect(attempts.map((a) => a.reason)).toEqual(['http_status', 'http_status']);
    expect(reported).toBe(attempts[1]);
    expect(plain.requests.filter((r) => r === 'nginx-504').length - before).toBe(2);
  });
});

describe('TLS', () => {
  it('rejects a self-signed certificate as tls, naming the node error code', async () => {
    const outcome = await attemptTarget(spec(secure.url('wsdl-prefixed')));
    expect(outcome).toMatchObject({
      status: 'down',
      reason: 'tls',
      detail: 'TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    });
  });

  it('accepts it with the insecure option and reports the certificate expiry', async () => {
    const outcome = await attemptTarget(spec(secure.url('wsdl-prefixed')), { insecure: true });
    expect(outcome.reason).toBe('ok');
    expect(outcome.tls).not.toBeNull();
    const validTo = Date.parse(outcome.tls!.validTo);
    const expectedDays = Math.floor((validTo - Date.parse(outcome.startedAt)) / 86_400_000);
    expect(outcome.tls!.daysLeft).toBe(expectedDays);
    expect(outcome.tls!.daysLeft).toBeGreaterThanOrEqual(28);
    expect(outcome.tls!.daysLeft).toBeLessThanOrEqual(30);
    expect(outcome.timings.tlsMs).not.toBeNull();
  });

  it('computes days left from the injected clock', async () => {
    const outcome = await attemptTarget(spec(secure.url('wsdl-prefixed')), {
      insecure: true,
      now: () => new Date('2000-01-01T00:00:00.000Z'),
    });
    expect(outcome.startedAt).toBe('2000-01-01T00:00:00.000Z');
    expect(outcome.tls!.daysLeft).toBeGreaterThan(9000);
  });

  it('reports a plain-HTTP server behind an https URL as tls', async () => {
    const url = plain.url('wsdl-prefixed').replace('http:', 'https:');
    const outcome = await attemptTarget(spec(url));
    expect(outcome.reason).toBe('tls');
    expect(outcome.detail).toBe('TLS: wrong version number (EPROTO)');
  });

  it('names the TLS phase when the handshake never completes', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const outcome = await attemptTarget(spec(`https://127.0.0.1:${port}/`, { timeoutMs: 300 }));
      expect(outcome).toMatchObject({ reason: 'timeout', detail: 'TLS handshake timeout after 0.3 s' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('memory', () => {
  it('reads a 50 MB body only up to the cap and keeps memory bounded', async () => {
    const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const before = used();
    const exchange = await httpCheck(plain.url('huge-body', { mb: 50 }), {
      timeoutMs: 10_000,
      maxBodyBytes: 1024 * 1024,
    });
    const growth = used() - before;
    expect(exchange.failure?.reason).toBe('too_large');
    expect(exchange.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(exchange.answer?.body.length).toBeLessThanOrEqual(1024 * 1024);
    expect(growth).toBeLessThan(20 * 1024 * 1024);
  });

  it('stops a compressed body at the cap on decoded bytes (decompression bomb)', async () => {
    const { gzipSync } = await import('node:zlib');
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 'a'));
    const server = await startFixtureServer({
      behaviours: {
        bomb: (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': 'gzip' });
          res.end(bomb);
        },
      },
    });
    try {
      const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
      const before = used();
      const exchange = await httpCheck(server.url('bomb'), { timeoutMs: 10_000, maxBodyBytes: 1024 * 1024 });
      expect(bomb.length).toBeLessThan(1024 * 1024);
      expect(exchange.failure).toEqual({ reason: 'too_large', detail: 'body larger than 1 MiB' });
      expect(exchange.bytes).toBe(1024 * 1024);
      expect(used() - before).toBeLessThan(20 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });
});
