import type { ConsensusPolicy, ConsensusState, ProbeResult } from '../../shared/types.js';

export interface TargetSummary {
  readonly id: string;
  readonly name: string;
}

/** A service group as the terminal view lists it. */
export interface GroupSummary {
  readonly id: string;
  readonly name: string;
  readonly targets: readonly string[];
}

/** What the terminal view shows: each target's consensus and each region's latest result for it. */
export interface FleetSnapshot {
  readonly targets: readonly TargetSummary[];
  /** Service groups, whose states are in `states` under `group:<id>` (absent: none). */
  readonly groups?: readonly GroupSummary[];
  readonly regions: readonly string[];
  readonly states: ReadonlyMap<string, ConsensusState>;
  /** Latest result per target and region, keyed by `resultKey`. */
  readonly latest: ReadonlyMap<string, ProbeResult>;
  /** The consensus policy in force (freshness of votes). */
  readonly policy: ConsensusPolicy;
  /** Regions whose round is running right now. */
  readonly probing: ReadonlySet<string>;
}

export function resultKey(targetId: string, region: string): string {
  return `${targetId}\u0000${region}`;
}

/** The mutable side of a snapshot, fed by the runner as results and states arrive. */
export class FleetModel {
  private readonly states = new Map<string, ConsensusState>();
  private readonly latest = new Map<string, ProbeResult>();
  private readonly probing = new Set<string>();

  constructor(
    private readonly targets: readonly TargetSummary[],
    private readonly regions: readonly string[],
    private readonly policy: ConsensusPolicy,
    private readonly groups: readonly GroupSummary[] = [],
  ) {}

  recordResult(result: ProbeResult): void {
    const key = resultKey(result.targetId, result.region);
    const previous = this.latest.get(key);
    if (!previous || previous.checkedAt <= result.checkedAt) this.latest.set(key, result);
  }

  recordState(state: ConsensusState): void {
    const previous = this.states.get(state.targetId);
    if (!previous || previous.version <= state.version) this.states.set(state.targetId, state);
  }

  status(targetId: string): ConsensusState['status'] | null {
    return this.states.get(targetId)?.status ?? null;
  }

  setProbing(region: string, probing: boolean): void {
    if (probing) this.probing.add(region);
    else this.probing.delete(region);
  }

  snapshot(): FleetSnapshot {
    return {
      targets: this.targets,
      groups: this.groups,
      regions: this.regions,
      states: new Map(this.states),
      latest: new Map(this.latest),
      policy: this.policy,
      probing: new Set(this.probing),
    };
  }
}
