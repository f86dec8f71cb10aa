import type { FleetConfig, TargetConfig } from '../config/fleet-config.js';
import type { CheckOutcome, ControlCheck, ProbeResult } from '../types.js';
import { type ControlOptions, controlCheck } from './control-check.js';
import { formatSeconds, shorten } from './format.js';
import { attemptTarget, defaultSleep, type ProbeDeps, probeTarget } from './probe-target.js';
import { redactUrl } from './redact-url.js';

/** A target id that the configuration does not know. */
export class UnknownTargetError extends Error {
  constructor(
    readonly targetId: string,
    readonly known: readonly string[],
  ) {
    super(`unknown target "${targetId}" (configured: ${known.join(', ')})`);
    this.name = 'UnknownTargetError';
  }
}

/** The targets a run checks: all of them, or the one named (burst confirmation). */
export function selectTargets(config: FleetConfig, targetId?: string): readonly TargetConfig[] {
  if (targetId === undefined) return config.targets;
  const target = config.targets.find((t) => t.id === targetId);
  if (target === undefined)
    throw new UnknownTargetError(
      targetId,
      config.targets.map((t) => t.id),
    );
  return [target];
}

/** The record of one target's probe: the reported attempt's fields, every attempt, the run's control check. */
export function toProbeResult(
  targetId: string,
  region: string,
  attempts: readonly CheckOutcome[],
  control: ControlCheck | null,
): ProbeResult {
  const reported = attempts[attempts.length - 1];
  if (reported === undefined) throw new RangeError('a probe result needs at least one attempt');
  return {
    targetId,
    region,
    checkedAt: reported.startedAt,
    status: reported.status,
    reason: reported.reason,
    detail: reported.detail,
    latencyMs: reported.timings.totalMs,
    httpStatus: reported.httpStatus,
    attempts,
    control,
    tls: reported.tls,
  };
}

function crashed(error: unknown, now: Date): CheckOutcome {
  return {
    status: 'down',
    reason: 'network',
    detail: shorten(`probe error: ${error instanceof Error ? error.message : String(error)}`),
    startedAt: now.toISOString(),
    httpStatus: null,
    timings: { dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: null, totalMs: 0 },
    bytes: 0,
    remoteAddress: null,
    tls: null,
    redirects: [],
  };
}

/** Where a run stores a target's first failed attempt before its confirming retry (see `runProbe`). */
export interface SuspectOptions {
  /** Stores a suspect result; a rejection is the caller's to log (the final result follows all the same). */
  readonly store: (suspect: ProbeResult) => Promise<void>;
  /** Resolves when a suspect is worth storing: a retry that has finished by then needs none. @default a 0 ms timer */
  readonly grace?: () => Promise<void>;
  /**
   * Also store a first attempt still unanswered after the target's `degradedAfterMs` as a slow suspect (planned runs:
   * it is what starts the other regions' re-checks of a hanging server 7 s sooner; a burst has no one left to ask).
   */
  readonly slow?: boolean;
  /** Waits `ms` unless aborted (then rejects). @default a timer */
  readonly after?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface RunProbeOptions {
  /** Only these targets (burst confirmation); all when absent. */
  readonly targets?: readonly TargetConfig[];
  readonly control?: ControlOptions;
  /**
   * Store a target's first failed attempt at once, as a suspect result, instead of only after its confirming retry
   * (seconds later, tens of seconds for a hanging server). Each result is then keyed by its first attempt's start, so
   * the final result replaces its suspect; the run resolves once every suspect it stored is stored.
   */
  readonly suspects?: SuspectOptions;
}

const nextTimer = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function abortableTimer(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** What a run knows of an attempt that has not answered within `degradedAfterMs`: at best the server is slow. */
function stillWaiting(
  target: TargetConfig,
  region: string,
  startedAt: string,
  control: ControlCheck,
): ProbeResult {
  const detail = `no answer yet after ${formatSeconds(target.degradedAfterMs)}`;
  return toProbeResult(
    target.id,
    region,
    [
      {
        status: 'degraded',
        reason: 'slow',
        detail,
        startedAt,
        httpStatus: null,
        timings: { dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: null, totalMs: target.degradedAfterMs },
        bytes: 0,
        remoteAddress: null,
        tls: null,
        redirects: [],
      },
    ],
    control,
  );
}

/**
 * The first attempt, storing it as a slow suspect if it is still unanswered after `degradedAfterMs`. It starts at
 * the instant the suspect is keyed by: the check takes its start time from the first `now()` it asks for.
 */
async function firstAttempt(
  target: TargetConfig,
  region: string,
  deps: ProbeDeps,
  control: Promise<ControlCheck>,
  suspects: SuspectOptions,
): Promise<CheckOutcome> {
  if (suspects.slow !== true) return attemptTarget(target, deps);
  const clock = deps.now ?? (() => new Date());
  const start = clock();
  let asked = false;
  const attempt = attemptTarget(target, {
    ...deps,
    now: () => {
      if (asked) return clock();
      asked = true;
      return start;
    },
  });
  let answered = false;
  const settled = attempt.then(
    () => {
      answered = true;
    },
    () => {
      answered = true;
    },
  );
  const abort = new AbortController();
  const waited = (suspects.after ?? abortableTimer)(target.degradedAfterMs, abort.signal).then(
    () => true,
    () => false,
  );
  const slow = await Promise.race([waited, settled.then(() => false)]);
  abort.abort();
  if (slow && !answered) {
    const suspect = stillWaiting(target, region, start.toISOString(), await control);
    // Stored before anything else under its key: a later version (the failed attempt, the result) replaces it.
    if (!answered) await suspects.store(suspect).catch(() => {});
  }
  return attempt;
}

/**
 * A target's attempts as `probeTarget` makes them (a non-up answer confirmed by one retry), storing the first failed
 * attempt as a suspect result, with the run's control check, while the retry runs.
 */
async function probeWithSuspect(
  target: TargetConfig,
  region: string,
  deps: ProbeDeps,
  control: Promise<ControlCheck>,
  suspects: SuspectOptions,
): Promise<CheckOutcome[]> {
  const first = await firstAttempt(target, region, deps, control, suspects);
  if (first.status === 'up') return [first];
  let retried = false;
  const retry = (async () => {
    await (deps.sleep ?? defaultSleep)(target.retryDelayMs);
    return attemptTarget(target, deps);
  })().finally(() => {
    retried = true;
  });
  // Settled either way below; a rejection here would otherwise be unhandled while the suspect is stored.
  retry.catch(() => {});
  await Promise.race([retry, (suspects.grace ?? nextTimer)()]).catch(() => {});
  let stored: Promise<void> = Promise.resolve();
  if (!retried) {
    const suspect = toProbeResult(target.id, region, [first], await control);
    stored = suspects.store(suspect).catch(() => {});
  }
  try {
    return [first, await retry];
  } finally {
    // The final result must not be overtaken by its suspect, which has the same key.
    await stored;
  }
}

/**
 * One probe run of a region: every target (each confirmed by a retry when not up) and the control URL, all
 * concurrently. Resolves with one result per target; never rejects. With `suspects`, see `RunProbeOptions`.
 */
export async function runProbe(
  config: FleetConfig,
  region: string,
  deps: ProbeDeps = {},
  options: RunProbeOptions = {},
): Promise<ProbeResult[]> {
  const now = deps.now ?? (() => new Date());
  const targets = options.targets ?? config.targets;
  const control = controlCheck(config.controlUrl, deps, options.control).catch(
    (error: unknown): ControlCheck => ({
      ok: false,
      url: redactUrl(config.controlUrl),
      latencyMs: 0,
      detail: shorten(`control check error: ${error instanceof Error ? error.message : String(error)}`),
    }),
  );
  const suspects = options.suspects;
  const probed = await Promise.all(
    targets.map((target) =>
      (suspects === undefined
        ? probeTarget(target, deps).then(({ attempts }) => attempts)
        : probeWithSuspect(target, region, deps, control, suspects)
      ).then(
        (attempts) => attempts,
        (error: unknown) => [crashed(error, now())],
      ),
    ),
  );
  const controlResult = await control;
  return targets.map((target, i) => {
    const result = toProbeResult(target.id, region, probed[i] ?? [], controlResult);
    const first = result.attempts[0];
    return suspects === undefined || first === undefined ? result : { ...result, checkedAt: first.startedAt };
  });
}
