import { shorten } from './format.js';
import { Exchange } from './http/http-exchange.js';
import type { HttpCheckOptions, HttpExchange } from './http/http-types.js';
import { redactUrl } from './redact-url.js';

export { deadlineDetail, failureOfError } from './http/failures.js';
export type { HttpAnswer, HttpCheckOptions, HttpExchange, HttpFailure } from './http/http-types.js';
export { MAX_RECORDED_URL_LENGTH, MAX_REDIRECTS } from './http/redirects.js';

// URL.parse is newer than the oldest Node the project supports.
function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * One GET the way a browser would send it: redirects followed (at most 3, and never from a public address to a
 * non-public one), gzip/deflate/br decoded, certificate checked. Bounded in time (a hard deadline that ends
 * whatever phase is running, a drip included) and in memory (reading stops at the body cap). Resolves with what
 * happened; never rejects.
 */
export function httpCheck(url: string, options: HttpCheckOptions): Promise<HttpExchange> {
  return new Promise<HttpExchange>((resolve) => {
    const exchange = new Exchange(url, options, resolve);
    const first = parseUrl(url);
    if (first === null) {
      exchange.settle({ reason: 'network', detail: shorten(`invalid URL "${redactUrl(url)}"`) });
    } else if (first.protocol !== 'http:' && first.protocol !== 'https:') {
      exchange.settle({ reason: 'network', detail: shorten(`unsupported scheme ${first.protocol}`) });
    } else {
      exchange.begin(first);
    }
  });
}
