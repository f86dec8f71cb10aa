import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import {
  CORETAX_LOGIN_PAGE,
  CORETAX_LOGIN_PATH,
  ENOFA_LOGIN_PAGE,
  ENOFA_LOGIN_PATH,
  ERROR_SHELL_PAGE,
  isPortalPath,
  PORTAL_MAINTENANCE_PAGE,
} from './djp-portal-pages.js';
import { BAD_GATEWAY_PAGE, MAINTENANCE_PAGE, masterFakturWsdl, qrValidationXml } from './svc-documents.js';

export const SERVICE_MODES = [
  'up',
  'slow',
  'maintenance',
  'bad-gateway',
  'error-shell',
  'reset',
  'hang',
] as const;
/**
 * What the simulated DJP hosts do: answer normally (`up`), late (`slow`), show the maintenance notice,
 * answer 502 from their proxy, answer 200 with an application error shell ("An Error Occurred"), reset
 * connections, or accept them and never answer (`hang`). The SVC paths and the portal pages follow the same mode.
 */
export type ServiceMode = (typeof SERVICE_MODES)[number];

export interface SimulatorState {
  /** What every region sees unless overridden below. */
  readonly service: ServiceMode;
  /** Regions whose own network is down: all their requests, control URL included, are reset. */
  readonly offlineRegions: readonly string[];
  /** Per-region view of the service (e.g. a host that blocks one country). */
  readonly regionService: Readonly<Record<string, ServiceMode>>;
  /** Delay of `slow` answers. */
  readonly slowMs: number;
}

export const INITIAL_SIMULATOR_STATE: SimulatorState = {
  service: 'up',
  offlineRegions: [],
  regionService: {},
  slowMs: 4000,
};

const serviceMode = z.enum(SERVICE_MODES);
const statePatch = z
  .object({
    service: serviceMode,
    offlineRegions: z.array(z.string().min(1)),
    regionService: z.record(z.string().min(1), serviceMode),
    slowMs: z.number().int().min(0).max(120_000),
  })
  .partial()
  .strict();

/** Label of requests that do not name a region. */
export const UNNAMED_REGION = '(none)';

/**
 * The region a request speaks for: probes identify themselves in their User-Agent
 * (`efaktur-probe-fleet/<version> (region=<name>)`) or, failing that, an `x-probe-region` header.
 */
export function regionOfRequest(headers: IncomingHttpHeaders): string | null {
  const fromAgent = /\bregion=([A-Za-z0-9_-]+)/.exec(headers['user-agent'] ?? '');
  if (fromAgent?.[1]) return fromAgent[1];
  const header = headers['x-probe-region'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9_-]+$/.test(value) ? value : null;
}

export interface SvcSimulator {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** The Master Faktur Service WSDL, as e-Faktur clients and taxpayers open it. */
  readonly wsdlUrl: string;
  /** QR validation of an invoice the simulator does not know: answers "Faktur tidak Valid ...". */
  readonly qrUrl: string;
  /** A small page unrelated to the service, for the regions' control check. */
  readonly controlUrl: string;
  /** Coretax's sign-in page (its redirect from `/identityproviderportal/` is followed like the real one's). */
  readonly coretaxUrl: string;
  /** e-Nofa's login page. */
  readonly enofaUrl: string;
  state(): SimulatorState;
  /** Replaces the given fields of the state; the next request sees them. */
  set(patch: Partial<SimulatorState>): SimulatorState;
  /** Requests received per region (`(none)` when unnamed), admin requests excluded. */
  requestCounts(): Readonly<Record<string, number>>;
  close(): Promise<void>;
}

export interface SvcSimulatorOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  readonly initial?: Partial<SimulatorState>;
}

/** Starts the simulated DJP hosts on 127.0.0.1; each probing region can be shown its own view. */
export async function startSvcSimulator(options: SvcSimulatorOptions = {}): Promise<SvcSimulator> {
  let state: SimulatorState = { ...INITIAL_SIMULATOR_STATE, ...options.initial };
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const host: HostContext = { baseUrl: '', timers: new Set(), slowMs: () => state.slowMs };
  const apply = (patch: Partial<SimulatorState>) => {
    state = { ...state, ...patch };
    return state;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname === '/__simulator') {
      admin(req, res, { state: () => state, counts, apply });
      return;
    }
    const region = regionOfRequest(req.headers);
    const label = region ?? UNNAMED_REGION;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    answerInMode(modeFor(state, region), url, req, res, host);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  host.baseUrl = baseUrl;

  return {
    baseUrl,
    wsdlUrl: `${baseUrl}/svc/MasterFakturService?wsdl`,
    qrUrl: `${baseUrl}/validasi/faktur/000000000000000/0000000000000/0`,
    controlUrl: `${baseUrl}/control`,
    coretaxUrl: `${baseUrl}/identityproviderportal/`,
    enofaUrl: `${baseUrl}${ENOFA_LOGIN_PATH}`,
    state: () => state,
    set: apply,
    requestCounts: () => Object.fromEntries(counts),
    close: async () => {
      for (const timer of host.timers) clearTimeout(timer);
      host.timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** What answering needs of the running simulator. */
interface HostContext {
  baseUrl: string;
  /** Pending `slow` answers, cleared on close. */
  readonly timers: Set<NodeJS.Timeout>;
  readonly slowMs: () => number;
}

function modeFor(state: SimulatorState, region: string | null): ServiceMode | 'offline' {
  if (region !== null && state.offlineRegions.includes(region)) return 'offline';
  return (region !== null ? state.regionService[region] : undefined) ?? state.service;
}

/** Answers a request the way the region's view of the hosts (`mode`) says. */
function answerInMode(
  mode: ServiceMode | 'offline',
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  host: HostContext,
): void {
  if (mode === 'offline') {
    req.socket.resetAndDestroy();
    return;
  }
  // The control URL stands for a host unrelated to DJP: only the region's own network can break it.
  if (url.pathname === '/control') {
    send(res, 200, 'text/plain', `${req.socket.remoteAddress ?? '127.0.0.1'}\n`);
    return;
  }
  switch (mode) {
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    case 'hang':
      return; // the socket stays open until the client gives up or the simulator closes
    case 'maintenance':
      send(
        res,
        200,
        'text/html; charset=utf-8',
        isPortalPath(url.pathname) ? PORTAL_MAINTENANCE_PAGE : MAINTENANCE_PAGE,
      );
      return;
    case 'error-shell':
      send(res, 200, 'text/html; charset=utf-8', ERROR_SHELL_PAGE);
      return;
    case 'bad-gateway':
      send(res, 502, 'text/html', BAD_GATEWAY_PAGE);
      return;
    case 'slow': {
      const timer = setTimeout(() => {
        host.timers.delete(timer);
        service(url, res, host.baseUrl);
      }, host.slowMs());
      host.timers.add(timer);
      return;
    }
    case 'up':
      service(url, res, host.baseUrl);
      return;
  }
}

/** What the hosts answer when they work. */
function service(url: URL, res: ServerResponse, baseUrl: string): void {
  if (portal(url, res)) return;
  if (url.pathname === '/svc/MasterFakturService' && /^wsdl$/i.test(url.search.slice(1))) {
    send(res, 200, 'text/xml;charset=UTF-8', masterFakturWsdl(`${baseUrl}/svc/MasterFakturService`));
    return;
  }
  const qr = /^\/validasi\/faktur\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (qr) {
    send(res, 200, 'application/xml', qrValidationXml(qr[1] ?? '', qr[2] ?? ''));
    return;
  }
  send(res, 404, 'text/html', '<html><body><h1>404 Not Found</h1></body></html>');
}

/** Answers a portal page; `false` for any other path. */
function portal(url: URL, res: ServerResponse): boolean {
  if (url.pathname === '/identityproviderportal/') {
    res.writeHead(302, { location: CORETAX_LOGIN_PATH, 'content-length': 0 });
    res.end();
    return true;
  }
  const page =
    url.pathname === CORETAX_LOGIN_PATH
      ? CORETAX_LOGIN_PAGE
      : url.pathname === ENOFA_LOGIN_PATH
        ? ENOFA_LOGIN_PAGE
        : null;
  if (page === null) return false;
  send(res, 200, 'text/html; charset=utf-8', page);
  return true;
}

interface AdminContext {
  readonly state: () => SimulatorState;
  readonly counts: ReadonlyMap<string, number>;
  readonly apply: (patch: Partial<SimulatorState>) => SimulatorState;
}

/** `GET /__simulator` shows the state and the counts; `PUT` or `POST` a JSON patch changes the state. */
function admin(req: IncomingMessage, res: ServerResponse, ctx: AdminContext): void {
  if (req.method === 'GET') {
    send(
      res,
      200,
      'application/json',
      JSON.stringify({ state: ctx.state(), requests: Object.fromEntries(ctx.counts) }),
    );
    return;
  }
  if (req.method !== 'PUT' && req.method !== 'POST') {
    send(res, 405, 'text/plain', 'GET, PUT or POST\n');
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= 65_536) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > 65_536) {
      send(res, 413, 'text/plain', 'body larger than 64 KiB\n');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      send(res, 400, 'text/plain', 'body must be JSON\n');
      return;
    }
    const patch = statePatch.safeParse(parsed);
    if (!patch.success) {
      const lines = patch.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      send(res, 400, 'text/plain', `${lines.join('\n')}\n`);
      return;
    }
    send(res, 200, 'application/json', JSON.stringify({ state: ctx.apply(patch.data) }));
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
