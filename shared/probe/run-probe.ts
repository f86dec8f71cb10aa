import type { FleetConfig, TargetConfig } from '../config/fleet-config.js';
import type { CheckOutcome, ControlCheck, ProbeResult } from '../types.js';
import { type ControlOptions, controlCheck } from './control-check.js';
import { shorten } from './format.js';
import { type ProbeDeps, probeTarget } from './probe-target.js';
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
 * result per target started; never rejects.
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
        return await probeTarget(target, deps).then(
          ({ attempts }) => attempts,
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
      : [toProbeResult(target.id, region, attempts, controlResult)];
  });
  return { results, skipped };
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
