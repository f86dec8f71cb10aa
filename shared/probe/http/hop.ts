import type { Timings } from '../../types.js';

/** One request of an exchange (the first, or one redirect), with the moments its phases ended. */
export interface Hop {
  /** 1 for the first request, then one more per redirect followed. */
  readonly id: number;
  readonly url: URL;
  readonly start: number;
  dnsEnd: number | null;
  connectEnd: number | null;
  tlsEnd: number | null;
  firstByte: number | null;
}

export function newHop(id: number, url: URL, start: number): Hop {
  return { id, url, start, dnsEnd: null, connectEnd: null, tlsEnd: null, firstByte: null };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The phases of the last hop (`null` for those it never reached), and the whole exchange's duration. */
export function timingsOf(hop: Hop | null, exchangeStart: number, end: number): Timings {
  const ready = hop?.tlsEnd ?? hop?.connectEnd ?? null;
  return {
    dnsMs: hop?.dnsEnd != null ? round(hop.dnsEnd - hop.start) : null,
    connectMs: hop?.connectEnd != null ? round(hop.connectEnd - (hop.dnsEnd ?? hop.start)) : null,
    tlsMs: hop?.tlsEnd != null && hop.connectEnd != null ? round(hop.tlsEnd - hop.connectEnd) : null,
    ttfbMs: hop?.firstByte != null && ready !== null ? round(hop.firstByte - ready) : null,
    totalMs: round(end - exchangeStart),
  };
}
