import type { ProbeResult, ProbeStatus, ReasonCode } from '../types.js';

/** What the consensus needs of one probe result, whether it comes from the table or from a replayed file. */
export interface Observation {
  readonly region: string;
  /** ISO 8601 UTC. */
  readonly checkedAt: string;
  readonly status: ProbeStatus;
  readonly reason: ReasonCode;
  readonly detail: string;
  readonly latencyMs: number | null;
  /** Whether the region's own network worked (`null`: not checked). */
  readonly control: boolean | null;
}

export function observationOf(result: ProbeResult): Observation {
  return {
    region: result.region,
    checkedAt: result.checkedAt,
    status: result.status,
    reason: result.reason,
    detail: result.detail,
    latencyMs: result.latencyMs,
    control: result.control === null ? null : result.control.ok,
  };
}
