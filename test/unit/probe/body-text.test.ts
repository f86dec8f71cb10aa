import { describe, expect, it } from 'vitest';
import { WSDL } from '../../../bench/support/fixture-server/bodies.js';
import { decodeBody, describeBody, htmlTitle, visibleText } from '../../../shared/probe/body-text.js';
import { formatBytes, formatSeconds, shorten } from '../../../shared/probe/format.js';
import { scanXml } from '../../../shared/probe/xml-scan.js';

describe('decodeBody', () => {
  it('drops a UTF-8 byte order mark', () => {
    expect(decodeBody(Buffer.from('\uFEFF<a/>'), 'text/xml')).toBe('<a/>');
  });

  it('follows a UTF-16 byte order mark over the declared charset', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>é</a>', 'utf16le')]);
    expect(decodeBody(utf16, 'text/xml; charset=utf-8')).toBe('<a>é</a>');
  });

  it('uses the Content-Type charset, then the XML declaration', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>caf\xe9</a>', 'latin1');
    expect(decodeBody(latin1, 'text/xml')).toContain('café');
    expect(decodeBody(Buffer.from('caf\xe9', 'latin1'), 'text/plain; charset="windows-1252"')).toBe('café');
  });

  it('falls back to UTF-8 for an unknown charset', () => {
    expect(decodeBody(Buffer.from('héllo'), 'text/plain; charset=klingon')).toBe('héllo');
  });
});

describe('page text', () => {
  it('shows what a reader sees', () => {
    expect(visibleText('<p>a&amp;b&nbsp;&lt;c&gt; &#x41;&#66;</p><style>p{}</style>')).toBe('a&b <c> AB');
  });

  it('reads the title', () => {
    expect(htmlTitle('<title>\n Request &amp; Rejected </title>')).toBe('Request & Rejected');
    expect(htmlTitle('<title></title>')).toBeNull();
  });

  it.each([
    ['', 'empty body'],
    ['<!DOCTYPE html><html><head><title>Masuk</title></head></html>', 'HTML page "Masuk"'],
    ['<html><body>x</body></html>', 'HTML page without a title'],
    ['[1,2]', 'JSON document instead of XML'],
    ['{not json', 'text "{not json"'],
    ['Service Unavailable', 'text "Service Unavailable"'],
  ])('describes %j as %s', (body, description) => {
    expect(describeBody(body)).toBe(description);
  });
});

describe('formatting', () => {
  it('formats seconds with one decimal', () => {
    expect(formatSeconds(10_000)).toBe('10.0 s');
    expect(formatSeconds(3412)).toBe('3.4 s');
  });

  it('formats byte counts', () => {
    expect(formatBytes(1024 * 1024)).toBe('1 MiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(953)).toBe('953 bytes');
  });

  it('shortens to one line', () => {
    expect(shorten('a\n  b')).toBe('a b');
    expect(shorten('abcdefghij', 5)).toBe('abcd…');
  });
});

describe('malformed XML details', () => {
  it('names the tags a truncated document leaves open', () => {
    const cut = WSDL.slice(0, WSDL.indexOf('</wsdl:portType>'));
    expect(scanXml(cut)).toEqual({
      ok: false,
      error: 'unclosed tags wsdl:definitions, wsdl:portType',
      beyondLimits: false,
    });
    expect(scanXml(WSDL.slice(0, WSDL.indexOf('<wsdl:portType')))).toEqual({
      ok: false,
      error: "Unclosed tag 'wsdl:definitions' (line 1)",
      beyondLimits: false,
    });
  });
});
