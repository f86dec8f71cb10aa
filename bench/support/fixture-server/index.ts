import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { freePort } from '../free-port.js';
import { BEHAVIOURS, type Behaviour, type FixtureContext } from './behaviours.js';
import { selfSignedCertificate } from './self-signed.js';

export { BEHAVIOURS, type Behaviour, type FixtureContext, send } from './behaviours.js';
export * as bodies from './bodies.js';
export { selfSignedCertificate } from './self-signed.js';

export interface FixtureServerOptions {
  /** Serve HTTPS with a self-signed certificate for 127.0.0.1 (the peer stays plain HTTP). @default false */
  readonly tls?: boolean;
  /** Behaviours by name, served at `/<name>`. @default BEHAVIOURS */
  readonly behaviours?: Readonly<Record<string, Behaviour>>;
}

export interface FixtureServer {
  /** e.g. `http://127.0.0.1:41234` or `https://127.0.0.1:41234`. */
  readonly origin: string;
  /** A second plain-HTTP server with the same behaviours, on another port ("another host" for redirects). */
  readonly peerOrigin: string;
  /** The URL of a behaviour, with optional query parameters (`delayMs`, `intervalMs`, `mb`, `n`). */
  url(name: string, query?: Readonly<Record<string, string | number>>): string;
  /** Requests received so far, as `name` strings, in order. */
  readonly requests: readonly string[];
  /** Stops both servers and cuts any connection still open (hanging and dripping fixtures included). */
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * An HTTP(S) server on a free 127.0.0.1 port that plays every answer a probe may meet: the real service, its
 * maintenance page, proxies' and firewalls' pages, broken transfers, hangs. Each behaviour lives at `/<name>`.
 */
export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const behaviours = options.behaviours ?? BEHAVIOURS;
  const requests: string[] = [];
  const origins = { main: '', peer: '' };

  const handle = (origin: () => string) => (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const [, name = '', ...rest] = url.pathname.split('/');
    requests.push(name);
    const behaviour = behaviours[name];
    if (behaviour === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`no fixture named "${name}"`);
      return;
    }
    const ctx: FixtureContext = {
      origin: origin(),
      peerOrigin: origins.peer,
      rest: rest.length > 0 ? `/${rest.join('/')}` : '',
      query: url.searchParams,
    };
    behaviour(req, res, ctx);
  };

  const main = options.tls
    ? https.createServer(
        selfSignedCertificate(),
        handle(() => origins.main),
      )
    : http.createServer(handle(() => origins.main));
  const peer = http.createServer(handle(() => origins.peer));
  // Keep-alive would let a hanging fixture hold `close()` open; the probe sends `Connection: close` anyway.
  main.keepAliveTimeout = 1;
  peer.keepAliveTimeout = 1;
  const [mainPort, peerPort] = await Promise.all([listen(main), listen(peer)]);
  origins.main = `${options.tls ? 'https' : 'http'}://127.0.0.1:${mainPort}`;
  origins.peer = `http://127.0.0.1:${peerPort}`;

  return {
    origin: origins.main,
    peerOrigin: origins.peer,
    url(name, query = {}) {
      const url = new URL(`/${name}`, origins.main);
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
      return url.href;
    },
    requests,
    close: async () => {
      await Promise.all([stop(main), stop(peer)]);
    },
  };
}

/** An http URL on 127.0.0.1 where nothing listens (connection refused). */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/`;
}
