import { lookup as dnsLookup } from 'node:dns';
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import type { TlsInfo } from '../../types.js';
import { nonPublicRange } from '../address-range.js';
import { shorten } from '../format.js';
import { BodyReader } from './body-reader.js';
import { deadlineDetail, failureOfError, type NodeError } from './failures.js';
import { type Hop, newHop, timingsOf } from './hop.js';
import type { HttpAnswer, HttpCheckOptions, HttpExchange, HttpFailure, Phase } from './http-types.js';
import { AddressGuard, MAX_REDIRECTS, RedirectTrail, redirectLocation } from './redirects.js';

const DAY_MS = 86_400_000;

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

/** One GET as a browser sends it, through `lookup` (which timing and the address rule wrap). */
function openRequest(target: URL, hostname: string, lookup: LookupFunction, options: HttpCheckOptions) {
  return (target.protocol === 'https:' ? https : http).request({
    protocol: target.protocol,
    hostname,
    port: target.port || undefined,
    path: `${target.pathname}${target.search}`,
    method: 'GET',
    agent: false,
    lookup,
    rejectUnauthorized: !options.insecure,
    headers: {
      'user-agent': options.userAgent ?? 'Mozilla/5.0 (compatible; efaktur-probe-fleet/0.1)',
      accept: 'text/xml,application/xml,text/html;q=0.9,*/*;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
      connection: 'close',
    },
  });
}

/**
 * The state of one bounded exchange: the hop under way, the phase it is in, what it observed, and the hard
 * deadline. Settles once, with whatever happened first; events of an earlier hop or after settling are ignored.
 */
export class Exchange {
  private readonly now: () => Date;
  private readonly lookup: LookupFunction;
  private readonly guard: AddressGuard;
  private readonly trail: RedirectTrail;
  private readonly started = performance.now();
  private readonly startedAt: string;
  private readonly deadline: ReturnType<typeof setTimeout>;
  private hop: Hop | null = null;
  private phase: Phase = 'dns';
  private remoteAddress: string | null = null;
  private tls: TlsInfo | null = null;
  private answer: HttpAnswer | null = null;
  private settled = false;
  private request: ClientRequest | null = null;
  private response: IncomingMessage | null = null;
  private reader: BodyReader | null = null;

  constructor(
    private readonly url: string,
    private readonly options: HttpCheckOptions,
    private readonly done: (exchange: HttpExchange) => void,
  ) {
    this.now = options.now ?? (() => new Date());
    this.startedAt = this.now().toISOString();
    this.lookup = options.lookup ?? (dnsLookup as LookupFunction);
    this.guard = new AddressGuard(options.addressRange ?? nonPublicRange);
    this.trail = new RedirectTrail(options.maxRedirects ?? MAX_REDIRECTS);
    this.deadline = setTimeout(
      () => this.settle({ reason: 'timeout', detail: deadlineDetail(this.phase, options.timeoutMs) }),
      options.timeoutMs,
    );
  }

  /** Ends the exchange (once): releases the timer and every stream, and reports what was observed. */
  settle(failure: HttpFailure | null, body: Buffer = Buffer.alloc(0)): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.deadline);
    const end = performance.now();
    if (this.answer !== null) this.answer = { ...this.answer, body };
    this.request?.destroy();
    this.response?.destroy();
    this.reader?.destroy();
    this.done({
      startedAt: this.startedAt,
      url: this.url,
      redirects: this.trail.followed,
      timings: timingsOf(this.hop, this.started, end),
      remoteAddress: this.remoteAddress,
      tls: this.tls,
      bytes: this.reader?.bytes ?? 0,
      answer: this.answer,
      failure,
    });
  }

  /** Starts the exchange at its first URL. */
  begin(first: URL): void {
    this.trail.begin(first);
    this.send(first);
  }

  /** Sends one request (the first, or a redirect's); its events count only while it is the current hop. */
  private send(target: URL): void {
    const current = newHop((this.hop?.id ?? 0) + 1, target, performance.now());
    this.hop = current;
    const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1');
    this.phase = isIP(hostname) ? 'connect' : 'dns';
    this.answer = null;
    this.remoteAddress = null;
    this.tls = null;
    if (isIP(hostname) && this.refuse(current, hostname, hostname)) return;
    let req: ClientRequest;
    try {
      req = openRequest(target, hostname, this.lookupFor(current, hostname), this.options);
    } catch (error) {
      this.settle({
        reason: 'network',
        detail: shorten(`cannot send the request: ${(error as Error).message}`),
      });
      return;
    }
    this.request = req;
    req.on('socket', (socket: Socket) => this.watch(socket, current, hostname));
    req.on('error', (error: NodeError) => {
      if (this.live(current)) this.settle(failureOfError(error, this.phase, this.reader?.bytes ?? 0));
    });
    req.on('response', (res) => this.answered(res, current));
    req.end();
  }

  private live(hop: Hop): boolean {
    return !this.settled && this.hop === hop;
  }

  /** Settles with a refusal when `hop` may not go to `address`; `true` when refused. */
  private refuse(hop: Hop, hostname: string, address: string): boolean {
    const refused = this.guard.refusal(hop.id, hostname, address);
    if (refused === null) return false;
    this.settle(refused);
    return true;
  }

  /** Name resolution that times the DNS phase and drops the addresses a later hop may not reach. */
  private lookupFor(current: Hop, hostname: string): LookupFunction {
    return (host, lookupOptions, callback) => {
      const done = callback as (e: NodeJS.ErrnoException | null, a: unknown, f?: number) => void;
      this.lookup(host, lookupOptions, (error, address, family) => {
        if (!this.live(current) || error) {
          done(error, address, family);
          return;
        }
        current.dnsEnd ??= performance.now();
        this.phase = 'connect';
        const screened = this.guard.screen(current.id, hostname, address);
        if ('refused' in screened) {
          this.settle(screened.refused);
          done(Object.assign(new Error(`redirect to ${host} refused`), { code: 'EREFUSEDHOP' }), undefined);
          return;
        }
        done(null, screened.address, family);
      });
    };
  }

  private watch(socket: Socket, current: Hop, hostname: string): void {
    socket.once('connect', () => {
      if (!this.live(current)) return;
      current.connectEnd = performance.now();
      this.remoteAddress = socket.remoteAddress ?? null;
      // The address actually connected to decides, whatever name or literal led there.
      if (current.id === 1) this.guard.origin(this.remoteAddress);
      else if (this.refuse(current, hostname, this.remoteAddress ?? '')) return;
      this.phase = current.url.protocol === 'https:' ? 'tls' : 'response';
    });
    socket.once('secureConnect', () => {
      if (!this.live(current)) return;
      current.tlsEnd = performance.now();
      this.tls = certificateInfo(socket as TLSSocket, this.now());
      this.phase = 'response';
    });
    socket.once('data', () => {
      if (this.live(current)) current.firstByte ??= performance.now();
    });
  }

  private answered(res: IncomingMessage, current: Hop): void {
    if (!this.live(current)) return;
    current.firstByte ??= performance.now();
    this.response = res;
    const status = res.statusCode ?? 0;
    this.answer = {
      url: current.url.href,
      status,
      // A reason phrase is the server's own text: shown only for codes without a standard one, cleaned.
      statusText: http.STATUS_CODES[status] ?? shorten(res.statusMessage ?? '', 40),
      headers: res.headers,
      body: Buffer.alloc(0),
    };
    const location = redirectLocation(status, res.headers.location);
    if (location !== null) {
      this.follow(current.url, location);
      return;
    }
    this.phase = 'body';
    this.reader = BodyReader.start(
      res,
      this.options.maxBodyBytes,
      () => this.live(current),
      (failure, body) => this.settle(failure, body),
    );
  }

  private follow(from: URL, location: string): void {
    const step = this.trail.follow(from, location);
    if ('failure' in step) {
      this.settle(step.failure);
      return;
    }
    this.response?.destroy();
    this.request?.destroy();
    this.response = null;
    this.send(step.next);
  }
}
