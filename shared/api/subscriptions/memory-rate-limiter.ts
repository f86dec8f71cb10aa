import { type RateDecision, type RateLimiter, type RateRule, windowOf } from './rate-limiter.js';

export class MemoryRateLimiter implements RateLimiter {
  private readonly counters = new Map<string, { start: number; count: number }>();

  async consume(key: string, rule: RateRule, now: Date): Promise<RateDecision> {
    const window = windowOf(rule, now);
    const id = `${key}\u0000${rule.windowSeconds}`;
    const counter = this.counters.get(id);
    const count = counter?.start === window.start ? counter.count : 0;
    if (count >= rule.limit) return { allowed: false, retryAfterSeconds: window.secondsLeft };
    this.counters.set(id, { start: window.start, count: count + 1 });
    return { allowed: true, retryAfterSeconds: 0 };
  }
}
