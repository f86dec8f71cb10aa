import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { isIPv6 } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { NotFoundError } from '../../api/api-error.js';
import type { ApiEnv, RequestFacts } from '../../api/http-app.js';
import { errorResponse } from '../../api/responses.js';

/**
 * How long the local server waits on a client. Node's own defaults (60 s for headers, 300 s for a request) suit a
 * server behind a proxy that already bounds them; local mode has no such proxy.
 */
export interface LocalServerTimeouts {
  /** Until the request headers are complete. @default 10_000 */
  readonly headersMs?: number;
  /** Until the whole request (headers and body) is received. @default 15_000 */
  readonly requestMs?: number;
  /** A socket with no traffic at all, including one that never sends a request. @default 15_000 */
  readonly idleMs?: number;
  /** A kept-alive socket between requests. @default 5_000 */
  readonly keepAliveMs?: number;
}

export interface LocalServerOptions {
  readonly timeouts?: LocalServerTimeouts;
}

/** The listener's own address, as the socket knows it (not the `Host` header, which the client chose). */
function localHost(req: IncomingMessage): string | null {
  const { localAddress, localPort } = req.socket;
  if (localAddress === undefined || localPort === undefined) return null;
  return `${isIPv6(localAddress) ? `[${localAddress}]` : localAddress}:${localPort}`;
}

function factsOf(req: IncomingMessage): RequestFacts {
  const host = localHost(req);
  return {
    sourceIp: req.socket.remoteAddress ?? null,
    requestId: randomUUID(),
    origin: host === null ? null : `http://${host}`,
  };
}

/**
 * Serves the API's Hono app over node:http with `@hono/node-server` (local mode). The server's timeouts bound
 * what a slow or silent client can hold: sockets that idle, trickle headers or never finish a body are closed
 * instead of kept for minutes.
 */
export function createLocalApiServer(app: Hono<ApiEnv>, options: LocalServerOptions = {}): Server {
  const listener = getRequestListener(
    // Only HTTP/1 servers are created here: the incoming request is node:http's.
    (request, env) => app.fetch(request, { ...env, facts: factsOf(env.incoming as IncomingMessage) }),
    {
      // A request target fetch's URL cannot hold (a backslash in the path, a malformed absolute URL).
      errorHandler: () => errorResponse(new NotFoundError('no route for this request target')),
    },
  );
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
    (req, res) => {
      // The URL Hono sees is built on the listener's own address: the client's Host never shapes it.
      const host = localHost(req);
      if (host !== null) req.headers.host = host;
      void listener(req, res);
    },
  );
  server.setTimeout(timeouts.idleMs ?? 15_000);
  return server;
}
