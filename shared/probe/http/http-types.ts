import type { IncomingHttpHeaders } from 'node:http';
import type { LookupFunction } from 'node:net';
import type { DownReason, Timings, TlsInfo } from '../../types.js';
import type { AddressClassifier } from '../address-range.js';

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

/** The part of the exchange still running, named in a deadline failure. */
export type Phase = 'dns' | 'connect' | 'tls' | 'response' | 'body';
