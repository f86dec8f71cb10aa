import { describe, expect, it } from 'vitest';
import {
  MAINTENANCE_HTML,
  NGINX_502,
  QR_NOT_FOUND,
  QR_VALID,
  WAF_REJECTED,
  WSDL,
} from '../../../bench/support/fixture-server/bodies.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import type { PresetId } from '../../../shared/presets/djp-presets.js';
import { classifyExchange } from '../../../shared/probe/classify-exchange.js';
import type { ReasonCode } from '../../../shared/types.js';
import { type DjpPageName, djpPage } from '../../support/fixtures/djp/djp-pages.js';
import { exchange } from './exchanges.js';

/** The preset as the probe sees it after the configuration resolved it. */
const targetOf = (preset: PresetId) => parseFleetConfig({ targets: [preset] }).targets[0]!;

type Row = [what: string, body: string, status: number, reason: ReasonCode, detail: string | RegExp];

const page = (name: DjpPageName) => djpPage(name);
const html = { 'content-type': 'text/html; charset=utf-8' };

function classify(
  preset: PresetId,
  body: string | Buffer,
  status: number,
  headers: Record<string, string> = html,
) {
  const target = targetOf(preset);
  const answer = exchange(body, { status, headers });
  return classifyExchange(
    { ...answer, url: target.url, answer: { ...answer.answer!, url: target.url } },
    target,
  );
}

const portalFailures: Row[] = [
  ['proxy 502', NGINX_502, 502, 'http_status', 'HTTP 502 Bad Gateway'],
  [
    '503 with a maintenance notice',
    page('coretax-maintenance'),
    503,
    'maintenance_page',
    /^maintenance page \(HTTP 503 Service Unavailable\): ".*sedang dalam pemeliharaan/,
  ],
  [
    'DJP downtime announcement',
    page('djp-downtime-announcement'),
    200,
    'maintenance_page',
    /dinonaktifkan sementara/,
  ],
  ['SVC maintenance notice', MAINTENANCE_HTML, 200, 'maintenance_page', /sedang dalam perbaikan/],
  ['empty page', '', 200, 'error_page', 'empty page'],
  ['near-empty page', '<html><body>OK</body></html>', 200, 'error_page', 'near-empty page: "OK"'],
  [
    'bare error JSON',
    '{"error":{"code":null,"message":"An internal error occurred during your request!"}}',
    200,
    'error_page',
    /^JSON instead of a page: \{"error"/,
  ],
  [
    '"Internal Server Error" served with 200',
    page('web-efaktur-internal-error'),
    200,
    'error_page',
    'error page: "500 Internal Server Error"',
  ],
  ['a firewall page', WAF_REJECTED, 200, 'unexpected_body', /^page "Request Rejected" without a login form$/],
];

const tables: Record<Exclude<PresetId, 'svc-wsdl' | 'svc-qr'>, Row[]> = {
  coretax: [
    ['login page', page('coretax-login'), 200, 'ok', 'login page "Masuk - Coretax DJP"'],
    [
      'login page announcing maintenance to come',
      page('coretax-login-announcement'),
      200,
      'ok',
      /^login page/,
    ],
    [
      '"An Error Occurred" shell with 200',
      page('coretax-error-occurred'),
      200,
      'error_page',
      'error page: "An Error Occurred"',
    ],
    [
      '"Kesalahan Sistem" banner over the login form',
      page('coretax-kesalahan-sistem'),
      200,
      'error_page',
      /^error page: "Kesalahan Sistem Terjadi kesalahan/,
    ],
    [
      'maintenance page with 200',
      page('coretax-maintenance'),
      200,
      'maintenance_page',
      /^maintenance page: ".*pemeliharaan sistem/,
    ],
    [
      '"An Error Occurred" with 500',
      page('coretax-error-occurred'),
      500,
      'http_status',
      'HTTP 500 Internal Server Error ("An Error Occurred")',
    ],
    ...portalFailures,
  ],
  enofa: [
    [
      'login page (footer links "maintenance")',
      page('enofa-login'),
      200,
      'ok',
      'login page "e-Nofa - Direktorat Jenderal Pajak"',
    ],
    [
      '"Kesalahan Sistem" banner',
      page('coretax-kesalahan-sistem').replace(/<form[\s\S]*<\/form>/, ''),
      200,
      'error_page',
      /Kesalahan Sistem/,
    ],
    ...portalFailures,
  ],
  'web-efaktur': [
    ['login page (hidden error template)', page('web-efaktur-login'), 200, 'ok', 'login page "Web e-Faktur"'],
    [
      '"Internal Server Error" with 500',
      page('web-efaktur-internal-error'),
      500,
      'http_status',
      'HTTP 500 Internal Server Error',
    ],
    ...portalFailures,
  ],
  djponline: [
    ['login page', page('djponline-login'), 200, 'ok', 'login page "DJP Online"'],
    [
      'gateway timeout',
      '<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>',
      504,
      'http_status',
      'HTTP 504 Gateway Timeout',
    ],
    ...portalFailures,
  ],
};

describe.each(Object.entries(tables))('preset %s', (preset, rows) => {
  it.each(rows)('%s → %s', (_what, body, status, reason, detail) => {
    const verdict = classify(preset as PresetId, body, status);
    expect(verdict.reason).toBe(reason);
    if (typeof detail === 'string') expect(verdict.detail).toBe(detail);
    else expect(verdict.detail).toMatch(detail);
  });
});

describe.each([
  ['svc-wsdl', WSDL, 'ok'],
  ['svc-wsdl', MAINTENANCE_HTML, 'maintenance_page'],
  ['svc-wsdl', page('coretax-error-occurred'), 'unexpected_body'],
  ['svc-qr', QR_VALID, 'ok'],
  ['svc-qr', QR_NOT_FOUND, 'ok'],
  ['svc-qr', MAINTENANCE_HTML, 'maintenance_page'],
] as const)('preset %s', (preset, body, reason) => {
  it(`classifies its answer as ${reason}`, () => {
    expect(classify(preset, body, 200, { 'content-type': 'text/xml;charset=UTF-8' }).reason).toBe(reason);
  });
});
