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

/** One attempt: what it saw and when it ended. */
export interface AttemptOutcome {
  readonly startMs: number;
  readonly endMs: number;
  readonly sight: Sight;
}

/**
 * One attempt by one observer at `location`, started at `startMs`: it looks at the trace at its start. With the
 * `attempt` noise model the attempt draws its own noise; with `check`, the noise of the check it belongs to
 * (`checkStartMs`) applies to all its attempts.
 */
export function runAttempt(
  trace: Trace,
  location: string,
  key: number,
  startMs: number,
  timeoutMs: number,
  checkStartMs = startMs,
): AttemptOutcome {
  const drawnAt = trace.noise === 'check' ? checkStartMs : startMs;
  const noise: FailureMode | null = noiseHits(trace, key, drawnAt) ? noiseFailure(trace, key, drawnAt) : null;
  let sight = pathSight(trace, location, startMs);
  if (noise !== null && sight.status !== 'down') sight = { status: 'down', cause: 'noise', failure: noise };
  return { startMs, endMs: startMs + attemptMs(sight, timeoutMs), sight };
}

export interface CheckOutcome {
  readonly startMs: number;
  /** When the check's result is known. */
  readonly endMs: number;
  /** When the reported (last) attempt started. */
  readonly reportedAtMs: number;
  /** The reported attempt's sight. */
  readonly sight: Sight;
  /** Every attempt, in order (the first decides whether there is a retry). */
  readonly attempts: readonly AttemptOutcome[];
}

/**
 * One check by one observer at `location`, started at `startMs`: attempts until one is up or the spec's attempts
 * are used up, so an outage that ends between attempts yields an `up` check.
 */
export function runCheck(
  trace: Trace,
  location: string,
  key: number,
  startMs: number,
  spec: CheckSpec,
): CheckOutcome {
  const attempts: AttemptOutcome[] = [];
  let t = startMs;
  for (let k = 0; ; k++) {
    const attempt = runAttempt(trace, location, key, t, spec.timeoutMs, startMs);
    attempts.push(attempt);
    if (attempt.sight.status === 'up' || k + 1 >= spec.attempts) {
      return { startMs, endMs: attempt.endMs, reportedAtMs: t, sight: attempt.sight, attempts };
    }
    t = attempt.endMs + (spec.pausesMs[k] ?? 0);
  }
}
