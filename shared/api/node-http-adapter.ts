import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { PayloadTooLargeError } from './api-error.js';
import { type ApiRequest, type ApiResponse, normalizeHeaders, parseQueryString } from './api-request.js';
import { MAX_BODY_BYTES } from './json-body.js';
import { errorResponse, jsonResponse } from './responses.js';

export interface NodeHttpAdapterOptions {
  /** Bodies past this many bytes are refused with 413 without being read further. @default MAX_BODY_BYTES */
  readonly maxBodyBytes?: number;
  /** Told about a failure of the router itself (it answers 500). */
  readonly onError?: (error: unknown) => void;
}

/** Anything that answers an `ApiRequest`, such as the status API's `Router`. */
export interface RequestHandler {
  handle(request: ApiRequest): Promise<ApiResponse>;
}

type BodyRead = { readonly ok: true; readonly body: string | null } | { readonly ok: false };

function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        settled = true;
        resolve({ ok: false });
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      if (settled) return;
      settled = true;
      resolve({ ok: true, body: size === 0 ? null : Buffer.concat(chunks).toString('utf8') });
    });
    req.once('error', (error) => {
      if (!settled) reject(error);
    });
  });
}

/**
 * How much of a refused upload is still read and thrown away: closing a socket with unread data resets the
 * connection, and the client would lose the 413. Past this, the connection is dropped.
 */
const DISCARD_LIMIT_BYTES = 1024 * 1024;

function discardRest(req: IncomingMessage): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) req.destroy();
  });
  req.resume();
}

/** The listener's own address, as the socket knows it (not the `Host` header, which the client chose). */
function localOrigin(req: IncomingMessage): string | null {
  const { localAddress, localPort } = req.socket;
  if (localAddress === undefined || localPort === undefined) return null;
  const host = isIPv6(localAddress) ? `[${localAddress}]` : localAddress;
  return `http://${host}:${localPort}`;
}

function send(res: ServerResponse, response: ApiResponse, closeAfter: boolean): void {
  res.writeHead(response.status, { ...response.headers, ...(closeAfter && { connection: 'close' }) });
  res.end(response.body);
}

/**
 * Serves a router over node:http (local mode): turns the request into an `ApiRequest`, with a body cap that
 * answers 413 (and closes the connection) past `maxBodyBytes`, and writes the `ApiResponse` back.
 */
export function createNodeHttpListener(
  router: RequestHandler,
  options: NodeHttpAdapterOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return (req, res) => {
    void (async () => {
      const read = await readBody(req, maxBodyBytes);
      if (!read.ok) {
        discardRest(req);
        send(res, errorResponse(new PayloadTooLargeError(maxBodyBytes)), true);
        return;
      }
      const url = req.url ?? '/';
      const mark = url.indexOf('?');
      const request: ApiRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: mark < 0 ? url : url.slice(0, mark),
        query: parseQueryString(mark < 0 ? '' : url.slice(mark + 1)),
        headers: normalizeHeaders(req.headers),
        body: read.body,
        sourceIp: req.socket.remoteAddress ?? null,
        requestId: randomUUID(),
        origin: localOrigin(req),
      };
      send(res, await router.handle(request), false);
    })().catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) {
        send(
          res,
          jsonResponse(500, { error: { code: 'internal_error', message: 'the server failed to answer' } }),
          true,
        );
      } else {
        res.destroy();
      }
    });
  };
}

/**
 * How long the local server waits on a client. Node's own defaults (60 s for headers, 300 s for a request) suit a
 * server behind a proxy that already bounds them; local mode has no such proxy.
 */
export interface NodeHttpServerTimeouts {
  /** Until the request headers are complete. @default 10_000 */
  readonly headersMs?: number;
  /** Until the whole request (headers and body) is received. @default 15_000 */
  readonly requestMs?: number;
  /** A socket with no traffic at all, including one that never sends a request. @default 15_000 */
  readonly idleMs?: number;
  /** A kept-alive socket between requests. @default 5_000 */
  readonly keepAliveMs?: number;
}

/**
 * A node:http server for the router (local mode) whose timeouts bound what a slow or silent client can hold:
 * sockets that idle, trickle headers or never finish a body are closed instead of kept for minutes.
 */
export function createNodeHttpServer(
  router: RequestHandler,
  options: NodeHttpAdapterOptions & { readonly timeouts?: NodeHttpServerTimeouts } = {},
): Server {
  const timeouts = options.timeouts ?? {};
  const headersMs = timeouts.headersMs ?? 10_000;
  const requestMs = Math.max(timeouts.requestMs ?? 15_000, headersMs);
  const server = createServer(
    {
      headersTimeout: headersMs,
      requestTimeout: requestMs,
      keepAliveTimeout: timeouts.keepAliveMs ?? 5_000,
      // Node enforces the two timeouts above only when it checks its connections: at least this often.
      connectionsCheckingInterval: Math.min(1_000, headersMs),
    },
    createNodeHttpListener(router, options),
  );
  server.setTimeout(timeouts.idleMs ?? 15_000);
  return server;
}
