import { parseFleetConfig, resolvePolicy } from '../../../shared/config/fleet-config.js';
import { type Decision, decide } from '../../../shared/consensus/decide.js';
import type { Observation } from '../../../shared/consensus/observation.js';
import { votesFrom } from '../../../shared/consensus/votes-from.js';
import type { MaintenanceWindow } from '../../../shared/maintenance/maintenance-window.js';
import type {
  ConsensusPolicy,
  ConsensusState,
  ProbeStatus,
  ReasonCode,
  Transition,
} from '../../../shared/types.js';

export const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'] as const;
export const [JKT, SIN, TYO] = REGIONS;
/** 14:00 WIB. */
export const T0 = Date.parse('2026-03-15T07:00:00.000Z');
/** The default policy with the 2-minute recovery hold the step tables are written in. */
export const POLICY: ConsensusPolicy = resolvePolicy(
  parseFleetConfig({ policy: { recoveryHoldSeconds: 120 } }),
);

export const at = (seconds: number) => new Date(T0 + seconds * 1000);
export const iso = (seconds: number) => at(seconds).toISOString();

const REASON: Record<ProbeStatus, ReasonCode> = {
  up: 'ok',
  degraded: 'slow',
  maintenance: 'maintenance_page',
  down: 'timeout',
};

export interface ReportOptions {
  readonly reason?: ReasonCode;
  readonly control?: boolean | null;
  /** When the result is stored and evaluated (a run's result is keyed by its start). @default its start */
  readonly evaluateAt?: number;
}

/**
 * A fleet in virtual time: regions report results, and after each one (or on a sweep) the target is evaluated
 * with `votesFrom` + `decide`, the way the aggregator and the replay tool do. Keeps every decision.
 */
export class Fleet {
  state: ConsensusState | null = null;
  /** Announced maintenance windows every evaluation sees. */
  windows: MaintenanceWindow[] = [];
  readonly observations: Observation[] = [];
  readonly transitions: Transition[] = [];
  readonly decisions: Decision[] = [];

  constructor(
    readonly policy: ConsensusPolicy = POLICY,
    readonly regions: readonly string[] = REGIONS,
    readonly targetId = 'svc-wsdl',
  ) {}

  /**
   * One region reports at `seconds`, then the target is evaluated (at `options.evaluateAt`, default `seconds`). A
   * result with the same start as one already stored replaces it, as the result table does (a suspect's final result).
   */
  report(region: string, status: ProbeStatus, seconds: number, options: ReportOptions = {}): Decision {
    const same = this.observations.findIndex((o) => o.region === region && o.checkedAt === iso(seconds));
    if (same >= 0) this.observations.splice(same, 1);
    this.observations.push({
      region,
      checkedAt: iso(seconds),
      status,
      reason: options.reason ?? REASON[status],
      detail: `${status} seen from ${region}`,
      latencyMs: status === 'down' ? 10_000 : 200,
      control: options.control === undefined ? true : options.control,
    });
    // Only the two newest results of a region matter to a vote.
    const own = this.observations
      .filter((o) => o.region === region)
      .sort((a, b) => Date.parse(b.checkedAt) - Date.parse(a.checkedAt));
    for (const old of own.slice(2)) this.observations.splice(this.observations.indexOf(old), 1);
    return this.evaluate(options.evaluateAt ?? seconds);
  }

  /** Every region reports at `seconds` (in order, an evaluation after each); returns the transitions decided. */
  round(seconds: number, statuses: readonly ProbeStatus[], options: ReportOptions = {}): Transition[] {
    const before = this.transitions.length;
    statuses.forEach((status, i) => {
      const region = this.regions[i];
      if (region !== undefined) this.report(region, status, seconds, options);
    });
    return this.transitions.slice(before);
  }

  /** An evaluation without a new result (the sweep). */
  evaluate(seconds: number): Decision {
    const now = at(seconds);
    const { votes } = votesFrom(this.observations, this.regions, this.policy, now);
    const decision = decide(
      this.state,
      { targetId: this.targetId, regions: this.regions, votes, windows: this.windows },
      this.policy,
      now,
    );
    // The outbox is delivered at once here; the evaluator's outbox has tests of its own.
    this.state = { ...decision.next, outbox: [] };
    this.transitions.push(...decision.transitions);
    this.decisions.push(decision);
    return decision;
  }

  /** The transitions subscribers hear about. */
  get announced(): Transition[] {
    return this.transitions.filter((t) => t.audience !== 'ops');
  }

  get status() {
    return this.state?.status;
  }
}

/** `from→to` of each transition, for compact assertions. */
export const moves = (ts: readonly Transition[]) => ts.map((t) => `${t.from}→${t.to}`);
