import { describe, expect, it } from 'vitest';
import { deadlineDetail, failureOfError } from '../../../shared/probe/http-check.js';

const error = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('failureOfError', () => {
  it.each([
    [
      error('ENOTFOUND', 'getaddrinfo ENOTFOUND svc.example.test', { hostname: 'svc.example.test' }),
      'dns',
      'cannot resolve svc.example.test (ENOTFOUND)',
    ],
    [error('EAI_AGAIN', 'getaddrinfo EAI_AGAIN'), 'dns', 'name resolution failed (EAI_AGAIN)'],
    [
      error('ECONNREFUSED', 'connect ECONNREFUSED', { address: '192.0.2.1', port: 443 }),
      'refused',
      'connection refused by 192.0.2.1:443',
    ],
    [error('ECONNRESET', 'socket hang up'), 'reset', 'connection closed before a response (ECONNRESET)'],
    [error('ECONNRESET', 'read ECONNRESET'), 'reset', 'connection reset (ECONNRESET)'],
    [error('EPIPE', 'write EPIPE'), 'reset', 'connection reset (EPIPE)'],
    [error('ETIMEDOUT', 'connect ETIMEDOUT'), 'timeout', 'connect timeout (ETIMEDOUT)'],
    [
      error('CERT_HAS_EXPIRED', 'certificate has expired'),
      'tls',
      'TLS: certificate has expired (CERT_HAS_EXPIRED)',
    ],
    [
      error('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      'tls',
      'TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
    [
      error('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
      'tls',
      /^TLS: Hostname.*\(ERR_TLS_CERT_ALTNAME_INVALID\)$/,
    ],
    [
      error('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      'tls',
      'TLS: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)',
    ],
    [error('EHOSTUNREACH', 'connect EHOSTUNREACH'), 'network', 'connect EHOSTUNREACH (EHOSTUNREACH)'],
    [
      error('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/'),
      'network',
      'invalid HTTP response (HPE_INVALID_CONSTANT)',
    ],
  ])('%s → %s', (err, reason, detail) => {
    const failure = failureOfError(err, 'response', 0);
    expect(failure.reason).toBe(reason);
    if (typeof detail === 'string') expect(failure.detail).toBe(detail);
    else expect(failure.detail).toMatch(detail);
  });

  it('says how much body arrived before a reset', () => {
    expect(failureOfError(error('ECONNRESET', 'aborted'), 'body', 2048).detail).toBe(
      'connection reset after 2 KiB of body (ECONNRESET)',
    );
    expect(failureOfError(error('ECONNRESET', 'read ECONNRESET'), 'tls', 0).detail).toBe(
      'connection reset during the TLS handshake (ECONNRESET)',
    );
  });
});

describe('deadlineDetail', () => {
  it.each([
    ['dns', 'DNS lookup timeout after 10.0 s'],
    ['connect', 'connect timeout after 10.0 s'],
    ['tls', 'TLS handshake timeout after 10.0 s'],
    ['response', 'no response after 10.0 s'],
    ['body', 'body incomplete after 10.0 s'],
  ] as const)('names the %s phase', (phase, detail) => {
    expect(deadlineDetail(phase, 10_000)).toBe(detail);
  });
});

describe('OpenSSL errors', () => {
  it('keeps the readable reason of an OpenSSL error stack', () => {
    const err = error(
      'EPROTO',
      'write EPROTO 802C09EFE07F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:354:\n',
    );
    expect(failureOfError(err, 'tls', 0)).toEqual({
      reason: 'tls',
      detail: 'TLS: wrong version number (EPROTO)',
    });
  });
});
