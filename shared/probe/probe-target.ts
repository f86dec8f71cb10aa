import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { CheckOutcome } from '../types.js';
import type { AddressClassifier } from './address-range.js';
import { type ClassifyOptions, classifyExchange } from './classify-exchange.js';
import { httpCheck } from './http-check.js';
import { redactUrl } from './redact-url.js';
import { WorkBudget } from './work-budget.js';

/** A target as the probe needs it: where, how to classify, and its bounds. */
export interface ProbeTargetSpec extends ClassifyOptions {
  readonly url: string;
  readonly timeoutMs: number;
  readonly retryDelayMs: number;
  readonly maxBodyBytes: number;
}

/** What probing needs from outside; every member has a production default. */
export interface ProbeDeps {
  /** @default httpCheck */
  readonly check?: typeof httpCheck;
  /** The pause before the confirming retry. @default a timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default dns.lookup */
  readonly lookup?: LookupFunction;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Accept any TLS certificate (tests and the CLI's `--insecure`). @default false */
  readonly insecure?: boolean;
  /** How the probe introduces itself (see `probeUserAgent`). @default the check's own */
  readonly userAgent?: string;
  /** Which addresses are not public (tests that play a public server on 127.0.0.1). @default nonPublicRange */
  readonly addressRange?: AddressClassifier;
  /** Monotonic milliseconds, for the deadline of classification. @default performance.now */
  readonly clock?: () => number;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The options of `httpCheck` that come from the probe's dependencies. */
export function checkDeps(deps: ProbeDeps) {
  return {
    ...(deps.insecure !== undefined && { insecure: deps.insecure }),
    ...(deps.lookup !== undefined && { lookup: deps.lookup }),
    ...(deps.now !== undefined && { now: deps.now }),
    ...(deps.userAgent !== undefined && { userAgent: deps.userAgent }),
    ...(deps.addressRange !== undefined && { addressRange: deps.addressRange }),
  };
}

/**
 * One classified attempt. The hard deadline covers classification too: it gets what the exchange left of
 * `timeoutMs` and reports `timeout` past it; `totalMs` includes it.
 */
export async function attemptTarget(target: ProbeTargetSpec, deps: ProbeDeps = {}): Promise<CheckOutcome> {
  const check = deps.check ?? httpCheck;
  const clock = deps.clock ?? (() => performance.now());
  const exchange = await check(target.url, {
    timeoutMs: target.timeoutMs,
    maxBodyBytes: target.maxBodyBytes,
    ...checkDeps(deps),
  });
  const classifyStart = clock();
  const left = Math.max(0, target.timeoutMs - exchange.timings.totalMs);
  const budget = new WorkBudget(classifyStart + left, target.timeoutMs, clock);
  const { status, reason, detail } = classifyExchange(exchange, target, budget);
  const classifyMs = Math.max(0, clock() - classifyStart);
  return {
    status,
    reason,
    detail,
    startedAt: exchange.startedAt,
    httpStatus: exchange.answer?.status ?? null,
    timings: {
      ...exchange.timings,
      totalMs: Math.round((exchange.timings.totalMs + classifyMs) * 10) / 10,
    },
    bytes: exchange.bytes,
    remoteAddress: exchange.remoteAddress,
    tls: exchange.tls,
    // Redacted by `httpCheck` already; again here for any other `check` (the record must never hold them).
    redirects: exchange.redirects.map(redactUrl),
  };
}

/**
 * Probes a target the way it is recorded: a non-`up` answer is confirmed by one retry after `retryDelayMs`;
 * the second attempt is the one reported, both are kept.
 */
export async function probeTarget(
  target: ProbeTargetSpec,
  deps: ProbeDeps = {},
): Promise<{ readonly reported: CheckOutcome; readonly attempts: readonly CheckOutcome[] }> {
  const first = await attemptTarget(target, deps);
  if (first.status === 'up') return { reported: first, attempts: [first] };
  await (deps.sleep ?? defaultSleep)(target.retryDelayMs);
  const second = await attemptTarget(target, deps);
  return { reported: second, attempts: [first, second] };
}
