import { STATUS_CODES } from 'node:http';
import type { HttpExchange } from '../../../shared/probe/http-check.js';

/** A synthetic exchange: a 200 answer with `body` unless overridden. */
export function exchange(
  body: string | Buffer,
  overrides: Partial<Omit<HttpExchange, 'answer'>> & {
    readonly status?: number;
    readonly statusText?: string;
    readonly headers?: Record<string, string>;
  } = {},
): HttpExchange {
  const { status = 200, statusText, headers = {}, ...rest } = overrides;
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const url = 'https://svc.example.test/svc/MasterFakturService?wsdl';
  return {
    startedAt: '2026-03-15T03:00:00.000Z',
    url,
    redirects: [],
    timings: { dnsMs: 1, connectMs: 2, tlsMs: 3, ttfbMs: 40, totalMs: 50 },
    remoteAddress: '192.0.2.10',
    tls: null,
    bytes: bytes.length,
    answer: {
      // As in a real exchange: the answer is the last redirect's.
      url: rest.redirects?.[rest.redirects.length - 1] ?? url,
      status,
      statusText: statusText ?? STATUS_CODES[status] ?? '',
      headers: { 'content-type': 'text/xml;charset=UTF-8', ...headers },
      body: bytes,
    },
    failure: null,
    ...rest,
  };
}

/** An exchange that failed before any answer. */
export function failedExchange(failure: HttpExchange['failure'], totalMs = 50): HttpExchange {
  return {
    startedAt: '2026-03-15T03:00:00.000Z',
    url: 'https://svc.example.test/svc/MasterFakturService?wsdl',
    redirects: [],
    timings: { dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: null, totalMs },
    remoteAddress: null,
    tls: null,
    bytes: 0,
    answer: null,
    failure,
  };
}
