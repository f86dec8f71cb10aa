import type { FleetConfig, TargetConfig } from '../config/fleet-config.js';
import type { CheckOutcome, ControlCheck, ProbeResult } from '../types.js';
import { type ControlOptions, controlCheck } from './control-check.js';
import { shorten } from './format.js';
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
  const first = await attemptTarget(target, deps);
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
