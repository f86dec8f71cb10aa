import { lookup as dnsLookup } from 'node:dns';
import http, { type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import zlib from 'node:zlib';
import type { DownReason, Timings, TlsInfo } from '../types.js';
import { type AddressClassifier, type NonPublicRange, nonPublicRange } from './address-range.js';
import { formatBytes, formatSeconds, shorten } from './format.js';
import { redactUrl } from './redact-url.js';

/** Redirects followed before the exchange counts as a `redirect` failure. */
export const MAX_REDIRECTS = 3;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DAY_MS = 86_400_000;
/** A followed URL is recorded up to this length (a Location header may hold up to 16 KiB). */
export const MAX_RECORDED_URL_LENGTH = 2000;

export interface HttpCheckOptions {
  /** Hard deadline for the whole exchange, redirects and body included. */
  readonly timeoutMs: number;
  /** Reading stops past this many bytes, counted both on the wire and decoded. */
  readonly maxBodyBytes: number;
  /** Accept any certificate (tests against self-signed servers). @default false */
  readonly insecure?: boolean;
  /** @default MAX_REDIRECTS */
  readonly maxRedirects?: number;
  /** Name resolution, injectable so tests never query real DNS. @default dns.lookup */
  readonly lookup?: LookupFunction;
  /** Wall clock for `startedAt` and certificate days left. @default () => new Date() */
  readonly now?: () => Date;
  /** @default a browser-compatible identification of the probe */
  readonly userAgent?: string;
  /**
   * Which addresses are not public (`null`: public). Once the first request reached a public address, every
   * later hop must too: a redirect to loopback, private or link-local space is refused. @default nonPublicRange
   */
  readonly addressRange?: AddressClassifier;
}

/** The answer that ended an exchange (the last one after redirects). */
export interface HttpAnswer {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  /** Decoded body, at most the body cap. */
  readonly body: Buffer;
}

/** Why an exchange did not produce a complete answer. */
export interface HttpFailure {
  readonly reason: DownReason;
  readonly detail: string;
}

/** Everything one bounded HTTP(S) exchange observed. Never thrown: failures are data. */
export interface HttpExchange {
  readonly startedAt: string;
  readonly url: string;
  /** URLs followed after the first, in order, credentials redacted and length bounded (for the record). */
  readonly redirects: readonly string[];
  /** Phases of the last request; `totalMs` covers the whole exchange. */
  readonly timings: Timings;
  readonly remoteAddress: string | null;
  readonly tls: TlsInfo | null;
  /** Decoded body bytes read. */
  readonly bytes: number;
  /** The last answer, also when reading its body failed (`failure` then says why). */
  readonly answer: HttpAnswer | null;
  /** `null` when a complete answer arrived. */
  readonly failure: HttpFailure | null;
}

type Phase = 'dns' | 'connect' | 'tls' | 'response' | 'body';

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

interface NodeError extends Error {
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
    switch (phase) {
      case 'body':
        return {
          reason: 'reset',
          detail: withCode(`connection reset after ${formatBytes(bodyBytes)} of body`),
        };
      case 'tls':
        return { reason: 'reset', detail: withCode('connection reset during the TLS handshake') };
      default:
        return {
          reason: 'reset',
          detail: withCode(
            error.message === 'socket hang up' ? 'connection closed before a response' : 'connection reset',
          ),
        };
    }
  }
  if (code.startsWith('HPE_')) return { reason: 'network', detail: withCode('invalid HTTP response') };
  return { reason: 'network', detail: withCode(error.message || 'network error') };
}

function certificateInfo(socket: TLSSocket, now: Date): TlsInfo | null {
  const cert = socket.getPeerCertificate();
  if (!cert || typeof cert.valid_to !== 'string') return null;
  const validTo = new Date(cert.valid_to);
  if (Number.isNaN(validTo.getTime())) return null;
  return {
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / DAY_MS),
  };
}

type Encoding = 'gzip' | 'deflate' | 'br';

/** The decoder a Content-Encoding asks for; `null` for identity; a string names what is unsupported. */
function encodingOf(header: string | undefined): Encoding | null | { unsupported: string } {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return null;
  const [only] = codings;
  if (codings.length > 1 || only === undefined) return { unsupported: codings.join(', ') };
  if (only === 'gzip' || only === 'x-gzip') return 'gzip';
  if (only === 'deflate' || only === 'br') return only;
  return { unsupported: only };
}

function decoderFor(
  encoding: Encoding,
  firstChunk: Buffer,
): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress {
  // Browsers accept both zlib-wrapped and raw deflate; the first two bytes tell them apart.
  const zlibWrapped =
    firstChunk.length >= 2 &&
    ((firstChunk[0] ?? 0) & 0x0f) === 8 &&
    (((firstChunk[0] ?? 0) << 8) | (firstChunk[1] ?? 0)) % 31 === 0;
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw(flush);
    case 'br':
      return zlib.createBrotliDecompress();
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Why a hop was not followed: where the redirect pointed (no body, no path) and which range that is. */
function refusedRedirectDetail(host: string, address: string, range: NonPublicRange): string {
  const where = host === address ? `${address}, ${range}` : `${host}: ${address}, ${range}`;
  return shorten(`redirect from a public address to a non-public one refused (${where})`);
}

interface Hop {
  readonly id: number;
  readonly url: URL;
  readonly start: number;
  dnsEnd: number | null;
  connectEnd: number | null;
  tlsEnd: number | null;
  firstByte: number | null;
}

/**
 * One GET the way a browser would send it: redirects followed (at most 3, and never from a public address to a
 * non-public one), gzip/deflate/br decoded, certificate checked. Bounded in time (a hard deadline that ends
 * whatever phase is running, a drip included) and in memory (reading stops at the body cap). Resolves with what
 * happened; never rejects.
 */
export function httpCheck(url: string, options: HttpCheckOptions): Promise<HttpExchange> {
  const now = options.now ?? (() => new Date());
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  const cap = options.maxBodyBytes;
  const lookup = options.lookup ?? (dnsLookup as LookupFunction);
  const rangeOf = options.addressRange ?? nonPublicRange;
  const startedAt = now().toISOString();
  const start = performance.now();

  return new Promise<HttpExchange>((resolve) => {
    const redirects: string[] = [];
    const visited = new Set<string>();
    let hop: Hop | null = null;
    // Whether the first request reached a public address: then no later hop may leave public space.
    let publicOrigin = false;
    let hops = 0;
    let phase: Phase = 'dns';
    let remoteAddress: string | null = null;
    let tls: TlsInfo | null = null;
    let answer: HttpAnswer | null = null;
    let bytes = 0;
    let settled = false;
    let request: ClientRequest | null = null;
    let response: IncomingMessage | null = null;
    let decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null = null;

    const settle = (failure: HttpFailure | null, body: Buffer = Buffer.alloc(0)) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      const end = performance.now();
      if (answer !== null) answer = { ...answer, body };
      request?.destroy();
      response?.destroy();
      decoder?.destroy();
      const h = hop;
      const ready = h?.tlsEnd ?? h?.connectEnd ?? null;
      resolve({
        startedAt,
        url,
        redirects,
        timings: {
          dnsMs: h?.dnsEnd != null ? round(h.dnsEnd - h.start) : null,
          connectMs: h?.connectEnd != null ? round(h.connectEnd - (h.dnsEnd ?? h.start)) : null,
          tlsMs: h?.tlsEnd != null && h.connectEnd != null ? round(h.tlsEnd - h.connectEnd) : null,
          ttfbMs: h?.firstByte != null && ready !== null ? round(h.firstByte - ready) : null,
          totalMs: round(end - start),
        },
        remoteAddress,
        tls,
        bytes,
        answer,
        failure,
      });
    };

    const deadline = setTimeout(
      () => settle({ reason: 'timeout', detail: deadlineDetail(phase, options.timeoutMs) }),
      options.timeoutMs,
    );

    const send = (target: URL) => {
      const current: Hop = {
        id: ++hops,
        url: target,
        start: performance.now(),
        dnsEnd: null,
        connectEnd: null,
        tlsEnd: null,
        firstByte: null,
      };
      hop = current;
      const live = () => !settled && hop === current;
      const secure = target.protocol === 'https:';
      const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1');
      phase = isIP(hostname) ? 'connect' : 'dns';
      answer = null;
      remoteAddress = null;
      tls = null;
      const guarded = current.id > 1 && publicOrigin;
      /** Refuses a hop to a non-public address; `true` when refused. */
      const refused = (address: string): boolean => {
        const range = guarded ? rangeOf(address) : null;
        if (range === null) return false;
        settle({ reason: 'redirect', detail: refusedRedirectDetail(hostname, address, range) });
        return true;
      };
      if (isIP(hostname) && refused(hostname)) return;
      const timedLookup: LookupFunction = (host, lookupOptions, callback) => {
        const done = callback as (e: NodeJS.ErrnoException | null, a: unknown, f?: number) => void;
        lookup(host, lookupOptions, (error, address, family) => {
          if (live() && !error) {
            current.dnsEnd ??= performance.now();
            phase = 'connect';
            // Every address a name resolves to is judged: only public ones are kept after a public origin.
            const all: readonly { address: string }[] = Array.isArray(address) ? address : [{ address }];
            const kept = guarded ? all.filter((a) => rangeOf(a.address) === null) : all;
            if (kept.length === 0 && all[0] !== undefined && refused(all[0].address)) {
              done(
                Object.assign(new Error(`redirect to ${host} refused`), { code: 'EREFUSEDHOP' }),
                undefined,
              );
              return;
            }
            if (Array.isArray(address) && kept.length < all.length) {
              done(null, kept, family);
              return;
            }
          }
          done(error, address, family);
        });
      };
      let req: ClientRequest;
      try {
        req = (secure ? https : http).request({
          protocol: target.protocol,
          hostname,
          port: target.port || undefined,
          path: `${target.pathname}${target.search}`,
          method: 'GET',
          agent: false,
          lookup: timedLookup,
          rejectUnauthorized: !options.insecure,
          headers: {
            'user-agent': options.userAgent ?? 'Mozilla/5.0 (compatible; efaktur-probe-fleet/0.1)',
            accept: 'text/xml,application/xml,text/html;q=0.9,*/*;q=0.8',
            'accept-encoding': 'gzip, deflate, br',
            connection: 'close',
          },
        });
      } catch (error) {
        settle({
          reason: 'network',
          detail: shorten(`cannot send the request: ${(error as Error).message}`),
        });
        return;
      }
      request = req;
      req.on('socket', (socket: Socket) => {
        socket.once('connect', () => {
          if (!live()) return;
          current.connectEnd = performance.now();
          remoteAddress = socket.remoteAddress ?? null;
          // The address actually connected to decides, whatever name or literal led there.
          if (current.id === 1) publicOrigin = remoteAddress === null || rangeOf(remoteAddress) === null;
          else if (refused(remoteAddress ?? '')) return;
          phase = secure ? 'tls' : 'response';
        });
        socket.once('secureConnect', () => {
          if (!live()) return;
          current.tlsEnd = performance.now();
          tls = certificateInfo(socket as TLSSocket, now());
          phase = 'response';
        });
        socket.once('data', () => {
          if (live()) current.firstByte ??= performance.now();
        });
      });
      req.on('error', (error: NodeError) => {
        if (live()) settle(failureOfError(error, phase, bytes));
      });
      req.on('response', (res) => {
        if (!live()) return;
        current.firstByte ??= performance.now();
        response = res;
        const status = res.statusCode ?? 0;
        answer = {
          url: target.href,
          status,
          // A reason phrase is the server's own text: shown only for codes without a standard one, cleaned.
          statusText: http.STATUS_CODES[status] ?? shorten(res.statusMessage ?? '', 40),
          headers: res.headers,
          body: Buffer.alloc(0),
        };
        const location = res.headers.location;
        if (REDIRECT_STATUSES.has(status) && location) {
          follow(target, location);
          return;
        }
        phase = 'body';
        readBody(res, live);
      });
      req.end();
    };

    const follow = (from: URL, location: string) => {
      let next: URL;
      try {
        next = new URL(location, from);
      } catch {
        settle({
          reason: 'redirect',
          detail: `invalid redirect Location "${shorten(redactUrl(location), 80)}"`,
        });
        return;
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        settle({ reason: 'redirect', detail: shorten(`redirect to unsupported scheme ${next.protocol}`) });
        return;
      }
      const shown = redactUrl(next.href);
      if (visited.has(next.href)) {
        settle({ reason: 'redirect', detail: shorten(`redirect loop back to ${shown}`) });
        return;
      }
      if (redirects.length >= maxRedirects) {
        settle({
          reason: 'redirect',
          detail: shorten(`more than ${maxRedirects} redirects (next: ${shown})`),
        });
        return;
      }
      redirects.push(shorten(shown, MAX_RECORDED_URL_LENGTH));
      visited.add(next.href);
      response?.destroy();
      request?.destroy();
      response = null;
      send(next);
    };

    const readBody = (res: IncomingMessage, live: () => boolean) => {
      const encoding = encodingOf(res.headers['content-encoding']);
      if (encoding !== null && typeof encoding === 'object') {
        settle({
          reason: 'unexpected_body',
          detail: `unsupported Content-Encoding "${shorten(encoding.unsupported, 40)}"`,
        });
        return;
      }
      // One buffer that grows by doubling (never past the cap): the body is held once, not as chunks and then
      // as their concatenation, which halves the peak for a body at the cap.
      const declared = Number(res.headers['content-length']);
      let buffer = Buffer.allocUnsafe(
        encoding === null && declared > 0 && declared <= cap ? declared : Math.min(cap, 64 * 1024),
      );
      let raw = 0;
      let ended = false;
      const body = () => buffer.subarray(0, bytes);
      const tooLarge = () =>
        settle({ reason: 'too_large', detail: `body larger than ${formatBytes(cap)}` }, body());
      const take = (chunk: Buffer) => {
        if (!live()) return;
        const kept = Math.min(chunk.length, cap - bytes);
        if (bytes + kept > buffer.length) {
          const grown = Buffer.allocUnsafe(Math.min(cap, Math.max(buffer.length * 2, bytes + kept)));
          buffer.copy(grown, 0, 0, bytes);
          buffer = grown;
        }
        chunk.copy(buffer, bytes, 0, kept);
        bytes += kept;
        if (kept < chunk.length) tooLarge();
      };
      const complete = () => {
        if (live()) settle(null, body());
      };
      res.on('data', (chunk: Buffer) => {
        if (!live()) return;
        raw += chunk.length;
        if (raw > cap) {
          tooLarge();
          return;
        }
        if (encoding === null) {
          take(chunk);
          return;
        }
        if (decoder === null) {
          const d = decoderFor(encoding, chunk);
          decoder = d;
          d.on('data', take);
          d.on('end', complete);
          d.on('error', (error) => {
            if (live()) {
              settle(
                {
                  reason: 'unexpected_body',
                  detail: shorten(`${encoding} decoding failed: ${error.message}`),
                },
                body(),
              );
            }
          });
        }
        const d = decoder;
        if (!d.write(chunk)) {
          res.pause();
          d.once('drain', () => res.resume());
        }
      });
      res.on('end', () => {
        ended = true;
        if (!live()) return;
        if (decoder === null) complete();
        else decoder.end();
      });
      res.on('error', (error: NodeError) => {
        if (live()) settle(failureOfError(error, 'body', bytes), body());
      });
      res.on('close', () => {
        if (live() && !ended) {
          settle(
            { reason: 'reset', detail: `connection closed after ${formatBytes(bytes)} of body` },
            body(),
          );
        }
      });
    };

    let first: URL;
    try {
      first = new URL(url);
    } catch {
      settle({ reason: 'network', detail: shorten(`invalid URL "${redactUrl(url)}"`) });
      return;
    }
    if (first.protocol !== 'http:' && first.protocol !== 'https:') {
      settle({ reason: 'network', detail: shorten(`unsupported scheme ${first.protocol}`) });
      return;
    }
    visited.add(first.href);
    send(first);
  });
}
