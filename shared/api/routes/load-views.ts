import type { TargetConfig } from '../../config/fleet-config.js';
import { resolvePolicy } from '../../config/fleet-config.js';
import { groupStateId } from '../../groups/group-key.js';
import { type GroupStatusView, groupStatusView } from '../group-view.js';
import type { StatusApiDeps } from '../status-api-deps.js';
import { type TargetStatusView, targetStatusView } from '../target-view.js';

/** The view of one target, from its stored state. */
export async function loadTargetView(deps: StatusApiDeps, target: TargetConfig): Promise<TargetStatusView> {
  const state = await deps.states.get(target.id);
  return targetStatusView(target, state, resolvePolicy(deps.config), deps.now());
}

/** Every configured target's view, in configuration order (one small read per target, in parallel). */
export function loadAllViews(deps: StatusApiDeps): Promise<TargetStatusView[]> {
  return Promise.all(deps.config.targets.map((target) => loadTargetView(deps, target)));
}

/** Every configured group's view from the targets' views (one small read per group, in parallel). */
export async function loadGroupViews(
  deps: StatusApiDeps,
  views: readonly TargetStatusView[],
  groups = deps.config.groups,
): Promise<GroupStatusView[]> {
  const byId = new Map(views.map((v) => [v.id, v]));
  return Promise.all(
    groups.map(async (group) => groupStatusView(group, byId, await deps.states.get(groupStateId(group.id)))),
  );
}
