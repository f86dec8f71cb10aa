import type { FleetConfig } from '../config/fleet-config.js';
import type { GroupConfig } from '../groups/group-config.js';
import { type GroupRule, groupStatusOf } from '../groups/group-status.js';
import type { ConsensusState, ConsensusStatus } from '../types.js';
import { NotFoundError } from './api-error.js';
import type { TargetStatusView } from './target-view.js';

/** One member of a group as the API shows it: its own consensus, and whether it sets the group's status. */
export interface GroupMemberView {
  readonly id: string;
  readonly name: string;
  readonly status: ConsensusStatus;
  readonly since: string | null;
  /** The group's rule picked this member's status (the members that explain the group's status). */
  readonly explains: boolean;
}

/** A service group as `GET /status` and `GET /groups/{id}` show it. */
export interface GroupStatusView {
  readonly id: string;
  readonly name: string;
  readonly rule: GroupRule;
  /** By the rule, from the members' statuses shown beside it; `unknown` only when no member is known. */
  readonly status: ConsensusStatus;
  /** Since when the group's recorded status holds; `null` until the aggregator has recorded this status. */
  readonly since: string | null;
  readonly members: readonly GroupMemberView[];
  /** Members left out of the rule because their status is unknown. */
  readonly unknownMembers: readonly string[];
}

/** The configured group with this id; 404 otherwise. */
export function findGroup(config: FleetConfig, id: string): GroupConfig {
  const group = config.groups.find((g) => g.id === id);
  if (group === undefined) {
    const known = config.groups.map((g) => g.id).join(', ');
    throw new NotFoundError(`no group "${id}"; known groups: ${known === '' ? '(none)' : known}`);
  }
  return group;
}

/**
 * Builds a group's view from its members' views (read for the same answer, so the group never contradicts the
 * members listed under it) and its stored state, which only says since when.
 */
export function groupStatusView(
  group: GroupConfig,
  views: ReadonlyMap<string, TargetStatusView>,
  state: ConsensusState | null,
): GroupStatusView {
  const members = group.targets.map((id) => {
    const view = views.get(id);
    return {
      id,
      name: view?.name ?? id,
      status: view?.status ?? ('unknown' as const),
      since: view?.since ?? null,
    };
  });
  const outcome = groupStatusOf(
    members.map((m) => ({ targetId: m.id, status: m.status })),
    group.rule,
  );
  return {
    id: group.id,
    name: group.name,
    rule: group.rule,
    status: outcome.status,
    since: state !== null && state.status === outcome.status ? state.since : null,
    members: members.map((m, i) => ({ ...m, explains: outcome.members[i]?.explains === true })),
    unknownMembers: outcome.unknownMembers,
  };
}
