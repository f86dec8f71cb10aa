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

export interface RunProbeOptions {
  /** Only these targets (burst confirmation); all when absent. */
  readonly targets?: readonly TargetConfig[];
  readonly control?: ControlOptions;
}

/**
 * One probe run of a region: every target (each confirmed by a retry when not up) and the control URL, all
 * concurrently. Resolves with one result per target; never rejects.
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
  const probed = await Promise.all(
    targets.map((target) =>
      probeTarget(target, deps).then(
        ({ attempts }) => attempts,
        (error: unknown) => [crashed(error, now())],
      ),
    ),
  );
  const controlResult = await control;
  return targets.map((target, i) => toProbeResult(target.id, region, probed[i] ?? [], controlResult));
}
