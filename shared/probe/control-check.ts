import type { ControlCheck } from '../types.js';
import { shorten } from './format.js';
import { httpCheck } from './http-check.js';
import { checkDeps, type ProbeDeps } from './probe-target.js';
import { redactUrl } from './redact-url.js';

export interface ControlOptions {
  /** @default 5000 */
  readonly timeoutMs?: number;
}

/**
 * Fetches the control URL (small, highly available, unrelated to DJP): when it fails too, the probing region's
 * own network is at fault and its failing verdicts must not count against the target. Any 2xx or 3xx answer
 * counts as working; a body over the cap still proves the network works.
 */
export async function controlCheck(
  url: string,
  deps: ProbeDeps = {},
  options: ControlOptions = {},
): Promise<ControlCheck> {
  const exchange = await (deps.check ?? httpCheck)(url, {
    timeoutMs: options.timeoutMs ?? 5000,
    maxBodyBytes: 64 * 1024,
    ...checkDeps(deps),
  });
  const status = exchange.answer?.status ?? null;
  const answered = status !== null && status >= 200 && status < 400;
  const ok = answered && (exchange.failure === null || exchange.failure.reason === 'too_large');
  const detail =
    exchange.failure !== null && !ok
      ? exchange.failure.detail
      : `HTTP ${status ?? '-'}${exchange.answer?.statusText ? ` ${exchange.answer.statusText}` : ''}`;
  return { ok, url: redactUrl(url), latencyMs: exchange.timings.totalMs, detail: shorten(detail) };
}
