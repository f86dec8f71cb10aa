import { nextDeadline } from '../calendar/deadline-calendar.js';
import type { FleetConfig } from '../config/fleet-config.js';
import {
  activeWindowOf,
  type MaintenanceWindow,
  upcomingWindows,
} from '../maintenance/maintenance-window.js';
import { type DeadlineView, deadlineView, type WindowView, windowView } from './maintenance-view.js';
import type { TargetStatusView } from './target-view.js';

/** `GET /status`: every target with the window it is in, the windows to come, the next filing deadline. */
export interface StatusBody {
  readonly targets: readonly (TargetStatusView & { readonly maintenanceWindow: WindowView | null })[];
  readonly maintenance: { readonly upcoming: readonly WindowView[] };
  readonly nextDeadline: DeadlineView | null;
}

/** The body of `GET /status`; the status page hashes the same body for its ETag. */
export function statusBody(
  views: readonly TargetStatusView[],
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
    maintenance: { upcoming: upcomingWindows(windows, now).map((w) => windowView(w, now)) },
    nextDeadline: next === null ? null : deadlineView(next, config.locale, now),
  };
}
