import { type FailureMode, noiseFailure, noiseHits, pathSight, type Sight, type Trace } from './trace.js';

/** How a monitor checks: attempts per check, the pauses between them, and the per-attempt timeout. */
export interface CheckSpec {
  /** Attempts in one check; a check fails only when every attempt fails (1 = no retry). */
  readonly attempts: number;
  /** Pause before attempt `k + 1`, by `k` (missing entries: no pause). */
  readonly pausesMs: readonly number[];
  /** A timing-out attempt takes this long. */
  readonly timeoutMs: number;
}

/** Modelled attempt durations, the same for every monitor (assumptions, see BENCHMARKS.md). */
export const ATTEMPT_MS = { ok: 250, maintenance: 250, refused: 150 } as const;

export function attemptMs(sight: Sight, timeoutMs: number): number {
  if (sight.status === 'up') return ATTEMPT_MS.ok;
  if (sight.status === 'maintenance') return ATTEMPT_MS.maintenance;
  return sight.failure === 'timeout' ? timeoutMs : ATTEMPT_MS.refused;
}

export interface CheckOutcome {
  readonly startMs: number;
  /** When the check's result is known. */
  readonly endMs: number;
  /** When the reported (last) attempt started. */
  readonly reportedAtMs: number;
  /** The reported attempt's sight. */
  readonly sight: Sight;
}

/**
 * One check by one observer from `region`, started at `startMs`. Every attempt looks at the trace at its own
 * start, so an outage that ends between attempts yields an `up` check. Noise is drawn once per check: a noisy
 * check fails all its attempts (the 1% is the rate of failed checks, after any retry).
 */
export function runCheck(
  trace: Trace,
  region: number,
  key: number,
  startMs: number,
  spec: CheckSpec,
): CheckOutcome {
  const noisy = noiseHits(trace, key, startMs);
  const noise: FailureMode | null = noisy ? noiseFailure(trace, key, startMs) : null;
  let t = startMs;
  for (let attempt = 0; ; attempt++) {
    let sight = pathSight(trace, region, t);
    if (noise !== null && sight.status !== 'down') sight = { status: 'down', cause: 'noise', failure: noise };
    const duration = attemptMs(sight, spec.timeoutMs);
    if (sight.status === 'up' || attempt + 1 >= spec.attempts) {
      return { startMs, endMs: t + duration, reportedAtMs: t, sight };
    }
    t += duration + (spec.pausesMs[attempt] ?? 0);
  }
}
