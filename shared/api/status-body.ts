import { nextDeadline } from '../calendar/deadline-calendar.js';
import type { FleetConfig } from '../config/fleet-config.js';
import {
  activeWindowOf,
  type MaintenanceWindow,
  upcomingWindows,
} from '../maintenance/maintenance-window.js';
import type { GroupStatusView } from './group-view.js';
import { type DeadlineView, deadlineView, type WindowView, windowView } from './maintenance-view.js';
import type { TargetStatusView } from './target-view.js';

/**
 * `GET /status`: every target with the window it is in, every service group, the windows to come, the next filing
 * deadline.
 */
export interface StatusBody {
  readonly targets: readonly (TargetStatusView & { readonly maintenanceWindow: WindowView | null })[];
  readonly groups: readonly GroupStatusView[];
  readonly maintenance: { readonly upcoming: readonly WindowView[] };
  readonly nextDeadline: DeadlineView | null;
}

/** The body of `GET /status`; the status page hashes the same body for its ETag. */
export function statusBody(
  views: readonly TargetStatusView[],
  groups: readonly GroupStatusView[],
  windows: readonly MaintenanceWindow[],
  config: FleetConfig,
  now: Date,
): StatusBody {
  const next = nextDeadline(now, config.deadlines);
  return {
    targets: views.map((v) => {
      const active = activeWindowOf(windows, v.id, now);
      return { ...v, maintenanceWindow: active === undefined ? null : windowView(active, now) };
    }),
    groups,
    maintenance: { upcoming: upcomingWindows(windows, now).map((w) => windowView(w, now)) },
    nextDeadline: next === null ? null : deadlineView(next, config.locale, now),
  };
}
