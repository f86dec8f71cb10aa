import { activeWindowOf, type MaintenanceWindow } from '../maintenance/maintenance-window.js';
import { agrees, severity } from '../status-severity.js';
import {
  type ConsensusPolicy,
  type ConsensusState,
  type ConsensusStatus,
  isFailing,
  type KnownStatus,
  type ProbeStatus,
  type RegionalProblem,
  type Transition,
  type Vote,
} from '../types.js';
import { deliveryOf, enqueue } from './delivery-cursor.js';
import { quorumSize } from './quorum-size.js';
import { type Candidate, type Change, type Outcome, resolve } from './resolve-status.js';
import {
  announcedOf,
  noticeDue,
  noticesAfter,
  spellAfter,
  windowedCandidate,
  withWindowRules,
} from './window-rule.js';

/** What one evaluation of a target decides on. */
export interface Ballot {
  readonly targetId: string;
  /** Every probe region of the fleet (the candidates for a burst confirmation). */
  readonly regions: readonly string[];
  /** One vote per region with a result (see `votesFrom`); excluded votes stay as evidence. */
  readonly votes: readonly Vote[];
  /** Announced maintenance windows not ended (any target's: those of `targetId` apply). @default [] */
  readonly windows?: readonly MaintenanceWindow[];
}

/** Regions to ask for an immediate re-check, because `requestedBy` just disagreed with the consensus. */
export interface BurstDecision {
  readonly requestedBy: string;
  readonly regions: readonly string[];
}

export interface Decision {
  /**
   * The state to save (version + 1). Its outbox holds exactly the new transitions, so the caller must have recorded
   * the previous state's outbox in the history before saving it (see `TargetEvaluator`).
   */
  readonly next: ConsensusState;
  /** At most one: the change of status this evaluation decided. */
  readonly transitions: readonly Transition[];
  readonly burst: BurstDecision | null;
}

/** `decide` changes the status at most once per evaluation: the state's outbox never holds more than this. */
export const MAX_TRANSITIONS_PER_DECISION = 1;
/** A lone region failing for this many intervals has its failing vote set aside (e.g. geo-blocking). */
export const SET_ASIDE_AFTER_INTERVALS = 3;
/** Burst confirmations per target within one probe interval: a first one and one to confirm its answers. */
export const MAX_BURSTS_PER_INTERVAL = 2;

/**
 * The looks at a bad target behind votes at least as bad as `level`: each vote is one look, two when the region's
 * previous result was as bad too (the maintenance page counts two: no network accident shows it).
 */
function looks(votes: readonly Vote[], level: 1 | 2): number {
  return votes.reduce((sum, v) => {
    const confirmed =
      v.reason === 'maintenance_page' ||
      (v.previousStatus !== undefined && severity(v.previousStatus) >= level);
    return sum + (confirmed ? 2 : 1);
  }, 0);
}

/** The looks at exactly `status`: a vote counts twice when its region's previous result was the same status. */
function exactLooks(votes: readonly Vote[], status: ProbeStatus): number {
  return votes
    .filter((v) => v.status === status)
    .reduce((sum, v) => sum + (v.reason === 'maintenance_page' || v.previousStatus === status ? 2 : 1), 0);
}

/**
 * A first attempt still unanswered (`no_answer_yet`) is not up, but no evidence of slowness either: it blocks an up
 * quorum and asks for a burst, and supports no status until its answer or its time-out replaces it.
 */
const unanswered = (v: Vote): boolean => v.reason === 'no_answer_yet';

/**
 * `aside`: votes set aside as regional problems. A region failing alone for long still sees an outage when it comes:
 * it adds one look to a quorum the others make (never a vote), so that the others need not look twice each.
 */
function candidateOf(counted: readonly Vote[], aside: readonly Vote[], policy: ConsensusPolicy): Candidate {
  const quorum = quorumSize(policy, counted.length);
  if (counted.length < quorum) return { kind: 'unknown' };
  const failing = counted.filter((v) => isFailing(v.status));
  if (failing.length >= quorum) {
    const maintenance = failing.filter((v) => v.status === 'maintenance').length;
    const status = maintenance * 2 > failing.length ? 'maintenance' : 'down';
    const seenAside = aside.filter((v) => isFailing(v.status)).length;
    return {
      kind: 'status',
      status,
      confirmed: looks(failing, 2) + seenAside >= 2 * quorum,
      exact: failing.filter((v) => v.status === status).length,
      exactConfirmed: exactLooks(failing, status) >= 2 * quorum,
      quorum,
    };
  }
  const bad = counted.filter((v) => v.status !== 'up' && !unanswered(v));
  if (bad.length >= quorum) {
    const seenAside = aside.filter((v) => v.status !== 'up' && !unanswered(v)).length;
    return {
      kind: 'status',
      status: 'degraded',
      confirmed: looks(bad, 1) + seenAside >= 2 * quorum,
      exact: bad.filter((v) => v.status === 'degraded').length,
      exactConfirmed: exactLooks(bad, 'degraded') >= 2 * quorum,
      quorum,
    };
  }
  const up = counted.filter((v) => v.status === 'up').length;
  if (up >= quorum)
    return { kind: 'status', status: 'up', confirmed: true, exact: up, exactConfirmed: true, quorum };
  // No status has a quorum: an unanswered attempt may still give one, so nothing is decided or undone yet.
  return counted.some(unanswered) ? { kind: 'none', unanswered: true } : { kind: 'none' };
}

function blankState(targetId: string, nowIso: string): ConsensusState {
  return {
    targetId,
    status: 'unknown',
    since: nowIso,
    version: 0,
    rule: 'initial',
    evaluatedAt: nowIso,
    votes: [],
    pending: null,
    regionalProblems: [],
    recentOutages: [],
    outbox: [],
    lastKnown: null,
    recentBursts: [],
    outboxLease: null,
  };
}

/** The status regional problems are measured against: the consensus, or while unknown the last known one. */
function referenceOf(status: ConsensusStatus, lastKnown: KnownStatus | null): ProbeStatus | null {
  return status !== 'unknown' ? status : (lastKnown?.status ?? null);
}

/**
 * The consensus reducer (pure; the clock is `now`). The guarantees, in order of application:
 * 1. stale votes and failing votes of regions whose own network failed do not count (see `votesFrom`);
 *    a region failing alone for `SET_ASIDE_AFTER_INTERVALS` is set aside until it agrees again;
 * 2. fewer counted votes than a quorum → `unknown` (told to operators, not subscribers);
 * 3. a quorum of failing votes → `maintenance` if most of them saw the maintenance page, else `down`; a quorum of
 *    degraded-or-worse votes → `degraded`; a quorum of up votes → `up`. A worse status is adopted at once, but only
 *    on twice a quorum's worth of looks at it (a vote is one look, two when the region's previous result agreed or
 *    it saw the maintenance page), so that coincidental single failures in two regions do not raise an alert;
 * 4. a better status is adopted once a quorum has said so continuously for the recovery hold, longer while
 *    flapping (enough failing episodes within the flap window), or at once after a long outage when every region
 *    has seen the server working twice in a row (see `recoveryOf`); only a confirmed failing quorum interrupts it;
 * 5. disagreeing regions without a quorum are regional problems, never transitions; a first attempt still
 *    unanswered (`no_answer_yet`) supports no status, and while no status has a quorum without it nothing is
 *    decided or undone (a recovery hold keeps running);
 * 6. inside an announced window of the target (`Ballot.windows`), a failing quorum is `maintenance` by the rule
 *    `announced_maintenance`, told once with the window (an outage already going on when the window starts becomes
 *    it, its spell still counted from its start); no down ↔ maintenance switch is told inside it, and a recovery is
 *    told once as usual;
 * 7. a spell told under a window that still fails after the window ended is `down` by `window_outlasted`: an
 *    outage from then on, told as one;
 * 8. with `policy.maintenanceNoticeMs`, a window is told that long before it starts (`maintenance_notice`, from and
 *    to the current status), once: the state remembers it until the window ends. A change of status goes first;
 *    the notice then comes with the next evaluation (the sweep runs every minute).
 */
export function decide(
  previous: ConsensusState | null,
  ballot: Ballot,
  policy: ConsensusPolicy,
  now: Date,
): Decision {
  const nowMs = now.getTime();
  const nowIso = now.toISOString();
  const prev = previous ?? blankState(ballot.targetId, nowIso);
  const votes = votesAfterSetAside(prev, ballot, policy, nowMs);
  const counted = votes.filter((v) => v.excluded === undefined);
  const aside = votes.filter((v) => v.excluded === 'regional_problem');
  const windows = ballot.windows ?? [];
  const active = activeWindowOf(windows, ballot.targetId, now);
  const spell = prev.maintenanceWindow ?? null;
  const failing = counted.filter((v) => isFailing(v.status)).length;
  const candidate = windowedCandidate(candidateOf(counted, aside, policy), active, spell, failing);

  const recentOutages = prev.recentOutages.filter((t) => nowMs - Date.parse(t) < policy.flapWindowMs);
  const outcome = withWindowRules(
    resolve(prev, previous === null, candidate, votes, policy, recentOutages, nowMs),
    active,
    spell,
  );
  if (outcome.episode) recentOutages.push(nowIso);
  // Flapping needs only the newest `flapThreshold` episodes: the list stays bounded whatever the window.
  recentOutages.splice(0, Math.max(0, recentOutages.length - policy.flapThreshold));

  const atMs = transitionTimeOf(prev, previous !== null, nowMs);
  const made = { ballot, votes, outcome, recentOutages, policy, atMs };
  const decided = outcome.change;
  const notice = decided === null ? noticeDue(prev, windows, ballot.targetId, policy, nowMs) : undefined;
  const transitions =
    decided !== null
      ? [changeTransition(prev, decided, made)]
      : notice
        ? [noticeTransition(prev, notice, made)]
        : [];
  const status = decided?.to ?? prev.status;
  const since = decided !== null ? new Date(atMs).toISOString() : prev.since;
  const lastKnownBefore: KnownStatus | null =
    prev.status !== 'unknown' ? { status: prev.status, since: prev.since } : (prev.lastKnown ?? null);
  const lastKnown: KnownStatus | null = status !== 'unknown' ? { status, since } : lastKnownBefore;
  const { burst, recentBursts } = burstOf(prev, ballot, votes, status, policy, nowMs, nowIso);
  const told = notice ? { id: notice.id, at: new Date(atMs).toISOString(), until: notice.end } : null;

  const next: ConsensusState = {
    targetId: ballot.targetId,
    status,
    since,
    version: prev.version + 1,
    rule: outcome.rule,
    evaluatedAt: nowIso,
    votes,
    pending: outcome.pending,
    regionalProblems: regionalProblemsOf(votes, referenceOf(status, lastKnown), prev.regionalProblems),
    recentOutages,
    outageSince: outageSinceOf(prev, status, since, outcome, nowIso),
    outbox: transitions,
    delivery: enqueue(deliveryOf(previous), transitions),
    lastKnown,
    recentBursts,
    outboxLease: prev.outboxLease ?? null,
    maintenanceWindow: spellAfter(status, active, spell, outcome),
    notices: noticesAfter(prev, told, nowMs),
  };
  return { next, transitions, burst };
}

/**
 * The votes with those of regions failing alone for long set aside (`excluded: 'regional_problem'`), so that
 * their failure plus another region's noise is no quorum.
 */
function votesAfterSetAside(
  prev: ConsensusState,
  ballot: Ballot,
  policy: ConsensusPolicy,
  nowMs: number,
): Vote[] {
  const reference = referenceOf(prev.status, prev.lastKnown ?? null);
  const problemSince = new Map(prev.regionalProblems.map((p) => [p.region, Date.parse(p.since)]));
  const setAsideAfterMs = Math.max(SET_ASIDE_AFTER_INTERVALS * policy.intervalMs, policy.staleAfterMs);
  // Oldest first, each only while the remaining votes can still make a quorum: a second region that starts failing
  // alone later does not bring the first one back (two separate regional problems are no outage).
  const chronic = ballot.votes
    .filter((v) => {
      const since = problemSince.get(v.region);
      return (
        v.excluded === undefined &&
        reference !== null &&
        since !== undefined &&
        severity(v.status) > severity(reference) &&
        nowMs - since >= setAsideAfterMs
      );
    })
    .sort((a, b) => (problemSince.get(a.region) ?? 0) - (problemSince.get(b.region) ?? 0));
  const setAside = new Set<string>();
  let remaining = ballot.votes.filter((v) => v.excluded === undefined).length;
  for (const v of chronic) {
    if (remaining - 1 < quorumSize(policy, remaining - 1)) break;
    setAside.add(v.region);
    remaining--;
  }
  // A region set aside counts again as soon as it agrees with what the others confirm without it (unless its
  // vote, of fewer looks, would leave that status unconfirmed).
  const countedBut = (aside: ReadonlySet<string>) =>
    ballot.votes.filter((v) => v.excluded === undefined && !aside.has(v.region));
  const asideOf = (aside: ReadonlySet<string>) => ballot.votes.filter((v) => aside.has(v.region));
  const others = candidateOf(countedBut(setAside), asideOf(setAside), policy);
  const stillAside = new Set(setAside);
  if (others.kind === 'status' && others.confirmed) {
    for (const v of chronic) if (agrees(v.status, others.status)) stillAside.delete(v.region);
  }
  const joined = candidateOf(countedBut(stillAside), asideOf(stillAside), policy);
  const excludedNow = joined.kind === 'status' && joined.confirmed ? stillAside : setAside;
  return ballot.votes.map((v) => (excludedNow.has(v.region) ? { ...v, excluded: 'regional_problem' } : v));
}

/**
 * Transition times are unique per target and increasing, even for two changes within one millisecond (`since` is
 * a transition's time once the target has been known; an advance notice is one too without changing `since`).
 */
function transitionTimeOf(prev: ConsensusState, known: boolean, nowMs: number): number {
  const sinceIsTransition = known && (prev.status !== 'unknown' || prev.lastKnown != null);
  const floors = (prev.notices ?? []).map((n) => Date.parse(n.at) + 1);
  if (sinceIsTransition) floors.push(Date.parse(prev.since) + 1);
  return Math.max(nowMs, ...floors);
}

/** What `decide` needs to make a transition, besides the previous state. */
interface Made {
  readonly ballot: Ballot;
  readonly votes: readonly Vote[];
  readonly outcome: Outcome;
  readonly recentOutages: readonly string[];
  readonly policy: ConsensusPolicy;
  readonly atMs: number;
}

function changeTransition(prev: ConsensusState, decided: Change, made: Made): Transition {
  return {
    targetId: made.ballot.targetId,
    at: new Date(made.atMs).toISOString(),
    from: prev.status,
    to: decided.to,
    fromSince: prev.since,
    rule: decided.rule,
    votes: made.votes,
    audience: decided.audience,
    ...(decided.lastKnown !== undefined && { lastKnown: decided.lastKnown }),
    ...watchOf(decided, made.outcome, made.recentOutages, made.policy, made.atMs),
    ...(decided.window !== undefined && { window: decided.window }),
    notification: {
      state: decided.audience === 'ops' ? 'skipped' : 'pending',
      messageId: null,
      attempts: 0,
      lastError: null,
    },
  };
}

/** The advance notice of a window: no change of status (`from` = `to`), told to subscribers. */
function noticeTransition(prev: ConsensusState, window: MaintenanceWindow, made: Made): Transition {
  return {
    targetId: made.ballot.targetId,
    at: new Date(made.atMs).toISOString(),
    from: prev.status,
    to: prev.status,
    fromSince: prev.since,
    rule: 'maintenance_notice',
    votes: made.votes,
    audience: 'subscribers',
    window: announcedOf(window),
    notification: { state: 'pending', messageId: null, attempts: 0, lastError: null },
  };
}

/**
 * The spell worse than up goes on through unknown, and through changes between bad statuses; a new failing
 * episode (an outage, or a relapse during a recovery hold) begins a new one.
 */
function outageSinceOf(
  prev: ConsensusState,
  status: ConsensusStatus,
  since: string,
  outcome: Outcome,
  nowIso: string,
): string | null {
  const spellBefore =
    prev.outageSince ?? (prev.status !== 'unknown' && prev.status !== 'up' ? prev.since : null);
  if (status === 'up') return null;
  if (status === 'unknown') return spellBefore;
  if (outcome.episode) return outcome.change !== null ? since : nowIso;
  return spellBefore ?? since;
}

/**
 * What a transition for subscribers says about the watch after an outage: a recovery is watched closely while a
 * failure would still count towards flap damping; a new failing episode inside that watch is a relapse.
 */
function watchOf(
  change: Change,
  outcome: Outcome,
  recentOutages: readonly string[],
  policy: ConsensusPolicy,
  atMs: number,
): { watchUntil?: string; relapse?: true } {
  if (change.audience !== 'subscribers') return {};
  if (outcome.episode) {
    // This episode is the newest entry: an earlier one inside the window makes it a relapse.
    return recentOutages.length >= 2 ? { relapse: true } : {};
  }
  if (change.to === 'unknown' || isFailing(change.to)) return {};
  // A relapse counts towards flapping while the newest `flapThreshold - 1` episodes are all inside the window.
  const needed = policy.flapThreshold - 1;
  const oldest = recentOutages[recentOutages.length - needed];
  if (needed < 1 || oldest === undefined) return {};
  const until = Date.parse(oldest) + policy.flapWindowMs;
  return until > atMs ? { watchUntil: new Date(until).toISOString() } : {};
}

/** Regions (with a fresh result) that disagree with `reference`; each keeps the time it began to disagree. */
function regionalProblemsOf(
  votes: readonly Vote[],
  reference: ProbeStatus | null,
  before: readonly RegionalProblem[],
): RegionalProblem[] {
  if (reference === null) return [];
  const sinceBefore = new Map(before.map((p) => [p.region, p.since]));
  return votes
    .filter((v) => v.excluded !== 'stale' && !agrees(v.status, reference))
    .map((v) => ({
      region: v.region,
      status: v.status,
      reason: v.reason,
      since: sinceBefore.get(v.region) ?? v.checkedAt,
    }));
}

/**
 * A burst when a region that just reported disagrees (worse, or up), at most `MAX_BURSTS_PER_INTERVAL` per interval: every region
 * but those set aside re-checks, so the disagreeing one gets its second look in the same round as the others'
 * first (three regions: 2 + 1 + 1 looks, a confirmed quorum of 2 in one round).
 */
function burstOf(
  prev: ConsensusState,
  ballot: Ballot,
  votes: readonly Vote[],
  status: ConsensusStatus,
  policy: ConsensusPolicy,
  nowMs: number,
  nowIso: string,
): { burst: BurstDecision | null; recentBursts: string[] } {
  const recentBursts = (prev.recentBursts ?? []).filter((t) => nowMs - Date.parse(t) < policy.intervalMs);
  const seen = new Map(prev.votes.map((v) => [v.region, v.checkedAt]));
  const fresh = votes.filter((v) => v.excluded === undefined && seen.get(v.region) !== v.checkedAt);
  // Worse than the status, or up while it is not: a look better but not up (a slow answer, or a planned run still
  // waiting for one) during an outage confirms nothing that a re-check would speed up.
  const disagreeing = fresh.find(
    (v) =>
      !agrees(v.status, status) &&
      (status === 'unknown' || v.status === 'up' || severity(v.status) > severity(status)),
  );
  if (disagreeing === undefined || recentBursts.length >= MAX_BURSTS_PER_INTERVAL) {
    return { burst: null, recentBursts };
  }
  const setAside = new Set(votes.filter((v) => v.excluded === 'regional_problem').map((v) => v.region));
  const regions = ballot.regions.filter((r) => !setAside.has(r));
  if (regions.length === 0) return { burst: null, recentBursts };
  return { burst: { requestedBy: disagreeing.region, regions }, recentBursts: [...recentBursts, nowIso] };
}
