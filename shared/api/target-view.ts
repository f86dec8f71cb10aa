import type { TargetConfig } from '../config/fleet-config.js';
import type {
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
  /** Regions that disagree with the consensus without a quorum, e.g. one geo-blocked region. */
  readonly regionalProblems: readonly RegionalProblemView[];
  /** A status that has its quorum and waits for its hold period (e.g. a recovery). */
  readonly pending: { readonly status: ConsensusStatus; readonly since: string } | null;
}

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

/** Builds the view from the stored state (`null`: never evaluated → `unknown`, stale, no evidence). */
export function targetStatusView(
  target: Pick<TargetConfig, 'id' | 'name'>,
  state: ConsensusState | null,
  staleAfterMs: number,
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
    stale: !(age <= staleAfterMs),
    rule: state.rule,
    votes: state.votes.map(voteView),
    regionalProblems: state.regionalProblems.map(regionalProblemView),
    pending: state.pending === null ? null : { status: state.pending.status, since: state.pending.since },
  };
}
