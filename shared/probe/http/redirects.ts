import type { LookupAddress } from 'node:dns';
import type { AddressClassifier, NonPublicRange } from '../address-range.js';
import { shorten } from '../format.js';
import { redactUrl } from '../redact-url.js';
import type { HttpFailure } from './http-types.js';

/** Redirects followed before the exchange counts as a `redirect` failure. */
export const MAX_REDIRECTS = 3;
/** A followed URL is recorded up to this length (a Location header may hold up to 16 KiB). */
export const MAX_RECORDED_URL_LENGTH = 2000;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The Location to follow when an answer is a redirect, else `null`. */
export function redirectLocation(status: number, location: string | undefined): string | null {
  return REDIRECT_STATUSES.has(status) && location ? location : null;
}

/** The URLs an exchange went through: decides whether one more redirect may be followed. */
export class RedirectTrail {
  /** URLs followed after the first, credentials redacted and length bounded. */
  readonly followed: string[] = [];
  private readonly visited = new Set<string>();

  constructor(private readonly max: number = MAX_REDIRECTS) {}

  /** Records the first URL, so that a redirect back to it is a loop. */
  begin(first: URL): void {
    this.visited.add(first.href);
  }

  /** The URL a Location leads to (recorded as followed), or the failure that ends the exchange. */
  follow(from: URL, location: string): { readonly next: URL } | { readonly failure: HttpFailure } {
    let next: URL;
    try {
      next = new URL(location, from);
    } catch {
      return { failure: redirectFailure(`invalid redirect Location "${shorten(redactUrl(location), 80)}"`) };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return { failure: redirectFailure(shorten(`redirect to unsupported scheme ${next.protocol}`)) };
    }
    const shown = redactUrl(next.href);
    if (this.visited.has(next.href)) {
      return { failure: redirectFailure(shorten(`redirect loop back to ${shown}`)) };
    }
    if (this.followed.length >= this.max) {
      return { failure: redirectFailure(shorten(`more than ${this.max} redirects (next: ${shown})`)) };
    }
    this.followed.push(shorten(shown, MAX_RECORDED_URL_LENGTH));
    this.visited.add(next.href);
    return { next };
  }
}

const redirectFailure = (detail: string): HttpFailure => ({ reason: 'redirect', detail });

/** Why a hop was not followed: where the redirect pointed (no body, no path) and which range that is. */
export function refusedRedirectDetail(host: string, address: string, range: NonPublicRange): string {
  const where = host === address ? `${address}, ${range}` : `${host}: ${address}, ${range}`;
  return shorten(`redirect from a public address to a non-public one refused (${where})`);
}

/** What a name lookup for a later hop may go on with. */
export type Screened = { readonly refused: HttpFailure } | { readonly address: string | LookupAddress[] };

/**
 * The rule for later hops: once the first request reached a public address, no redirect may lead to loopback,
 * private or link-local space, whichever name or literal points there.
 */
export class AddressGuard {
  private publicOrigin = false;

  constructor(private readonly rangeOf: AddressClassifier) {}

  /** Records the address the first hop connected to. */
  origin(remoteAddress: string | null): void {
    this.publicOrigin = remoteAddress === null || this.rangeOf(remoteAddress) === null;
  }

  /** The failure refusing hop `hopId` (1 is the first) to `address`, `null` when it may go on. */
  refusal(hopId: number, hostname: string, address: string): HttpFailure | null {
    const range = hopId > 1 && this.publicOrigin ? this.rangeOf(address) : null;
    return range === null ? null : redirectFailure(refusedRedirectDetail(hostname, address, range));
  }

  /** Every address a name resolves to is judged: after a public origin, only public ones are kept. */
  screen(hopId: number, hostname: string, address: string | LookupAddress[]): Screened {
    const all: readonly { address: string }[] = Array.isArray(address) ? address : [{ address }];
    const guarded = hopId > 1 && this.publicOrigin;
    const isPublic = (a: { address: string }) => this.rangeOf(a.address) === null;
    const first = all[0];
    if (guarded && first !== undefined && !all.some(isPublic)) {
      const refused = this.refusal(hopId, hostname, first.address);
      if (refused !== null) return { refused };
    }
    if (guarded && Array.isArray(address)) {
      const kept = address.filter(isPublic);
      if (kept.length < address.length) return { address: kept };
    }
    return { address };
  }
}
