import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  JSON_BODY,
  MAINTENANCE_HTML,
  MAINTENANCE_ODD_SPACING,
  MAINTENANCE_SPLIT_TAGS,
  MAINTENANCE_TEXT,
  masterFakturWsdl,
  NGINX_502,
  NGINX_504,
  OTHER_EFAKTUR_WSDL,
  OTHER_SERVICE_WSDL,
  PORTAL_LOGIN,
  QR_NOT_FOUND,
  QR_VALID,
  SOAP_FAULT,
  WAF_REJECTED,
  WSDL,
} from '../../../bench/support/fixture-server/bodies.js';
import { type ClassifyOptions, classifyExchange } from '../../../shared/probe/classify-exchange.js';
import type { CheckKind, ReasonCode } from '../../../shared/types.js';
import { exchange, failedExchange } from './exchanges.js';

const wsdl: ClassifyOptions = { check: 'efaktur-wsdl', degradedAfterMs: 3000 };
const qr: ClassifyOptions = { check: 'efaktur-qr-validation', degradedAfterMs: 3000 };
const http: ClassifyOptions = { check: 'http', degradedAfterMs: 3000, expectStatus: [200] };
const portal: ClassifyOptions = { check: 'djp-portal', degradedAfterMs: 3000, expectStatus: [200] };
const kinds: Record<CheckKind, ClassifyOptions> = {
  'efaktur-wsdl': wsdl,
  'efaktur-qr-validation': qr,
  http,
  'djp-portal': portal,
};

type Row = [
  name: string,
  kind: CheckKind,
  body: string,
  status: number,
  headers: Record<string, string>,
  reason: ReasonCode,
  detail: string | RegExp,
];

const rows: Row[] = [
  ['WSDL, wsdl: prefix', 'efaktur-wsdl', WSDL, 200, {}, 'ok', 'WSDL of MasterFakturService'],
  ['WSDL, default namespace', 'efaktur-wsdl', masterFakturWsdl({ prefix: '' }), 200, {}, 'ok', /^WSDL of/],
  ['WSDL, other prefix', 'efaktur-wsdl', masterFakturWsdl({ prefix: 'w' }), 200, {}, 'ok', /^WSDL of/],
  [
    'WSDL with BOM',
    'efaktur-wsdl',
    `\uFEFF${masterFakturWsdl({ declaration: true })}`,
    200,
    {},
    'ok',
    /^WSDL/,
  ],
  [
    'WSDL with CRLF and declaration',
    'efaktur-wsdl',
    masterFakturWsdl({ declaration: true, eol: '\r\n' }),
    200,
    {},
    'ok',
    /^WSDL/,
  ],
  [
    'WSDL preceded by blank lines',
    'efaktur-wsdl',
    `\r\n\n${masterFakturWsdl({ declaration: true })}`,
    200,
    {},
    'ok',
    /^WSDL/,
  ],
  ['WSDL served as text/html', 'efaktur-wsdl', WSDL, 200, { 'content-type': 'text/html' }, 'ok', /^WSDL/],
  [
    'WSDL whose targetNamespace lacks the trailing slash',
    'efaktur-wsdl',
    masterFakturWsdl({ targetNamespace: 'http://ws.services.etaxinvoice.pajak.go.id' }),
    200,
    {},
    'ok',
    /^WSDL/,
  ],
  [
    'WSDL of another service',
    'efaktur-wsdl',
    OTHER_SERVICE_WSDL,
    200,
    {},
    'unexpected_body',
    'WSDL of another service (targetNamespace http://ws.inventory.example.com/)',
  ],
  [
    'WSDL of another e-Faktur service',
    'efaktur-wsdl',
    OTHER_EFAKTUR_WSDL,
    200,
    {},
    'unexpected_body',
    'WSDL of another e-Faktur service ("endpoint/ReferensiService")',
  ],
  [
    'definitions outside the WSDL namespace',
    'efaktur-wsdl',
    WSDL.replaceAll('http://schemas.xmlsoap.org/wsdl/"', 'http://example.com/not-wsdl"'),
    200,
    {},
    'unexpected_body',
    '<wsdl:definitions> outside the WSDL 1.1 namespace (http://example.com/not-wsdl)',
  ],
  [
    'truncated WSDL',
    'efaktur-wsdl',
    WSDL.slice(0, WSDL.indexOf('</wsdl:types>')),
    200,
    {},
    'unexpected_body',
    'malformed XML: unclosed tags wsdl:definitions, wsdl:types',
  ],
  [
    'maintenance, plain text 200',
    'efaktur-wsdl',
    MAINTENANCE_TEXT,
    200,
    {},
    'maintenance_page',
    /sedang dalam/,
  ],
  [
    'maintenance, HTML 503',
    'efaktur-wsdl',
    MAINTENANCE_HTML,
    503,
    {},
    'maintenance_page',
    /^maintenance page \(HTTP 503 Service Unavailable\): ".*sedang dalam perbaikan/,
  ],
  [
    'maintenance, odd spacing and case',
    'efaktur-wsdl',
    MAINTENANCE_ODD_SPACING,
    200,
    {},
    'maintenance_page',
    /SEDANG dalam PerBaikan/,
  ],
  [
    'maintenance split across tags',
    'efaktur-wsdl',
    MAINTENANCE_SPLIT_TAGS,
    200,
    {},
    'maintenance_page',
    /sedang dalam perbaikan/,
  ],
  [
    'maintenance on the QR endpoint',
    'efaktur-qr-validation',
    MAINTENANCE_HTML,
    503,
    {},
    'maintenance_page',
    /perbaikan/,
  ],
  ['maintenance on an http target', 'http', MAINTENANCE_TEXT, 200, {}, 'maintenance_page', /perbaikan/],
  ['nginx 502', 'efaktur-wsdl', NGINX_502, 502, {}, 'http_status', 'HTTP 502 Bad Gateway'],
  ['nginx 504', 'efaktur-wsdl', NGINX_504, 504, {}, 'http_status', 'HTTP 504 Gateway Timeout'],
  [
    'WAF page',
    'efaktur-wsdl',
    WAF_REJECTED,
    200,
    { 'content-type': 'text/html' },
    'unexpected_body',
    'HTML page "Request Rejected"',
  ],
  [
    'captive portal page',
    'efaktur-wsdl',
    PORTAL_LOGIN,
    200,
    {},
    'unexpected_body',
    'HTML page "Hotspot Login"',
  ],
  [
    'HTML page without a title',
    'efaktur-wsdl',
    '<html><body>hi</body></html>',
    200,
    {},
    'unexpected_body',
    'HTML page without a title',
  ],
  ['empty 200', 'efaktur-wsdl', '', 200, {}, 'unexpected_body', 'empty body'],
  ['whitespace-only 200', 'efaktur-qr-validation', ' \r\n', 200, {}, 'unexpected_body', 'empty body'],
  ['JSON 200', 'efaktur-wsdl', JSON_BODY, 200, {}, 'unexpected_body', 'JSON document instead of XML'],
  ['plain text 200', 'efaktur-wsdl', 'OK', 200, {}, 'unexpected_body', 'text "OK"'],
  [
    'SOAP fault 500',
    'efaktur-wsdl',
    SOAP_FAULT,
    500,
    {},
    'http_status',
    'HTTP 500 Internal Server Error (SOAP fault: No binding operation info while invoking unknown method with params unknown.)',
  ],
  [
    'other XML document',
    'efaktur-wsdl',
    QR_VALID,
    200,
    {},
    'unexpected_body',
    'XML document <resValidateFakturPm> instead of a WSDL',
  ],
  [
    'QR validation, valid invoice',
    'efaktur-qr-validation',
    QR_VALID,
    200,
    {},
    'ok',
    'QR validation answered: Faktur Valid, Sudah Diapprove oleh DJP',
  ],
  [
    'QR validation, unknown invoice is still up',
    'efaktur-qr-validation',
    QR_NOT_FOUND,
    200,
    {},
    'ok',
    'QR validation answered: Faktur tidak Valid, Tidak ditemukan data di DJP',
  ],
  [
    'QR validation answered with HTML',
    'efaktur-qr-validation',
    NGINX_502.replace('502 Bad Gateway', 'Error'),
    200,
    {},
    'unexpected_body',
    'HTML page "Error"',
  ],
  [
    'QR validation answered with a WSDL',
    'efaktur-qr-validation',
    WSDL,
    200,
    {},
    'unexpected_body',
    'XML document <wsdl:definitions> instead of resValidateFakturPm',
  ],
  ['QR validation 404', 'efaktur-qr-validation', 'Not Found', 404, {}, 'http_status', 'HTTP 404 Not Found'],
  ['http 200', 'http', 'status: healthy', 200, {}, 'ok', 'HTTP 200 OK'],
  ['http 404', 'http', 'nope', 404, {}, 'http_status', 'HTTP 404 Not Found (expected 200)'],
];

describe('classifyExchange', () => {
  it.each(rows)('%s (%s)', (_name, kind, body, status, headers, reason, detail) => {
    const verdict = classifyExchange(exchange(body, { status, headers }), kinds[kind]);
    expect(verdict.reason).toBe(reason);
    if (typeof detail === 'string') expect(verdict.detail).toBe(detail);
    else expect(verdict.detail).toMatch(detail);
    expect(verdict.status).toBe(
      reason === 'ok' ? 'up' : reason === 'maintenance_page' ? 'maintenance' : 'down',
    );
  });

  it('reports a transport failure as it is, before looking at any body', () => {
    const verdict = classifyExchange(
      failedExchange({ reason: 'timeout', detail: 'connect timeout after 10.0 s' }),
      wsdl,
    );
    expect(verdict).toEqual({ status: 'down', reason: 'timeout', detail: 'connect timeout after 10.0 s' });
  });

  it('lets a body failure (too large) win over the text read so far', () => {
    const partial = exchange(MAINTENANCE_TEXT, {
      failure: { reason: 'too_large', detail: 'body larger than 1 MiB' },
    });
    expect(classifyExchange(partial, wsdl).reason).toBe('too_large');
  });

  it('marks a valid answer slower than degradedAfterMs as degraded/slow', () => {
    const slow = exchange(WSDL, {
      timings: { dnsMs: 1, connectMs: 1, tlsMs: 1, ttfbMs: 3400, totalMs: 3412 },
    });
    expect(classifyExchange(slow, wsdl)).toEqual({
      status: 'degraded',
      reason: 'slow',
      detail: 'WSDL of MasterFakturService, slow: 3.4 s (over 3.0 s)',
    });
    expect(classifyExchange(slow, { ...wsdl, degradedAfterMs: 5000 }).reason).toBe('ok');
  });

  it('never calls a slow failure degraded', () => {
    const slowError = exchange(NGINX_502, {
      status: 502,
      timings: { dnsMs: 1, connectMs: 1, tlsMs: 1, ttfbMs: 5000, totalMs: 5000 },
    });
    expect(classifyExchange(slowError, wsdl).reason).toBe('http_status');
  });

  it('names the other host a failing answer came from after a redirect', () => {
    const portal = exchange(PORTAL_LOGIN, {
      redirects: ['http://portal.example.net:8080/login'],
      headers: { 'content-type': 'text/html' },
    });
    // Another host's text is never quoted: its title stays out of the detail.
    expect(classifyExchange(portal, wsdl).detail).toBe('HTML page after redirect to portal.example.net:8080');
    const sameHost = exchange(WSDL, { redirects: ['https://svc.example.test/svc/other?wsdl'] });
    expect(classifyExchange(sameHost, wsdl).reason).toBe('ok');
  });

  it('decodes the charset the server declares', () => {
    const latin1 = Buffer.from(
      'Service sedang dalam perbaikan, mohon maaf atas ketidaknyamanan \xe9',
      'latin1',
    );
    const verdict = classifyExchange(
      exchange(latin1, { headers: { 'content-type': 'text/plain; charset=ISO-8859-1' } }),
      wsdl,
    );
    expect(verdict.reason).toBe('maintenance_page');
    expect(verdict.detail).toContain('é');
  });

  it('does not decode bodies twice: a gzip body that reached the classifier is not XML', () => {
    expect(classifyExchange(exchange(gzipSync(WSDL)), wsdl).reason).toBe('unexpected_body');
  });

  it('applies expectStatus, mustContain and mustNotContain for http targets', () => {
    const options: ClassifyOptions = {
      check: 'http',
      degradedAfterMs: 3000,
      expectStatus: [200, 204],
      mustContain: 'healthy',
      mustNotContain: 'degraded mode',
    };
    expect(classifyExchange(exchange('status: healthy'), options).reason).toBe('ok');
    expect(
      classifyExchange(exchange('', { status: 204 }), { ...options, mustContain: undefined }).reason,
    ).toBe('ok');
    expect(classifyExchange(exchange('status: sick'), options)).toEqual({
      status: 'down',
      reason: 'unexpected_body',
      detail: 'text "healthy" not found in the body',
    });
    expect(classifyExchange(exchange('healthy, degraded mode'), options).detail).toBe(
      'text "degraded mode" found in the body',
    );
    expect(
      classifyExchange(exchange('x', { status: 301, statusText: 'Moved Permanently' }), options).detail,
    ).toBe('HTTP 301 Moved Permanently (expected 200, 204)');
  });

  it('keeps details to one short line', () => {
    const long = `<html><head><title>${'Sangat panjang '.repeat(30)}</title></head></html>`;
    const verdict = classifyExchange(exchange(long), wsdl);
    expect(verdict.detail.length).toBeLessThanOrEqual(160);
    expect(verdict.detail).not.toMatch(/\n/);
  });

  it('classifies pathological XML without throwing', () => {
    const deep = `${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`;
    expect(classifyExchange(exchange(deep), wsdl).reason).toBe('unexpected_body');
    const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "${'A'.repeat(20000)}">]><x>&a;&a;&a;</x>`;
    expect(classifyExchange(exchange(bomb), wsdl).status).toBe('down');
  });
});
