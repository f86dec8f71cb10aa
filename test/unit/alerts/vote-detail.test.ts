import { describe, expect, it } from 'vitest';
import { voteDetail } from '../../../shared/alerts/vote-detail.js';
import type { ReasonCode } from '../../../shared/types.js';

describe('voteDetail', () => {
  it.each([
    [
      'reset',
      'connection reset (ECONNRESET)',
      'koneksi terputus (ECONNRESET)',
      'connection reset (ECONNRESET)',
    ],
    [
      'reset',
      'connection reset after 1.5 KiB of body (ECONNRESET)',
      'koneksi terputus setelah 1.5 KiB isi jawaban (ECONNRESET)',
      'connection reset after 1.5 KiB of body (ECONNRESET)',
    ],
    [
      'refused',
      'connection refused by 10.0.0.1:443',
      'koneksi ditolak (10.0.0.1:443)',
      'connection refused (10.0.0.1:443)',
    ],
    [
      'timeout',
      'connect timeout after 10.0 s',
      'timeout saat menyambung setelah 10.0 s',
      'connect timeout after 10.0 s',
    ],
    ['timeout', 'no response after 10.0 s', 'tidak ada jawaban setelah 10.0 s', 'no response after 10.0 s'],
    [
      'no_answer_yet',
      'no answer yet after 3.0 s',
      'belum ada jawaban setelah 3.0 s',
      'no answer yet after 3.0 s',
    ],
    [
      'dns',
      'cannot resolve svc.efaktur.pajak.go.id (ENOTFOUND)',
      'nama server tidak ditemukan (svc.efaktur.pajak.go.id) (ENOTFOUND)',
      'cannot resolve (svc.efaktur.pajak.go.id) (ENOTFOUND)',
    ],
    [
      'ok',
      'WSDL of MasterFakturService',
      'WSDL yang benar (MasterFakturService)',
      'valid WSDL (MasterFakturService)',
    ],
    [
      'maintenance_page',
      'maintenance page (HTTP 503 Service Unavailable): "Service e-Faktur sedang dalam perbaikan"',
      'halaman perbaikan (HTTP 503 Service Unavailable) ("Service e-Faktur sedang dalam perbaikan")',
      'maintenance page (HTTP 503 Service Unavailable) ("Service e-Faktur sedang dalam perbaikan")',
    ],
    [
      'maintenance_page',
      'maintenance page: "Service e-Faktur sedang dalam perbaikan untuk rel…',
      'halaman perbaikan ("Service e-Faktur sedang dalam perbaikan untuk rel…")',
      'maintenance page ("Service e-Faktur sedang dalam perbaikan untuk rel…")',
    ],
    ['maintenance_page', 'maintenance page', 'halaman perbaikan', 'maintenance page'],
    [
      'http_status',
      'HTTP 502 Bad Gateway (expected 200)',
      'HTTP 502 Bad Gateway (diharapkan 200)',
      'HTTP 502 Bad Gateway (expected 200)',
    ],
    [
      'slow',
      'WSDL of MasterFakturService, slow: 4.2 s (over 3.0 s)',
      'WSDL yang benar (MasterFakturService), lambat: 4.2 s (batas 3.0 s)',
      'valid WSDL (MasterFakturService), slow: 4.2 s (limit 3.0 s)',
    ],
    [
      'maintenance_page',
      'maintenance page after redirect to www.pajak.go.id',
      'halaman perbaikan setelah dialihkan (www.pajak.go.id)',
      'maintenance page after a redirect (www.pajak.go.id)',
    ],
    // A detail the probe may write that has no words here: the reason in words, the probe's text in brackets.
    ['unexpected_body', 'HTML page "Login"', 'jawaban tak dikenal (HTML page "Login")', 'HTML page "Login"'],
    ['network', '', 'gangguan jaringan', 'network error'],
  ] as const)('%s %j', (reason, detail, id, en) => {
    const vote = { reason: reason as ReasonCode, detail };
    expect(voteDetail(vote, 'id')).toBe(id);
    expect(voteDetail(vote, 'en')).toBe(en);
  });

  it('shows a detail longer than the probe writes as it is, behind the reason in words', () => {
    const detail = `${'connection reset after '.repeat(5000)}x (ECONNRESET)`;
    expect(voteDetail({ reason: 'reset', detail }, 'id')).toBe(`koneksi terputus (${detail})`);
    expect(voteDetail({ reason: 'reset', detail }, 'en')).toBe(detail);
  });
});
