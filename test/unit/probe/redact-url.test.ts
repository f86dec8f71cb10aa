import { describe, expect, it } from 'vitest';
import { redactUrl, redactUrlsInText } from '../../../shared/probe/redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['user and password', 'http://user:pass@svc.example/svc?wsdl', 'http://***@svc.example/svc?wsdl'],
    ['user only (a token)', 'https://ghp_token@svc.example/', 'https://***@svc.example/'],
    ['password only', 'http://:secret@svc.example/', 'http://***@svc.example/'],
    ['percent-encoded userinfo', 'http://a%40b:p%3Aw@svc.example/', 'http://***@svc.example/'],
    ['an @ in the password', 'http://u:p@ss@svc.example/x', 'http://***@svc.example/x'],
    ['an IPv6 host', 'http://u:p@[fd00:ec2::254]:8080/', 'http://***@[fd00:ec2::254]:8080/'],
    ['upper-case scheme', 'HTTPS://U:P@svc.example/', 'https://***@svc.example/'],
    ['a backslash after the host', 'http://u:p@svc.example\\@evil/', 'http://***@svc.example/@evil/'],
    ['a URL the parser refuses', 'http://u:p@[not-an-ip/x', 'http://***@[not-an-ip/x'],
  ])('redacts %s', (_name, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    expect(redactUrl(url)).not.toMatch(/pass|secret|token|p%3Aw|U:P/);
  });

  it.each([
    'https://svc.efaktur.pajak.go.id/svc/MasterFakturService?wsdl',
    'http://svc.efaktur.pajak.go.id/validasi/faktur/010000000000000/0100000000001/abc',
    'http://svc.example/path/with@sign?q=a@b#f@g',
    'not a url',
  ])('leaves %s as it is', (url) => {
    expect(redactUrl(url)).toBe(url);
  });
});

describe('redactUrlsInText', () => {
  it('redacts every URL with credentials in a text and nothing else', () => {
    expect(
      redactUrlsInText('from http://a:b@x.example/ to "https://tok@y.example/p", mail me at ops@example.com'),
    ).toBe('from http://***@x.example/ to "https://***@y.example/p", mail me at ops@example.com');
  });
});
