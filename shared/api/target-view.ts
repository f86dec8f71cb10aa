import type { TargetConfig } from '../config/fleet-config.js';
import { agrees, severity } from '../status-severity.js';
import type {
  ConsensusPolicy,
  ConsensusState,
  ConsensusStatus,
  ProbeStatus,
  ReasonCode,
  RegionalProblem,
  Rule,
  Vote,
  VoteExclusion,
} from '../types.js';

/** One region's vote as the API shows it: every field always present. */
export interface VoteView extends Omit<Vote, 'excluded' | 'previousStatus'> {
  /** Why the vote did not count (`stale`, `control_failed`, `regional_problem`); `null` when it counted. */
  readonly excluded: VoteExclusion | null;
}

export interface RegionalProblemView {
  readonly region: string;
  readonly status: ProbeStatus;
  readonly reason: ReasonCode;
  readonly since: string;
}

/** The consensus of one target with the evidence behind it, as `GET /status` and `GET /targets/{id}` show it. */
export interface TargetStatusView {
  readonly id: string;
  readonly name: string;
  readonly status: ConsensusStatus;
  /** Since when `status` holds; `null` before the first evaluation. */
  readonly since: string | null;
  /** The latest sign of life: the last evaluation or the newest vote, whichever is later. */
  readonly checkedAt: string | null;
  /** `checkedAt` is older than the staleness limit (or missing): the verdict may no longer hold. */
  readonly stale: boolean;
  readonly rule: Rule | null;
  readonly votes: readonly VoteView[];
  /**
   * Regions that disagree with the other regions without a quorum, e.g. one geo-blocked region. During a recovery
   * hold they are measured against the status the quorum reports, not against the one the fleet is leaving.
   */
  readonly regionalProblems: readonly RegionalProblemView[];
  /** A status that has its quorum and waits (a recovery for its hold period, a worse status for confirmation). */
  readonly pending: PendingView | null;
}

export interface PendingView {
  readonly status: ConsensusStatus;
  /** Since when the quorum has said so. */
  readonly since: string;
  /** When a recovery hold ends if the quorum keeps saying so; `null` when it waits for confirmation instead. */
  readonly until: string | null;
  /** Whole seconds left of the recovery hold (0 once due); `null` when it waits for confirmation. */
  readonly remainingSeconds: number | null;
}

/** The parts of the policy the view needs: freshness and the two recovery holds. */
export type ViewPolicy = Pick<ConsensusPolicy, 'staleAfterMs' | 'recoveryHoldMs' | 'flapRecoveryHoldMs'>;

export function voteView(vote: Vote): VoteView {
  return {
    region: vote.region,
    status: vote.status,
    reason: vote.reason,
    detail: vote.detail,
    latencyMs: vote.latencyMs,
    checkedAt: vote.checkedAt,
    control: vote.control,
    excluded: vote.excluded ?? null,
  };
}

function regionalProblemView(problem: RegionalProblem): RegionalProblemView {
  return { region: problem.region, status: problem.status, reason: problem.reason, since: problem.since };
}

/** A recovery hold of the state (a better status waiting for its hold), with when it ends. */
export function recoveryHoldOf(
  state: Pick<ConsensusState, 'status' | 'pending' | 'rule'>,
  policy: Pick<ViewPolicy, 'recoveryHoldMs' | 'flapRecoveryHoldMs'>,
): { readonly status: ConsensusStatus; readonly since: string; readonly until: string } | null {
  const { pending, status } = state;
  if (pending === null || pending.status === 'unknown' || status === 'unknown') return null;
  if (severity(pending.status) >= severity(status)) return null;
  const holdMs = state.rule === 'flap_damped' ? policy.flapRecoveryHoldMs : policy.recoveryHoldMs;
  const sinceMs = Date.parse(pending.since);
  if (!Number.isFinite(sinceMs)) return null;
  return { status: pending.status, since: pending.since, until: new Date(sinceMs + holdMs).toISOString() };
}

/**
 * The regional problems worth showing: during a recovery hold, only the regions that disagree with the status the
 * quorum now reports (a region still failing while the others are back), not every region that left the old one.
 */
export function shownRegionalProblems(
  state: Pick<ConsensusState, 'status' | 'pending' | 'rule' | 'regionalProblems'>,
  policy: Pick<ViewPolicy, 'recoveryHoldMs' | 'flapRecoveryHoldMs'>,
): readonly RegionalProblem[] {
  const hold = recoveryHoldOf(state, policy);
  if (hold === null) return state.regionalProblems;
  return state.regionalProblems.filter((p) => !agrees(p.status, hold.status));
}

function pendingView(state: ConsensusState, policy: ViewPolicy, now: Date): PendingView | null {
  if (state.pending === null) return null;
  const hold = recoveryHoldOf(state, policy);
  if (hold === null) {
    return { status: state.pending.status, since: state.pending.since, until: null, remainingSeconds: null };
  }
  const left = Date.parse(hold.until) - now.getTime();
  return { ...hold, remainingSeconds: Math.max(0, Math.ceil(left / 1000)) };
}

/** Builds the view from the stored state (`null`: never evaluated → `unknown`, stale, no evidence). */
export function targetStatusView(
  target: Pick<TargetConfig, 'id' | 'name'>,
  state: ConsensusState | null,
  policy: ViewPolicy,
  now: Date,
): TargetStatusView {
  if (state === null) {
    return {
      id: target.id,
      name: target.name,
      status: 'unknown',
      since: null,
      checkedAt: null,
      stale: true,
      rule: null,
      votes: [],
      regionalProblems: [],
      pending: null,
    };
  }
  const checkedAt = state.votes.reduce(
    (latest, vote) => (Date.parse(vote.checkedAt) > Date.parse(latest) ? vote.checkedAt : latest),
    state.evaluatedAt,
  );
  const age = now.getTime() - Date.parse(checkedAt);
  return {
    id: target.id,
    name: target.name,
    status: state.status,
    since: state.since,
    checkedAt,
    stale: !(age <= policy.staleAfterMs),
    rule: state.rule,
    votes: state.votes.map(voteView),
    regionalProblems: shownRegionalProblems(state, policy).map(regionalProblemView),
    pending: pendingView(state, policy, now),
  };
}
