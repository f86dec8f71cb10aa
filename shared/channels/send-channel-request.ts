import type { ChannelRequest } from './channel-requests.js';

/** How long one delivery may take, connection and answer included. */
export const CHANNEL_REQUEST_TIMEOUT_MS = 10_000;
/** Of a channel's answer only this much is read: enough for an error text, never a hostile stream. */
export const MAX_ANSWER_BYTES = 16 * 1024;

/** What one delivery attempt came to. */
export type DeliveryOutcome =
  | { readonly kind: 'sent'; readonly status: number }
  /** Worth trying again: no answer, a timeout, 408, 425, 429 or 5xx; `retryAfterMs` when the channel said when. */
  | {
      readonly kind: 'retry';
      readonly status: number | null;
      readonly retryAfterMs?: number;
      readonly reason: string;
    }
  /** Trying again would not help (a bad token, a deleted webhook, a chat the bot left): needs a person. */
  | { readonly kind: 'rejected'; readonly status: number; readonly reason: string };

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

const RETRYABLE = new Set([408, 425, 429]);
/** A channel that asks for a wait longer than this is asked again after it (the delay queue's own maximum). */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `nowMs`; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(Number(text) * 1000));
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - nowMs));
}

/** Telegram (`parameters.retry_after`) and Discord (`retry_after`) say in their JSON answer how long to wait. */
function retryAfterInBody(text: string): number | undefined {
  try {
    const json = JSON.parse(text) as { retry_after?: unknown; parameters?: { retry_after?: unknown } };
    const seconds = json?.parameters?.retry_after ?? json?.retry_after;
    if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) {
      return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(seconds * 1000));
    }
  } catch {
    // not JSON: no hint
  }
  return undefined;
}

/** The first `MAX_ANSWER_BYTES` of an answer as text; the rest is cancelled unread. */
async function readBounded(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES));
}

/** A short, single-line excerpt of a channel's answer for logs (never the request, which may hold a token). */
function excerpt(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * Posts one channel request and says what came of it. Redirects are not followed (a webhook URL that moved is a
 * configuration to fix), and errors name the status and the channel's own words, never the URL.
 */
export async function sendChannelRequest(
  request: ChannelRequest,
  options: { readonly fetch?: FetchLike; readonly timeoutMs?: number; readonly nowMs?: () => number } = {},
): Promise<DeliveryOutcome> {
  const doFetch = options.fetch ?? ((url, init) => fetch(url, init));
  const now = options.nowMs ?? Date.now;
  let response: Response;
  try {
    response = await doFetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? CHANNEL_REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const name = (error as Error)?.name;
    const code = ((error as { cause?: { code?: unknown } })?.cause?.code ?? '') as string;
    const reason =
      name === 'TimeoutError' || name === 'AbortError'
        ? 'no answer in time'
        : `no connection${typeof code === 'string' && /^[A-Z_]{2,32}$/.test(code) ? ` (${code})` : ''}`;
    return { kind: 'retry', status: null, reason };
  }
  let text = '';
  try {
    text = await readBounded(response);
  } catch {
    // the status is what counts
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    // Telegram answers errors with 200 only in theory; trust its `ok` when it sends one.
    if (/"ok"\s*:\s*false/.test(text)) return { kind: 'rejected', status, reason: excerpt(text) };
    return { kind: 'sent', status };
  }
  if (RETRYABLE.has(status) || status >= 500) {
    const retryAfterMs =
      parseRetryAfter(response.headers.get('retry-after'), now()) ?? retryAfterInBody(text);
    return {
      kind: 'retry',
      status,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      reason: `HTTP ${status}${text === '' ? '' : `: ${excerpt(text)}`}`,
    };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: 'rejected',
      status,
      reason: `HTTP ${status}: redirects are not followed; configure the final URL`,
    };
  }
  return { kind: 'rejected', status, reason: `HTTP ${status}${text === '' ? '' : `: ${excerpt(text)}`}` };
}
