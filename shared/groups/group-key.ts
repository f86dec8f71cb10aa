/**
 * A group's consensus state and history live beside the targets' under `group:<id>`: target ids cannot contain `:`,
 * so the keys never meet, even for a group id once used by a target.
 */
export const GROUP_STATE_PREFIX = 'group:';

/** The id a group's state and transitions are stored under. */
export function groupStateId(groupId: string): string {
  return `${GROUP_STATE_PREFIX}${groupId}`;
}

/** The group id of a state or transition id; `null` for a target's. */
export function groupIdOf(stateId: string): string | null {
  return stateId.startsWith(GROUP_STATE_PREFIX) ? stateId.slice(GROUP_STATE_PREFIX.length) : null;
}
