import { formatBytes, formatSeconds, shorten } from '../format.js';
import type { HttpFailure, Phase } from './http-types.js';

/** The detail of a hard-deadline failure, naming the phase that was still running. */
export function deadlineDetail(phase: Phase, timeoutMs: number): string {
  const after = formatSeconds(timeoutMs);
  switch (phase) {
    case 'dns':
      return `DNS lookup timeout after ${after}`;
    case 'connect':
      return `connect timeout after ${after}`;
    case 'tls':
      return `TLS handshake timeout after ${after}`;
    case 'response':
      return `no response after ${after}`;
    case 'body':
      return `body incomplete after ${after}`;
  }
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

export interface NodeError extends Error {
  code?: string;
  address?: string;
  port?: number;
}

/** Maps a socket or HTTP error to a reason code and a short detail. */
export function failureOfError(error: NodeError, phase: Phase, bodyBytes: number): HttpFailure {
  const code = error.code ?? '';
  const withCode = (text: string) => shorten(code ? `${text} (${code})` : text);
  if (DNS_CODES.has(code)) {
    const host = (error as { hostname?: string }).hostname;
    return { reason: 'dns', detail: withCode(host ? `cannot resolve ${host}` : 'name resolution failed') };
  }
  if (code === 'ECONNREFUSED') {
    const where = error.address ? ` by ${error.address}${error.port ? `:${error.port}` : ''}` : '';
    return { reason: 'refused', detail: `connection refused${where}` };
  }
  if (code === 'ETIMEDOUT') return { reason: 'timeout', detail: withCode('connect timeout') };
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) {
    // OpenSSL messages carry a long error stack; its last field is the readable reason.
    const openssl = /SSL routines:[^:]*:([^:]+)/.exec(error.message)?.[1];
    return { reason: 'tls', detail: withCode(`TLS: ${openssl ?? error.message}`) };
  }
  if (RESET_CODES.has(code) || error.message === 'socket hang up') {
    return { reason: 'reset', detail: withCode(resetDetail(error, phase, bodyBytes)) };
  }
  if (code.startsWith('HPE_')) return { reason: 'network', detail: withCode('invalid HTTP response') };
  return { reason: 'network', detail: withCode(error.message || 'network error') };
}

function resetDetail(error: NodeError, phase: Phase, bodyBytes: number): string {
  switch (phase) {
    case 'body':
      return `connection reset after ${formatBytes(bodyBytes)} of body`;
    case 'tls':
      return 'connection reset during the TLS handshake';
    default:
      return error.message === 'socket hang up' ? 'connection closed before a response' : 'connection reset';
  }
}
