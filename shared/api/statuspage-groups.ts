import type { GroupStatusView } from './group-view.js';
import type { StatuspageComponent, StatuspageComponentStatus } from './statuspage-summary.js';

function groupComponentStatus(status: GroupStatusView['status']): StatuspageComponentStatus | null {
  switch (status) {
    case 'up':
      return 'operational';
    case 'degraded':
      return 'degraded_performance';
    case 'maintenance':
      return 'under_maintenance';
    case 'down':
      return 'major_outage';
    case 'unknown':
      return null;
  }
}

/**
 * The targets' components with the groups as Statuspage component groups (`group: true`, `components`: member
 * ids), each group first and its members after it, then the targets in no group. Statuspage puts a component in
 * one group only: a target in several groups belongs to the first of them in the configuration (its `group_id`);
 * the other groups still take its status into theirs, but do not list it. A group without a known status is left
 * out, as a target is, and its members are then shown ungrouped.
 */
export function withGroups(
  targets: readonly StatuspageComponent[],
  groups: readonly GroupStatusView[],
  pageId: string,
): StatuspageComponent[] {
  const shownGroups = groups.flatMap((g) => {
    const status = groupComponentStatus(g.status);
    return status === null ? [] : [{ view: g, status }];
  });
  const owner = new Map<string, string>();
  for (const { view } of shownGroups) {
    for (const m of view.members) if (!owner.has(m.id)) owner.set(m.id, view.id);
  }
  const ordered: StatuspageComponent[] = [];
  for (const { view, status } of shownGroups) {
    const members = targets.filter((t) => owner.get(t.id) === view.id);
    // Not recorded yet: the newest change among its members is when its status can have begun at the latest.
    const since =
      view.since ??
      view.members
        .map((m) => m.since)
        .filter((t): t is string => t !== null)
        .sort()
        .at(-1) ??
      null;
    if (since === null) continue;
    ordered.push({
      ...groupComponent(view, status, since, pageId),
      components: members.map((m) => m.id),
    });
    ordered.push(...members.map((m) => ({ ...m, group_id: view.id })));
  }
  const placed = new Set(ordered.map((c) => c.id));
  ordered.push(...targets.filter((t) => !placed.has(t.id)));
  return ordered.map((c, i) => ({ ...c, position: i + 1 }));
}

function groupComponent(
  view: GroupStatusView,
  status: StatuspageComponentStatus,
  since: string,
  pageId: string,
): StatuspageComponent {
  return {
    id: view.id,
    name: view.name,
    status,
    created_at: since,
    updated_at: since,
    position: 0,
    description: null,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: pageId,
    group: true,
    only_show_if_degraded: false,
  };
}
