import { describe, expect, it } from 'vitest';
import { type ClassifyOptions, classifyExchange } from '../../../shared/probe/classify-exchange.js';
import { outlinePage } from '../../../shared/probe/html-outline.js';
import type { ReasonCode } from '../../../shared/types.js';
import { djpPage } from '../../support/fixtures/djp/djp-pages.js';
import { exchange } from './exchanges.js';

const portal: ClassifyOptions = { check: 'djp-portal', degradedAfterMs: 5000, expectStatus: [200] };
const html = { 'content-type': 'text/html; charset=utf-8' };
const LOGIN_FORM =
  '<form method="post"><input name="u"><input name="p" type="password"><button>Masuk</button></form>';
const login = (head: string, body = '') =>
  `<!DOCTYPE html><html lang="id"><head><title>Coretax DJP</title>${head}</head><body>${body}${LOGIN_FORM}</body></html>`;
const MIB = 1024 * 1024;

type Row = [
  what: string,
  body: string | Buffer,
  headers: Record<string, string>,
  reason: ReasonCode,
  detail?: RegExp,
];
/** Rows named by their first column alone: a body is never printed as a test name. */
const named = (rows: Row[]) => rows.map((row) => ({ what: row[0], row }));

const rows: Row[] = [
  ['a login page followed by 3 MiB of text', login('', '') + 'x'.repeat(3 * MIB), html, 'ok'],
  ['3 MiB of headings that say nothing', '<h1>Coretax</h1>'.repeat((3 * MIB) / 16), html, 'unexpected_body'],
  // `a < b` is text: a page of it is a page without a login form.
  ['3 MiB of "<" without ">"', '<'.repeat(3 * MIB), html, 'unexpected_body', /^page without a login form$/],
  [
    'one 3 MiB tag',
    `<a${' href=x'.repeat((3 * MIB) / 7)}>`,
    html,
    'unexpected_body',
    /^page without a login form$/,
  ],
  [
    '3 MiB of unterminated comments',
    '<!--'.repeat((3 * MIB) / 4),
    html,
    'unexpected_body',
    /^page without a login form$/,
  ],
  [
    'an error page in upper case',
    '<h1>KESALAHAN SISTEM</h1><p>Silakan coba beberapa saat lagi.</p>',
    html,
    'error_page',
    /KESALAHAN SISTEM/,
  ],
  [
    'an error title of mixed case and entities',
    '<title>An&#32;ERROR&nbsp;Occurred</title><p>Request ID 00-4bf9</p>',
    html,
    'error_page',
    /An ERROR Occurred/,
  ],
  [
    'an error banner with entities over a login form',
    login('', '<div class="alert alert-danger">Kesalahan&nbsp;Sistem</div>'),
    html,
    'error_page',
  ],
  [
    'a working login that mentions repairs in a paragraph',
    login('', '<p>Fitur cetak ulang sedang dalam pemeliharaan.</p>'),
    html,
    'ok',
  ],
  [
    'a working login with "maintenance" in its footer link',
    login('', '<footer><a href="/m">Under maintenance? Read the schedule</a></footer>'),
    html,
    'ok',
  ],
  [
    'a working login with a help notice that mentions errors',
    login(
      '',
      '<div class="alert alert-info">Jika terjadi kesalahan sistem saat login, hubungi Kring Pajak 1500200.</div>',
    ),
    html,
    'ok',
  ],
  [
    'a working login with a hidden error alert',
    login('', '<div class="alert alert-danger" hidden>Terjadi kesalahan</div>'),
    html,
    'ok',
  ],
  [
    'a working login with a maintenance heading now',
    login('', '<h2>Layanan sedang dalam pemeliharaan</h2>'),
    html,
    'maintenance_page',
  ],
  [
    'a maintenance notice only in a script and a comment',
    '<title>Coretax</title><script>var m="sedang dalam perbaikan"</script><!-- under maintenance --><p>Halaman tidak ditemukan di server ini.</p>',
    html,
    'unexpected_body',
  ],
  [
    'an error word only in a script of a login page',
    login('<script>var e = "An Error Occurred";</script>'),
    html,
    'ok',
  ],
  [
    'a heading with the bare word on a page without a form',
    '<title>DJP</title><h1>Maintenance</h1><p>Kembali lagi nanti, terima kasih.</p>',
    html,
    'maintenance_page',
    /"Maintenance"/,
  ],
  [
    'a windows-1252 maintenance page',
    Buffer.from(
      '<title>Pemeliharaan \u2013 Coretax</title><p>Layanan sedang dalam pemeliharaan sistem. \u00a9 DJP</p>',
      'latin1',
    ),
    { 'content-type': 'text/html; charset=windows-1252' },
    'maintenance_page',
  ],
  [
    'a UTF-16 error page with a byte order mark',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(djpPage('coretax-error-occurred'), 'utf16le')]),
    { 'content-type': 'text/html' },
    'error_page',
    /An Error Occurred/,
  ],
  [
    'a login page with a title full of controls',
    login('').replace('Coretax DJP', 'Coretax\u001b[31m\u202eDJP'),
    html,
    'ok',
    /^login page "CoretaxDJP"$/,
  ],
];

describe('djp-portal: hostile pages', () => {
  it.each(named(rows))('$what', ({ row: [, body, headers, reason, detail] }) => {
    const verdict = classifyExchange(exchange(body, { headers }), portal);
    expect(verdict.reason).toBe(reason);
    if (detail !== undefined) expect(verdict.detail).toMatch(detail);
    expect(verdict.detail.length).toBeLessThanOrEqual(160);
  });

  it('keeps at most 32 prominent elements, each read at most 600 characters far', () => {
    const outline = outlinePage(`<h1>${'a'.repeat(5000)}</h1>${'<h2>b</h2>'.repeat(1000)}`);
    expect(outline.prominent).toHaveLength(32);
    expect(outline.prominent[0]?.length).toBeLessThanOrEqual(600);
  });

  it('reads only the first 256 KiB: a login form after them is not seen', () => {
    const late = `<title>Coretax DJP</title><script>${'x'.repeat(300 * 1024)}</script>${LOGIN_FORM}`;
    expect(classifyExchange(exchange(late, { headers: html }), portal)).toMatchObject({
      reason: 'unexpected_body',
      detail: 'page "Coretax DJP" without a login form',
    });
  });
});

describe('djp-portal: redirects and overrides', () => {
  it('follows a redirect to the login page of the same host', () => {
    const answer = exchange(djpPage('coretax-login'), {
      headers: html,
      url: 'https://svc.example.test/',
      redirects: ['https://svc.example.test/identityproviderportal/Account/Login?ReturnUrl=%2F'],
    });
    expect(classifyExchange(answer, portal)).toMatchObject({
      status: 'up',
      detail: 'login page "Masuk - Coretax DJP"',
    });
  });

  it("never quotes another host's page after a redirect", () => {
    const answer = exchange(djpPage('coretax-error-occurred'), {
      headers: html,
      redirects: ['https://sso.other.example/error'],
    });
    expect(classifyExchange(answer, portal)).toMatchObject({
      reason: 'error_page',
      detail: 'error page after redirect to sso.other.example',
    });
  });

  it.each([
    [
      'an SPA shell without its marker',
      '<html lang="id"><body><app-root></app-root></body></html>',
      {},
      'error_page',
    ],
    [
      'an SPA shell with its marker',
      '<html lang="id"><title>Coretax</title><body><app-root></app-root></body></html>',
      { mustContain: '<app-root' },
      'ok',
    ],
    [
      'a login page without the marker',
      djpPage('enofa-login'),
      { mustContain: 'Nomor Seri Faktur Pajak v2' },
      'unexpected_body',
    ],
    [
      'a login page with forbidden text',
      djpPage('enofa-login'),
      { mustNotContain: 'Sertifikat' },
      'unexpected_body',
    ],
    [
      'a login page answered 401 when 401 is expected',
      djpPage('enofa-login'),
      { expectStatus: [200, 401], status: 401 },
      'ok',
    ],
  ] as const)('%s', (_what, body, overrides, reason) => {
    const { status = 200, ...rules } = overrides as Partial<ClassifyOptions> & { status?: number };
    expect(classifyExchange(exchange(body, { status, headers: html }), { ...portal, ...rules }).reason).toBe(
      reason,
    );
  });
});
