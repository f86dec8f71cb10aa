import { describe, expect, it } from 'vitest';
import { type ClassifyOptions, classifyExchange } from '../../../shared/probe/classify-exchange.js';
import type { CheckKind } from '../../../shared/types.js';
import { masterFakturWsdl, QR_NOT_FOUND, SOAP_FAULT } from '../../support/fixture-server/bodies.js';
import { exchange } from './exchanges.js';

const options = (check: CheckKind): ClassifyOptions => ({ check, degradedAfterMs: 3000 });

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
