import type { ConsensusStatus, GroupMemberStatus, ProbeStatus, Rule } from '../types.js';

export const GROUP_RULES = ['worst', 'any-up'] as const;
/**
 * How a group's status follows from its members': `worst`, the worst member (down > maintenance > degraded > up);
 * `any-up`, the best member, so the group fails only when every member fails (redundant services).
 */
export type GroupRule = (typeof GROUP_RULES)[number];

/** The rule a group's state and transitions record. */
export const RULE_OF_GROUP: Readonly<Record<GroupRule, Rule>> = {
  worst: 'group_worst_of',
  'any-up': 'group_any_up',
};

/** One member as the rule reads it. */
export interface GroupMemberInput {
  readonly targetId: string;
  readonly status: ConsensusStatus;
}

export interface GroupStatusOutcome {
  /** `unknown` only when no member's status is known. */
  readonly status: ConsensusStatus;
  /** Every member in the order given, those whose status the rule picked marked `explains`. */
  readonly members: readonly GroupMemberStatus[];
  /** Members whose status is unknown: the rule left them out, and the group says so. */
  readonly unknownMembers: readonly string[];
}

/** Worse is higher: maintenance is a failure, but a planned one, so an outage of another member outranks it. */
const RANK: Readonly<Record<ProbeStatus, number>> = { up: 0, degraded: 1, maintenance: 2, down: 3 };

/**
 * The status of a group from its members' consensus statuses. Members whose status is `unknown` are left out (and
 * listed), so one member without fresh evidence does not hide what the others show; with no member known, the
 * group is `unknown` too.
 */
export function groupStatusOf(members: readonly GroupMemberInput[], rule: GroupRule): GroupStatusOutcome {
  const known = members.filter(
    (m): m is GroupMemberInput & { status: ProbeStatus } => m.status !== 'unknown',
  );
  const unknownMembers = members.filter((m) => m.status === 'unknown').map((m) => m.targetId);
  if (known.length === 0) {
    return { status: 'unknown', members: members.map(memberOf(null)), unknownMembers };
  }
  const ranks = known.map((m) => RANK[m.status]);
  const picked = rule === 'worst' ? Math.max(...ranks) : Math.min(...ranks);
  const status = known.find((m) => RANK[m.status] === picked)!.status;
  return { status, members: members.map(memberOf(status)), unknownMembers };
}

function memberOf(picked: ConsensusStatus | null): (m: GroupMemberInput) => GroupMemberStatus {
  return (m) => ({
    targetId: m.targetId,
    status: m.status,
    ...(picked !== null && m.status === picked && { explains: true as const }),
  });
}

/** The members that explain a group's status, then the others (each group keeps configuration order). */
export function explainingFirst(members: readonly GroupMemberStatus[]): GroupMemberStatus[] {
  return [...members.filter((m) => m.explains === true), ...members.filter((m) => m.explains !== true)];
}
