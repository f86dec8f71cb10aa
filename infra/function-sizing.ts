import type { FleetConfig, TargetConfig } from '../shared/config/fleet-config.js';
import {
  checkMemoryBytes,
  PROBE_CONCURRENCY,
  PROBE_MEMORY_BUDGET_BYTES,
  worstCheckMs,
} from '../shared/probe/run-probe.js';

/** Lambda's hard limit on a function's timeout. */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;
/** The control URL check's own deadline (it runs alongside the targets). */
export const CONTROL_CHECK_ALLOWANCE_MS = 5_000;
/** Start-up, the cross-region DynamoDB writes and the metrics flush. */
export const PROBE_MARGIN_MS = 5_000;

/**
 * The probe function's timeout: the run's worst case, every target taking its deadline twice (the confirming retry)
 * plus the pause between, scheduled as the run schedules them (at most `PROBE_CONCURRENCY` checks and
 * `PROBE_MEMORY_BUDGET_BYTES` of answers at once, in order), alongside the control check, plus a margin.
 */
export function probeTimeoutSeconds(config: FleetConfig): number {
  const runMs = Math.max(worstRunMs(config.targets), CONTROL_CHECK_ALLOWANCE_MS);
  return Math.min(Math.ceil((runMs + PROBE_MARGIN_MS) / 1000), LAMBDA_MAX_TIMEOUT_SECONDS);
}

/** The end of the last check when every check takes its worst time, scheduled like `runProbe` schedules them. */
export function worstRunMs(
  targets: readonly Pick<TargetConfig, 'timeoutMs' | 'retryDelayMs' | 'maxBodyBytes'>[],
): number {
  const running: { end: number; weight: number }[] = [];
  let now = 0;
  let used = 0;
  let last = 0;
  for (const target of targets) {
    const weight = checkMemoryBytes(target);
    // Wait for the earliest checks to end until this one fits (a check alone always fits).
    while (
      running.length >= PROBE_CONCURRENCY ||
      (running.length > 0 && used + weight > PROBE_MEMORY_BUDGET_BYTES)
    ) {
      running.sort((a, b) => a.end - b.end);
      const done = running.shift()!;
      now = Math.max(now, done.end);
      used -= done.weight;
    }
    const end = now + worstCheckMs(target);
    running.push({ end, weight });
    used += weight;
    last = Math.max(last, end);
  }
  return last;
}

/** Lambda keeps this much of an account's concurrency unreserved: reservations may only use what is above it. */
export const LAMBDA_UNRESERVED_MINIMUM = 100;
/** What the consensus needs at once: its stream batches, the sweep and a margin. */
export const AGGREGATOR_RESERVED_CONCURRENCY = 5;
/** What a probe needs at once: its scheduled run or tick, and a burst confirmation. */
export const PROBE_RESERVED_CONCURRENCY = 2;
/** The status API's stage throttle when it has room: requests per second, and the burst above it. */
export const API_THROTTLE = { rateLimit: 20, burstLimit: 50 } as const;

/** How the home region's concurrency is shared between the consensus, the probe and the public API. */
export interface ConcurrencyPlan {
  /** `reserved`: the account's quota leaves room for reservations; `throttled`: it does not (new accounts). */
  readonly mode: 'reserved' | 'throttled';
  /** Reserved concurrency per function (absent: none). */
  readonly aggregator?: number;
  readonly probe?: number;
  /** The API function's reserved concurrency: at least its stage's burst, so the cap itself never answers 5xx. */
  readonly api?: number;
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** What synth says about it. */
  readonly note: string;
}

/**
 * Keeps the public API from starving the probes and the consensus of Lambda concurrency. With quota to spare
 * (`accountConcurrencyLimit` ≥ what the reservations need plus `LAMBDA_UNRESERVED_MINIMUM`), the consensus and
 * each probe get reserved concurrency and the API a cap equal to its burst. Otherwise (10 on a new account, where
 * any reservation fails the deploy) nothing is reserved and the API's stage throttle leaves the others room.
 */
export function concurrencyPlan(accountConcurrencyLimit: number): ConcurrencyPlan {
  const needed =
    AGGREGATOR_RESERVED_CONCURRENCY +
    PROBE_RESERVED_CONCURRENCY +
    API_THROTTLE.burstLimit +
    LAMBDA_UNRESERVED_MINIMUM;
  if (accountConcurrencyLimit >= needed) {
    return {
      mode: 'reserved',
      aggregator: AGGREGATOR_RESERVED_CONCURRENCY,
      probe: PROBE_RESERVED_CONCURRENCY,
      api: API_THROTTLE.burstLimit,
      apiThrottle: API_THROTTLE,
      note:
        `concurrency: ${AGGREGATOR_RESERVED_CONCURRENCY} reserved for the consensus, ` +
        `${PROBE_RESERVED_CONCURRENCY} for each probe, the API capped at ${API_THROTTLE.burstLimit}`,
    };
  }
  const room = accountConcurrencyLimit - AGGREGATOR_RESERVED_CONCURRENCY;
  const burstLimit = Math.max(2, Math.min(API_THROTTLE.burstLimit, room));
  const rateLimit = Math.min(API_THROTTLE.rateLimit, burstLimit);
  return {
    mode: 'throttled',
    apiThrottle: { rateLimit, burstLimit },
    note:
      `concurrency: an account limit of ${accountConcurrencyLimit} leaves no room to reserve (reservations need ` +
      `${needed}), so the status API is throttled to ${rateLimit} requests/s (burst ${burstLimit}) to leave the ` +
      'probes and the consensus room; raise the Lambda quota and set accountConcurrencyLimit to reserve instead',
  };
}
