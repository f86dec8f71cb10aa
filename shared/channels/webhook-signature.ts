import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the Unix time (seconds) the signature was made at. */
export const TIMESTAMP_HEADER = 'X-Efaktur-Fleet-Timestamp';
/** The header carrying `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
export const SIGNATURE_HEADER = 'X-Efaktur-Fleet-Signature';
/** Stable per transition: a receiver that has seen it drops a repeated delivery. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** How old a signed request a receiver should still accept; older ones are replays. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` over the timestamp and the exact body bytes. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `sha256=${mac}`;
}

/** The id of one transition as receivers see it (target and time identify a transition). */
export function transitionKey(targetId: string, at: string): string {
  return createHash('sha256').update(`${targetId}\n${at}`, 'utf8').digest('hex').slice(0, 32);
}

export interface SignedRequest {
  readonly secret: string;
  /** The timestamp header's value as received. */
  readonly timestamp: string | undefined;
  /** The signature header's value as received. */
  readonly signature: string | undefined;
  /** The body exactly as received, before any JSON parsing. */
  readonly body: string;
  readonly nowMs: number;
  readonly toleranceSeconds?: number;
}

/** Why a signed request was refused; `null` when it is genuine and fresh. */
export function webhookSignatureProblem(request: SignedRequest): string | null {
  const { timestamp, signature, body, secret, nowMs } = request;
  const tolerance = request.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return 'missing or malformed timestamp';
  if (signature === undefined || !/^sha256=[0-9a-f]{64}$/.test(signature))
    return 'missing or malformed signature';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > tolerance)
    return 'timestamp outside the tolerance (a replay?)';
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? null
    : 'signature does not match';
}
