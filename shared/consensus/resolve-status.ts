import { severity } from '../status-severity.js';
import {
  type AnnouncedWindow,
  type Audience,
  type ConsensusPolicy,
  type ConsensusState,
  isFailing,
  type KnownStatus,
  type ProbeStatus,
  type Rule,
  type Vote,
} from '../types.js';
import { type Recovery, recoveryOf } from './recovery-rule.js';

/** What the counted votes of one evaluation support. */
export type Candidate =
  | { readonly kind: 'unknown' }
  | {
      readonly kind: 'none';
      /**
       * Some counted region's first attempt is still unanswered (`no_answer_yet`): the evaluation waits for it and
       * decides nothing, nor undoes anything (a recovery hold under way keeps running, and a failure confirmed next
       * is its relapse).
       */
      readonly unanswered?: boolean;
    }
  | {
      readonly kind: 'status';
      readonly status: ProbeStatus;
      /** For a worse status: twice a quorum's worth of looks (see `looks`), i.e. no coincidence of single failures. */
      readonly confirmed: boolean;
      /** Votes for exactly `status` (tells down from maintenance). */
      readonly exact: number;
      /** Twice a quorum's worth of looks at exactly `status`: a switch between down and maintenance needs it. */
      readonly exactConfirmed: boolean;
      readonly quorum: number;
    };

export interface Change {
  readonly to: ProbeStatus | 'unknown';
  readonly rule: Rule;
  readonly audience: Audience;
  /** For a transition out of `unknown` that subscribers hear about: what they were last told. */
  readonly lastKnown?: KnownStatus;
  /** The announced window the change is about (see `Transition.window`). */
  readonly window?: AnnouncedWindow;
}

export interface Outcome {
  readonly change: Change | null;
  /** The rule behind the resulting state (the change's rule when there is one). */
  readonly rule: Rule;
  readonly pending: ConsensusState['pending'];
  /** A failing episode starts (or relapses during a recovery hold): counts for flap damping. */
  readonly episode: boolean;
}

type Pending = ConsensusState['pending'];
type StatusCandidate = Extract<Candidate, { kind: 'status' }>;

/** What the parts of the state machine share about one evaluation. */
interface Step {
  readonly prev: ConsensusState;
  readonly first: boolean;
  readonly nowMs: number;
  readonly nowIso: string;
  /** How a recovery to `to` that began at `sinceMs`, after a spell that began at `spellSince`, is held. */
  readonly recovery: (to: ProbeStatus, sinceMs: number, spellSince: string | null) => Recovery;
}

export function quorumRule(status: ProbeStatus): Rule {
  switch (status) {
    case 'up':
      return 'quorum_up';
    case 'degraded':
      return 'quorum_degraded';
    case 'maintenance':
      return 'quorum_maintenance';
    case 'down':
      return 'quorum_down';
  }
}

const stay = (rule: Rule, pending: Pending = null, episode = false): Outcome => ({
  change: null,
  rule,
  pending,
  episode,
});

const move = (change: Change, pending: Pending = null, episode = false): Outcome => ({
  change,
  rule: change.rule,
  pending,
  episode,
});

/** A worse status with a quorum but not yet confirmed: the wait keeps its start while the status stays the same. */
function awaiting(step: Step, to: ProbeStatus): Outcome {
  const { prev, nowIso } = step;
  return stay('awaiting_confirmation', {
    status: to,
    since: prev.pending?.status === to ? prev.pending.since : nowIso,
  });
}

/** The state machine: from the previous status and this evaluation's candidate to the resulting status. */
export function resolve(
  prev: ConsensusState,
  first: boolean,
  candidate: Candidate,
  votes: readonly Vote[],
  policy: ConsensusPolicy,
  recentOutages: readonly string[],
  nowMs: number,
): Outcome {
  const flapping = recentOutages.length >= policy.flapThreshold;
  const step: Step = {
    prev,
    first,
    nowMs,
    nowIso: new Date(nowMs).toISOString(),
    recovery: (to, sinceMs, spellSince) =>
      recoveryOf(
        { to, flapping, spellMs: spellSince === null ? null : sinceMs - Date.parse(spellSince), votes },
        policy,
      ),
  };
  if (candidate.kind === 'unknown') {
    if (prev.status !== 'unknown')
      return move({ to: 'unknown', rule: 'insufficient_votes', audience: 'ops' });
    return stay(first ? 'initial' : 'insufficient_votes');
  }
  if (candidate.kind === 'none') {
    if (candidate.unanswered === true) return stay(prev.rule, prev.pending);
    return stay(first ? 'initial' : 'no_change');
  }
  return prev.status === 'unknown' ? fromUnknown(step, candidate) : fromKnown(step, candidate);
}

/** Out of `unknown`: subscribers hear only what differs from what they were last told. */
function fromUnknown(step: Step, candidate: StatusCandidate): Outcome {
  const { prev, nowMs, nowIso } = step;
  const to = candidate.status;
  const base = prev.lastKnown ?? null;
  if (base !== null && to === base.status) return move({ to, rule: quorumRule(to), audience: 'ops' });
  if (base !== null && severity(to) < severity(base.status)) {
    // Back from unknown to something better than before: the recovery rule still applies.
    const { rule, holdMs } = step.recovery(to, nowMs, prev.outageSince ?? base.since);
    if (holdMs <= 0) return move({ to, rule, audience: 'subscribers', lastKnown: base });
    return move({ to: base.status, rule, audience: 'ops' }, { status: to, since: nowIso });
  }
  if (to !== 'up' && !candidate.confirmed) return awaiting(step, to);
  const episode = isFailing(to) && (base === null || !isFailing(base.status));
  // A fleet started during an outage says so; a healthy start is no news.
  if (base === null) {
    return isFailing(to)
      ? move({ to, rule: quorumRule(to), audience: 'subscribers' }, null, episode)
      : move({ to, rule: 'initial', audience: 'ops' });
  }
  return move({ to, rule: quorumRule(to), audience: 'subscribers', lastKnown: base }, null, episode);
}

/** From a known status: worse at once when confirmed, a switch of failing kind, or better after its hold. */
function fromKnown(step: Step, candidate: StatusCandidate): Outcome {
  const { prev } = step;
  const from = prev.status as ProbeStatus;
  const to = candidate.status;
  const recovering =
    prev.pending !== null &&
    prev.pending.status !== 'unknown' &&
    severity(prev.pending.status) < severity(from);
  // A confirmed failing quorum that interrupts a recovery hold is a relapse: it counts as an episode for flap
  // damping. An unconfirmed one (a region failing alone plus one failed look elsewhere) leaves the hold running.
  const relapse = recovering && isFailing(to) && candidate.confirmed;
  if (recovering && isFailing(to) && !relapse && severity(to) >= severity(from)) {
    return stay(prev.rule, prev.pending);
  }
  if (to === from) return stay(quorumRule(to), null, relapse);
  if (severity(to) > severity(from)) {
    if (!candidate.confirmed) return awaiting(step, to);
    return move(
      { to, rule: quorumRule(to), audience: 'subscribers' },
      null,
      isFailing(to) && !isFailing(from),
    );
  }
  if (severity(to) === severity(from)) {
    // down ↔ maintenance: only when the new kind has a confirmed quorum of its own (a region failing alone and one
    // failed look elsewhere are no switch from maintenance to down).
    if (candidate.exact >= candidate.quorum && candidate.exactConfirmed) {
      return move({ to, rule: quorumRule(to), audience: 'subscribers' }, null, relapse);
    }
    return stay(quorumRule(from), null, relapse);
  }
  return towardsBetter(step, to, recovering);
}

/** A better status than the current one: adopted once its quorum has held for the recovery hold. */
function towardsBetter(step: Step, to: ProbeStatus, recovering: boolean): Outcome {
  const { prev, nowMs, nowIso } = step;
  const waitedSince = recovering && prev.pending ? prev.pending.since : nowIso;
  const { rule, holdMs } = step.recovery(to, Date.parse(waitedSince), prev.outageSince ?? prev.since);
  if (nowMs - Date.parse(waitedSince) >= holdMs) return move({ to, rule, audience: 'subscribers' });
  return stay(rule, { status: to, since: waitedSince });
}
