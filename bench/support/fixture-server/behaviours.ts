import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import {
  JSON_BODY,
  MAINTENANCE_HTML,
  MAINTENANCE_ODD_SPACING,
  MAINTENANCE_SPLIT_TAGS,
  MAINTENANCE_TEXT,
  masterFakturWsdl,
  NGINX_502,
  NGINX_504,
  OTHER_EFAKTUR_WSDL,
  OTHER_SERVICE_WSDL,
  PORTAL_LOGIN,
  QR_NOT_FOUND,
  QR_VALID,
  SOAP_FAULT,
  WAF_REJECTED,
  WSDL,
} from './bodies.js';

export interface FixtureContext {
  /** This server's origin, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string;
  /** A second server on another port (plain HTTP), e.g. the captive portal. */
  readonly peerOrigin: string;
  /** The request's path below the behaviour's name, e.g. `/b` for `/redirect-loop/b`. */
  readonly rest: string;
  readonly query: URLSearchParams;
}

/** How the server answers one request. */
export type Behaviour = (req: IncomingMessage, res: ServerResponse, ctx: FixtureContext) => void;

const XML = 'text/xml;charset=UTF-8';
const HTML = 'text/html; charset=utf-8';

const numberParam = (ctx: FixtureContext, name: string, fallback: number) => {
  const value = Number(ctx.query.get(name));
  return ctx.query.has(name) && Number.isFinite(value) ? value : fallback;
};

/** Answers `body` with a status and a content type. */
export function send(status: number, contentType: string, body: string | Buffer, headers = {}): Behaviour {
  return (_req, res) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'content-type': contentType, 'content-length': bytes.length, ...headers });
    res.end(bytes);
  };
}

function encoded(encoding: 'gzip' | 'br' | 'deflate' | 'deflate-raw', body: string): Behaviour {
  const raw = Buffer.from(body);
  const bytes =
    encoding === 'gzip'
      ? zlib.gzipSync(raw)
      : encoding === 'br'
        ? zlib.brotliCompressSync(raw)
        : encoding === 'deflate'
          ? zlib.deflateSync(raw)
          : zlib.deflateRawSync(raw);
  return send(200, XML, bytes, { 'content-encoding': encoding === 'deflate-raw' ? 'deflate' : encoding });
}

function redirect(status: number, location: (ctx: FixtureContext) => string): Behaviour {
  return (_req, res, ctx) => {
    res.writeHead(status, { location: location(ctx), 'content-length': 0 });
    res.end();
  };
}

/** Answers after `?delayMs=` (default 500 ms). */
function delayed(behaviour: Behaviour): Behaviour {
  return (req, res, ctx) => {
    const timer = setTimeout(() => behaviour(req, res, ctx), numberParam(ctx, 'delayMs', 500));
    res.on('close', () => clearTimeout(timer));
  };
}

/** The body in several chunks with pauses between them, no Content-Length. */
const chunked: Behaviour = (_req, res) => {
  res.writeHead(200, { 'content-type': XML, 'transfer-encoding': 'chunked' });
  const parts = WSDL.match(/[\s\S]{1,300}/g) ?? [];
  const next = () => {
    const part = parts.shift();
    if (res.destroyed) return;
    if (part === undefined) res.end();
    else res.write(part, () => setImmediate(next));
  };
  next();
};

/** Headers at once, then one byte every `?intervalMs=` (default 100 ms), forever. */
const slowDrip: Behaviour = (_req, res, ctx) => {
  res.writeHead(200, { 'content-type': XML });
  res.write('<');
  const timer = setInterval(() => res.write('x'), numberParam(ctx, 'intervalMs', 100));
  res.on('close', () => clearInterval(timer));
};

/** `?mb=` megabytes (default 50) generated chunk by chunk: the server never holds the whole body. */
const hugeBody: Behaviour = (_req, res, ctx) => {
  const total = numberParam(ctx, 'mb', 50) * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, '<x>0123456789</x>\n');
  res.writeHead(200, { 'content-type': XML, 'content-length': total });
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      const size = Math.min(chunk.length, total - sent);
      sent += size;
      if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
};

/** Half of a WSDL promised with its full length, then a TCP reset. */
const resetMidBody: Behaviour = (req, res) => {
  const body = Buffer.from(WSDL);
  res.writeHead(200, { 'content-type': XML, 'content-length': body.length });
  res.write(body.subarray(0, body.length / 2), () => setTimeout(() => req.socket.resetAndDestroy(), 20));
};

/** Every fixture, by the name that is also its path (`/wsdl-prefixed`). */
export const BEHAVIOURS: Readonly<Record<string, Behaviour>> = {
  'wsdl-prefixed': send(200, XML, WSDL),
  'wsdl-default-ns': send(200, XML, masterFakturWsdl({ prefix: '' })),
  'wsdl-other-prefix': send(200, XML, masterFakturWsdl({ prefix: 'w' })),
  'wsdl-bom': send(200, XML, `\uFEFF${masterFakturWsdl({ declaration: true })}`),
  'wsdl-crlf': send(200, XML, masterFakturWsdl({ declaration: true, eol: '\r\n' })),
  'wsdl-gzip': encoded('gzip', WSDL),
  'wsdl-br': encoded('br', WSDL),
  'wsdl-deflate': encoded('deflate', WSDL),
  'wsdl-deflate-raw': encoded('deflate-raw', WSDL),
  'wsdl-chunked': chunked,
  'wsdl-as-html': send(200, HTML, WSDL),
  'wsdl-redirect': redirect(302, () => 'wsdl-prefixed?from=redirect'),
  'wsdl-slow': delayed(send(200, XML, WSDL)),
  'wsdl-other-service': send(200, XML, OTHER_SERVICE_WSDL),
  'wsdl-other-efaktur-service': send(200, XML, OTHER_EFAKTUR_WSDL),
  'wsdl-truncated': send(200, XML, WSDL.slice(0, Math.floor(WSDL.length * 0.6))),
  'maintenance-plain': send(200, 'text/plain; charset=utf-8', MAINTENANCE_TEXT),
  'maintenance-html-503': send(503, HTML, MAINTENANCE_HTML),
  'maintenance-odd-spacing': send(200, HTML, MAINTENANCE_ODD_SPACING),
  'maintenance-split-tags': send(200, HTML, MAINTENANCE_SPLIT_TAGS),
  'nginx-502': send(502, 'text/html', NGINX_502, { server: 'nginx' }),
  'nginx-504': send(504, 'text/html', NGINX_504, { server: 'nginx' }),
  'waf-rejected': send(200, 'text/html', WAF_REJECTED),
  'captive-portal': redirect(302, (ctx) => `${ctx.peerOrigin}/portal-login`),
  'portal-login': send(200, HTML, PORTAL_LOGIN),
  'redirect-loop': redirect(302, (ctx) => (ctx.rest === '/b' ? '/redirect-loop' : '/redirect-loop/b')),
  /** `?n=` more redirects before the WSDL. */
  'redirect-chain': redirect(301, (ctx) => {
    const n = numberParam(ctx, 'n', 4);
    return n <= 1 ? '/wsdl-prefixed' : `/redirect-chain?n=${n - 1}`;
  }),
  'empty-200': send(200, XML, ''),
  'json-200': send(200, 'application/json', JSON_BODY),
  'soap-fault-500': send(500, XML, SOAP_FAULT),
  'gzip-corrupt': send(200, XML, Buffer.from('this is not gzip at all'), { 'content-encoding': 'gzip' }),
  'zstd-encoded': send(200, XML, Buffer.from('(\xb5/\xfd'), { 'content-encoding': 'zstd' }),
  'hang-before-headers': () => {},
  'slow-drip': slowDrip,
  'huge-body': hugeBody,
  'reset-mid-body': resetMidBody,
  'close-before-headers': (req) => req.socket.destroy(),
  'qr-valid': send(200, 'application/xml', QR_VALID),
  'qr-not-found': send(200, 'application/xml', QR_NOT_FOUND),
  'qr-html': send(200, HTML, MAINTENANCE_HTML.replace(/sedang dalam perbaikan/gi, 'tidak tersedia')),
  'http-ok': send(200, 'text/plain', 'status: healthy'),
  'http-404': send(404, 'text/plain', 'not here'),
};
