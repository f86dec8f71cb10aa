/** At most `limit` requests per fixed window of `windowSeconds`. */
export interface RateRule {
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until the window that refused the request ends; 0 when allowed. */
  readonly retryAfterSeconds: number;
}

/** Counts requests per key in fixed windows; a refused request is not counted. */
export interface RateLimiter {
  consume(key: string, rule: RateRule, now: Date): Promise<RateDecision>;
}

/** The window `now` falls in: its start (epoch ms) and the seconds left in it (at least 1). */
export function windowOf(
  rule: RateRule,
  now: Date,
): { readonly start: number; readonly secondsLeft: number } {
  const size = rule.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / size) * size;
  return { start, secondsLeft: Math.max(1, Math.ceil((start + size - now.getTime()) / 1000)) };
}
