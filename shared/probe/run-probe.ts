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

/** Checks under way at once in a run: enough for 100 targets within a minute, few enough for one small function. */
export const PROBE_CONCURRENCY = 16;
/**
 * Body memory the checks under way may hold together: each holds its answer about three times over while it
 * classifies it, so a check reserves `checkMemoryBytes` of it. 96 MiB leaves the rest of the 256 MB function to
 * Node, the SDK and the results, whatever the targets' caps.
 */
export const PROBE_MEMORY_BUDGET_BYTES = 96 * 1024 * 1024;

/** What one check of `target` may hold at once: its answer three times over, and some room for the rest. */
export function checkMemoryBytes(target: Pick<TargetConfig, 'maxBodyBytes'>): number {
  return 3 * target.maxBodyBytes + 256 * 1024;
}

/** The longest one target can take: its deadline twice (the confirming retry) and the pause between. */
export function worstCheckMs(target: Pick<TargetConfig, 'timeoutMs' | 'retryDelayMs'>): number {
  return 2 * target.timeoutMs + target.retryDelayMs;
}

export interface RunProbeOptions {
  /** Only these targets (burst confirmation); all when absent. */
  readonly targets?: readonly TargetConfig[];
  readonly control?: ControlOptions;
  /** @default PROBE_CONCURRENCY */
  readonly concurrency?: number;
  /** @default PROBE_MEMORY_BUDGET_BYTES */
  readonly memoryBudgetBytes?: number;
  /**
   * When every check must be over (epoch ms), e.g. the function's own deadline less the time to store results: a
   * target whose worst case would end after it is not started, and gets no result this run.
   * @default none
   */
  readonly deadline?: number;
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
        reason: 'no_answer_yet',
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

/** What a run checked, and the targets it left for lack of time. */
export interface ProbeRun {
  readonly results: ProbeResult[];
  /** Targets not started: their worst case would have ended after `deadline`. */
  readonly skipped: readonly string[];
}

/**
 * One probe run of a region: every target (each confirmed by a retry when not up) and the control URL, at most
 * `concurrency` checks and `memoryBudgetBytes` of answers at once, in the configured order. Resolves with one
 * result per target started; never rejects. With `suspects`, see `RunProbeOptions`.
 */
export async function runProbe(
  config: FleetConfig,
  region: string,
  deps: ProbeDeps = {},
  options: RunProbeOptions = {},
): Promise<ProbeResult[]> {
  return (await runProbeWithin(config, region, deps, options)).results;
}

/** `runProbe`, also naming the targets a `deadline` left out. */
export async function runProbeWithin(
  config: FleetConfig,
  region: string,
  deps: ProbeDeps = {},
  options: RunProbeOptions = {},
): Promise<ProbeRun> {
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
  const slots = new WeightedSlots(
    Math.max(1, options.concurrency ?? PROBE_CONCURRENCY),
    options.memoryBudgetBytes ?? PROBE_MEMORY_BUDGET_BYTES,
  );
  const skipped: string[] = [];
  const probed = await Promise.all(
    targets.map(async (target): Promise<readonly CheckOutcome[] | null> => {
      const weight = checkMemoryBytes(target);
      await slots.acquire(weight);
      try {
        if (options.deadline !== undefined && now().getTime() + worstCheckMs(target) > options.deadline) {
          skipped.push(target.id);
          return null;
        }
        return await (suspects === undefined
          ? probeTarget(target, deps).then(({ attempts }) => attempts)
          : probeWithSuspect(target, region, deps, control, suspects)
        ).then(
          (attempts) => attempts,
          (error: unknown) => [crashed(error, now())],
        );
      } finally {
        slots.release(weight);
      }
    }),
  );
  const controlResult = await control;
  const results = targets.flatMap((target, i) => {
    const attempts = probed[i];
    return attempts === null || attempts === undefined
      ? []
      : [keyed(toProbeResult(target.id, region, attempts, controlResult), suspects !== undefined)];
  });
  return { results, skipped };
}

/** With suspects, a result is keyed by its first attempt's start, so that it replaces its suspects. */
function keyed(result: ProbeResult, bySuspectKey: boolean): ProbeResult {
  const first = result.attempts[0];
  return bySuspectKey && first !== undefined ? { ...result, checkedAt: first.startedAt } : result;
}

/** At most `count` holders and `capacity` units at once, first come first served; one holder may exceed it alone. */
class WeightedSlots {
  private held = 0;
  private used = 0;
  private readonly waiting: { weight: number; wake: () => void }[] = [];

  constructor(
    private readonly count: number,
    private readonly capacity: number,
  ) {}

  acquire(weight: number): Promise<void> {
    if (this.waiting.length === 0 && this.fits(weight)) {
      this.take(weight);
      return Promise.resolve();
    }
    return new Promise((wake) => this.waiting.push({ weight, wake }));
  }

  release(weight: number): void {
    this.held--;
    this.used -= weight;
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.weight)) {
      const next = this.waiting.shift()!;
      this.take(next.weight);
      next.wake();
    }
  }

  private fits(weight: number): boolean {
    return this.held < this.count && (this.held === 0 || this.used + weight <= this.capacity);
  }

  private take(weight: number): void {
    this.held++;
    this.used += weight;
  }
}
