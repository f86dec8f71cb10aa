import { describe, expect, it } from 'vitest';
import {
  masterFakturWsdl,
  QR_NOT_FOUND,
  SOAP_FAULT,
  WSDL,
} from '../../../bench/support/fixture-server/bodies.js';
import { type ClassifyOptions, classifyExchange } from '../../../shared/probe/classify-exchange.js';
import { WorkBudget } from '../../../shared/probe/work-budget.js';
import type { CheckKind, ReasonCode } from '../../../shared/types.js';
import { exchange } from './exchanges.js';

const options = (check: CheckKind): ClassifyOptions => ({ check, degradedAfterMs: 3000 });
const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const OTHER_HOST = 'http://169.254.169.254/latest/meta-data/iam';

type Row = [name: string, check: CheckKind, body: string, status: number, reason: ReasonCode];

/** Answers that carry a secret wherever a classifier could quote from. */
const carriers: Row[] = [
  [
    'QR statusApproval',
    'efaktur-qr-validation',
    QR_NOT_FOUND.replace(/Faktur tidak[^<]*/, SECRET),
    200,
    'ok',
  ],
  ['QR root element', 'efaktur-qr-validation', `<${SECRET}><x/></${SECRET}>`, 200, 'unexpected_body'],
  ['WSDL root element', 'efaktur-wsdl', `<${SECRET}/>`, 200, 'unexpected_body'],
  [
    'WSDL namespace',
    'efaktur-wsdl',
    WSDL.replaceAll('http://schemas.xmlsoap.org/wsdl/"', `${SECRET}"`),
    200,
    'unexpected_body',
  ],
  [
    'WSDL targetNamespace',
    'efaktur-wsdl',
    masterFakturWsdl({ targetNamespace: SECRET }),
    200,
    'unexpected_body',
  ],
  [
    'WSDL name',
    'efaktur-wsdl',
    masterFakturWsdl({ name: SECRET, operation: 'other' }),
    200,
    'unexpected_body',
  ],
  [
    'HTML title',
    'efaktur-wsdl',
    `<html><head><title>${SECRET}</title></head></html>`,
    200,
    'unexpected_body',
  ],
  ['plain text', 'efaktur-qr-validation', SECRET, 200, 'unexpected_body'],
  ['malformed XML tag names', 'efaktur-wsdl', `<${SECRET}><b></${SECRET}>`, 200, 'unexpected_body'],
  ['SOAP fault', 'efaktur-wsdl', SOAP_FAULT.replace(/No binding[^<]*/, SECRET), 500, 'http_status'],
  ['maintenance page', 'efaktur-wsdl', `Sedang dalam perbaikan: ${SECRET}`, 503, 'maintenance_page'],
];

describe('another host answer (after a redirect)', () => {
  it.each(carriers)('is classified without quoting its %s', (_name, check, body, status, reason) => {
    const own = classifyExchange(exchange(body, { status }), options(check));
    const foreign = classifyExchange(exchange(body, { status, redirects: [OTHER_HOST] }), options(check));
    // The target's own answer may be quoted (that is what makes the test meaningful)...
    expect(own.detail).toContain(SECRET);
    // ...another host's never: the same verdict, no text of it.
    expect(foreign.reason).toBe(reason);
    expect(own.reason).toBe(reason);
    expect(foreign.detail).not.toContain(SECRET);
    expect(foreign.detail).not.toContain('AKIA');
  });

  it('says which host answered when the verdict is not up', () => {
    const foreign = exchange(`<html><title>${SECRET}</title></html>`, { redirects: [OTHER_HOST] });
    expect(classifyExchange(foreign, options('efaktur-wsdl')).detail).toBe(
      'HTML page after redirect to 169.254.169.254',
    );
  });

  it('keeps quoting the target own answer after a redirect on the same host', () => {
    const sameHost = exchange(QR_NOT_FOUND, {
      redirects: ['https://svc.example.test/validasi/faktur/1/2/3'],
    });
    expect(classifyExchange(sameHost, options('efaktur-qr-validation')).detail).toBe(
      'QR validation answered: Faktur tidak Valid, Tidak ditemukan data di DJP',
    );
  });
});

describe('control characters from a server', () => {
  const hostile = 'Login\u001b[2J\u001b]0;pwned\u0007 \u202eNow\u0007\r\nplease';

  it.each<[string, CheckKind, string, number]>([
    ['page title', 'efaktur-wsdl', `<html><head><title>${hostile}</title></head></html>`, 200],
    ['plain text', 'efaktur-wsdl', hostile, 200],
    ['QR statusApproval', 'efaktur-qr-validation', QR_NOT_FOUND.replace(/Faktur tidak[^<]*/, hostile), 200],
    ['SOAP fault', 'efaktur-wsdl', SOAP_FAULT.replace(/No binding[^<]*/, hostile), 500],
    ['maintenance sentence', 'efaktur-wsdl', `Sedang dalam perbaikan ${hostile}`, 200],
    [
      'WSDL name',
      'efaktur-wsdl',
      masterFakturWsdl({ name: hostile.replace(/[<&"]/g, ''), operation: 'x' }),
      200,
    ],
  ])('never reach the detail from a %s', (_name, check, body, status) => {
    const { detail } = classifyExchange(exchange(body, { status }), options(check));
    expect(detail).toMatch(/Login/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence is the point
    expect(detail).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(detail).not.toContain('pwned');
  });

  it('are stripped from a status phrase the server made up', () => {
    const odd = exchange('x', { status: 599, statusText: 'Oops\u001b[31m\u0007' });
    expect(classifyExchange(odd, options('efaktur-wsdl')).detail).toBe('HTTP 599 Oops');
  });
});

describe('pathological pages', () => {
  const MiB = 1024 * 1024;
  it.each<[string, string, ReasonCode]>([
    [
      'unterminated comments after the maintenance phrase',
      `sedang dalam perbaikan${'<!--'.repeat(MiB / 4)}`,
      'maintenance_page',
    ],
    [
      'unterminated tags after the maintenance phrase',
      `sedang dalam perbaikan ${'<a'.repeat(MiB / 2)}`,
      'maintenance_page',
    ],
    [
      'unterminated scripts after the maintenance phrase',
      `sedang dalam perbaikan ${'<script>'.repeat(MiB / 8)}`,
      'maintenance_page',
    ],
    ['unterminated titles', `<html>${'<title>'.repeat(MiB / 7)}`, 'unexpected_body'],
    ['a large JSON array', `[${'1,'.repeat(MiB)}1]`, 'unexpected_body'],
    ['unterminated attribute values', `<r a="${'x'.repeat(MiB)}`, 'unexpected_body'],
    ['a long run of entity-like text', `<r>${'&aaaa'.repeat(MiB / 5)}</r>`, 'unexpected_body'],
  ])('classifies %s in one pass', (_name, body, reason) => {
    expect(classifyExchange(exchange(body), options('efaktur-wsdl')).reason).toBe(reason);
  });

  it('calls a large JSON document JSON without parsing it', () => {
    const big = `[${'{"a":1},'.repeat(200_000)}{"a":1}]`;
    expect(classifyExchange(exchange(big), options('efaktur-wsdl')).detail).toBe(
      'JSON document instead of XML',
    );
  });
});

describe('the deadline covers classification', () => {
  it('reports a timeout when classification outlives what the exchange left of the deadline', () => {
    let now = 0;
    const budget = new WorkBudget(3, 10_000, () => ++now);
    const big = `<r>${'<b name="x">y</b>'.repeat(90_000)}</r>`;
    expect(classifyExchange(exchange(big), options('efaktur-wsdl'), budget)).toEqual({
      status: 'down',
      reason: 'timeout',
      detail: 'answer not classified within the 10.0 s deadline',
    });
  });

  it('reports a timeout before reading a body when no time is left', () => {
    const spent = new WorkBudget(0, 5000, () => 1);
    expect(classifyExchange(exchange(WSDL), options('efaktur-wsdl'), spent).reason).toBe('timeout');
  });
});
