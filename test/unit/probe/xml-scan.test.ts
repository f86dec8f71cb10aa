import { describe, expect, it } from 'vitest';
import { QR_VALID, SOAP_FAULT, WSDL } from '../../../bench/support/fixture-server/bodies.js';
import { ClassificationDeadlineError, WorkBudget } from '../../../shared/probe/work-budget.js';
import { scanXml, XML_LIMITS } from '../../../shared/probe/xml-scan.js';

describe('scanXml', () => {
  it('reads the root, its namespace and its attributes', () => {
    const scan = scanXml(WSDL);
    expect(scan.ok && scan.root).toMatchObject({
      name: 'wsdl:definitions',
      localName: 'definitions',
      namespace: 'http://schemas.xmlsoap.org/wsdl/',
      attributes: { targetNamespace: 'http://ws.services.etaxinvoice.pajak.go.id/' },
    });
  });

  it('visits every element in document order with its name attribute', () => {
    const seen: string[] = [];
    scanXml('<a name="1"><b/><c name="x &amp; y">t</c></a>', {
      onElement: (tag, name) => seen.push(`${tag}=${name ?? ''}`),
    });
    expect(seen).toEqual(['a=1', 'b=', 'c=x &amp; y']);
  });

  it('reads the first text of the elements asked for, references decoded, at most MAX_XML_TEXT', () => {
    const qr = scanXml(QR_VALID, { texts: ['statusApproval'] });
    expect(qr.ok && qr.texts.get('statusApproval')).toBe('Faktur Valid, Sudah Diapprove oleh DJP');
    const fault = scanXml(SOAP_FAULT, { texts: ['faultstring'] });
    expect(fault.ok && fault.texts.get('faultstring')).toMatch(/^No binding operation info/);
    const mixed = scanXml('<r><t> a &lt;b&gt; <![CDATA[<c>]]> &#65; </t><t>second</t></r>', { texts: ['t'] });
    expect(mixed.ok && mixed.texts.get('t')).toBe('a <b> <c> A');
    const long = scanXml(`<r><t>${'x'.repeat(100_000)}</t></r>`, { texts: ['t'] });
    expect(long.ok && long.texts.get('t')).toHaveLength(1024);
  });

  it.each([
    ['<a>', "Unclosed tag 'a' (line 1)"],
    ['<a><b>', 'unclosed tags a, b'],
    ['<a><b></a>', "Expected closing tag 'b' (opened in line 1) instead of 'a' (line 1)"],
    ['<a>x & y</a>', "char '&' is not expected (line 1)"],
    ['<a>x</a>tail', 'Extra text at the end (line 1)'],
    ['pre<a/>', "char 'p' is not expected (line 1)"],
    ['<a b/>', "boolean attribute 'b' is not allowed (line 1)"],
    ['<a b="1"c="2"/>', "Attribute 'c' has no space in starting (line 1)"],
    ['<a b="1/>', "Attribute 'b' has an unclosed value (line 1)"],
    ['<a><!-- open', 'Unclosed comment (line 1)'],
    ['<a>\n<![CDATA[ open', 'Unclosed CDATA section (line 2)'],
    ['<a/><?xml version="1.0"?>', 'XML declaration allowed only at the start of the document (line 1)'],
    ['<1a/>', 'invalid tag name (line 1)'],
    ['< a/>', "Invalid space after '<' (line 1)"],
    ['', 'no root element'],
  ])('calls %j malformed: %s', (text, error) => {
    expect(scanXml(text)).toEqual({ ok: false, error, beyondLimits: false });
  });

  it('accepts a declaration, comments, processing instructions and a DOCTYPE without expanding it', () => {
    const text = `\uFEFF<?xml version="1.0"?><!-- c --><!DOCTYPE r [<!ENTITY a "${'A'.repeat(1000)}">]><?pi x?><r>&a;&a;</r><!-- end -->`;
    const scan = scanXml(text, { texts: ['r'] });
    expect(scan.ok && scan.texts.get('r')).toBe('&a;&a;');
  });

  it.each([
    ['deep nesting', '<a>'.repeat(XML_LIMITS.depth + 1), `elements nested deeper than ${XML_LIMITS.depth}`],
    [
      'too many elements',
      `<r>${'<b/>'.repeat(XML_LIMITS.elements)}</r>`,
      `more than ${XML_LIMITS.elements} elements`,
    ],
    [
      'too many attributes',
      `<r ${Array.from({ length: XML_LIMITS.attributesPerElement + 1 }, (_, i) => `a${i}="x"`).join(' ')}/>`,
      `more than ${XML_LIMITS.attributesPerElement} attributes on one element`,
    ],
  ])('stops at its limits: %s', (_name, text, error) => {
    expect(scanXml(text)).toEqual({ ok: false, error, beyondLimits: true });
  });

  it('accepts a document right at its limits', () => {
    expect(scanXml(`${'<a>'.repeat(XML_LIMITS.depth)}${'</a>'.repeat(XML_LIMITS.depth)}`).ok).toBe(true);
  });

  it('stops with the deadline: the budget is asked as the work goes on', () => {
    let now = 0;
    // The clock moves 1 ms each time it is read; the deadline is 5 ms away.
    const budget = new WorkBudget(5, 10_000, () => ++now);
    const text = `<r>${'<b>text</b>'.repeat(60_000)}</r>`;
    expect(() => scanXml(text, { budget })).toThrow(ClassificationDeadlineError);
    expect(now).toBe(6);
  });

  it('reads a large document without asking the clock more than every 64 Ki characters', () => {
    let reads = 0;
    const budget = new WorkBudget(Number.MAX_SAFE_INTEGER, 10_000, () => ++reads);
    const text = `<r>${'x'.repeat(1024 * 1024)}</r>`;
    expect(scanXml(text, { budget }).ok).toBe(true);
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(16);
  });
});
