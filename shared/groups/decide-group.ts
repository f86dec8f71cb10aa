import { deliveryOf, enqueue } from '../consensus/delivery-cursor.js';
import type {
  Audience,
  ConsensusState,
  ConsensusStatus,
  GroupMemberStatus,
  KnownStatus,
  Rule,
  Transition,
} from '../types.js';
import { groupStateId } from './group-key.js';
import { type GroupMemberInput, type GroupRule, groupStatusOf, RULE_OF_GROUP } from './group-status.js';

/** What `decideGroup` needs of a configured group. */
export interface GroupDefinition {
  readonly id: string;
  readonly rule: GroupRule;
}

export interface GroupDecision {
  readonly next: ConsensusState;
  /** At most one: the group's status changed. */
  readonly transitions: readonly Transition[];
  /** Whether `next` differs from the state decided from (status, members or rule): otherwise nothing to save. */
  readonly changed: boolean;
}

function blankGroupState(stateId: string, rule: Rule, nowIso: string): ConsensusState {
  return {
    targetId: stateId,
    status: 'unknown',
    since: nowIso,
    version: 0,
    rule,
    evaluatedAt: nowIso,
    votes: [],
    pending: null,
    regionalProblems: [],
    recentOutages: [],
    outbox: [],
    lastKnown: null,
    outboxLease: null,
    members: [],
  };
}

function sameMembers(a: readonly GroupMemberStatus[] | undefined, b: readonly GroupMemberStatus[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  return a.every(
    (m, i) => m.targetId === b[i]!.targetId && m.status === b[i]!.status && m.explains === b[i]!.explains,
  );
}

/**
 * Who hears of a group's change, as for a target (see `decide`): changes to `unknown`, and from it back to what
 * subscribers were last told, are for operators; the first known status only starts the watch.
 */
function changeOf(
  prev: ConsensusState,
  to: ConsensusStatus,
  rule: Rule,
): { rule: Rule; audience: Audience; lastKnown?: KnownStatus } {
  if (to === 'unknown') return { rule, audience: 'ops' };
  if (prev.status !== 'unknown') return { rule, audience: 'subscribers' };
  const base = prev.lastKnown ?? null;
  if (base === null) return { rule: 'initial', audience: 'ops' };
  if (base.status === to) return { rule, audience: 'ops' };
  return { rule, audience: 'subscribers', lastKnown: base };
}

/**
 * The group reducer (pure; the clock is `now`): the group's status follows its members' consensus statuses by its
 * rule at once (each member's status already has its quorum and hysteresis), one transition per change.
 * `previous` must have its outbox recorded already (see `afterRecording`).
 */
export function decideGroup(
  previous: ConsensusState | null,
  group: GroupDefinition,
  members: readonly GroupMemberInput[],
  now: Date,
): GroupDecision {
  const nowIso = now.toISOString();
  const rule = RULE_OF_GROUP[group.rule];
  const prev = previous ?? blankGroupState(groupStateId(group.id), rule, nowIso);
  const outcome = groupStatusOf(members, group.rule);
  const base: ConsensusState = {
    ...prev,
    version: prev.version + 1,
    rule,
    evaluatedAt: nowIso,
    members: outcome.members,
  };
  if (outcome.status === prev.status) {
    const changed = previous === null || prev.rule !== rule || !sameMembers(prev.members, outcome.members);
    return { next: base, transitions: [], changed };
  }
  const change = changeOf(prev, outcome.status, rule);
  // Unique, increasing transition times, as for a target: `since` is the last transition's time once known.
  const sinceIsTransition = previous !== null && (prev.status !== 'unknown' || prev.lastKnown != null);
  const atMs = sinceIsTransition ? Math.max(now.getTime(), Date.parse(prev.since) + 1) : now.getTime();
  const at = new Date(atMs).toISOString();
  const transition: Transition = {
    targetId: prev.targetId,
    at,
    from: prev.status,
    to: outcome.status,
    fromSince: prev.since,
    rule: change.rule,
    votes: [],
    audience: change.audience,
    ...(change.lastKnown !== undefined && { lastKnown: change.lastKnown }),
    members: outcome.members,
    notification: {
      state: change.audience === 'ops' ? 'skipped' : 'pending',
      messageId: null,
      attempts: 0,
      lastError: null,
    },
  };
  const lastKnown: KnownStatus | null =
    outcome.status !== 'unknown'
      ? { status: outcome.status, since: at }
      : prev.status !== 'unknown'
        ? { status: prev.status, since: prev.since }
        : (prev.lastKnown ?? null);
  const next: ConsensusState = {
    ...base,
    status: outcome.status,
    since: at,
    outbox: [transition],
    delivery: enqueue(deliveryOf(previous), [transition]),
    lastKnown,
  };
  return { next, transitions: [transition], changed: true };
}
