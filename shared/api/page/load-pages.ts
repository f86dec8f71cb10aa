import { createHash } from 'node:crypto';
import { type DeadlineOccurrence, nextDeadline } from '../../calendar/deadline-calendar.js';
import { resolvePolicy } from '../../config/fleet-config.js';
import { type MaintenanceWindow, upcomingWindows } from '../../maintenance/maintenance-window.js';
import type { ConsensusPolicy } from '../../types.js';
import { dailyShares, daysStart } from '../daily-shares.js';
import type { GroupStatusView } from '../group-view.js';
import { loadHistoryWindow } from '../history-window.js';
import { incidentsOf } from '../incidents.js';
import { loadAllViews, loadGroupViews } from '../routes/load-views.js';
import type { StatusApiDeps } from '../status-api-deps.js';
import { statusBody } from '../status-body.js';
import { buildTimeline, computeUptime } from '../uptime.js';
import type { TargetPage } from './status-page.js';

/** Days of history the status page draws. */
export const PAGE_DAYS = 90;

export interface StatusPageData {
  readonly targets: readonly TargetPage[];
  readonly groups: readonly GroupStatusView[];
  readonly policy: ConsensusPolicy;
  /** The ETag `GET /status` gives the same views (Hono's: the SHA-1 of the body, hex, quoted). */
  readonly statusEtag: string;
  /** Windows in progress or to come, soonest first. */
  readonly maintenance: readonly MaintenanceWindow[];
  readonly nextDeadline: DeadlineOccurrence | null;
}

/** Everything the status page shows, read once: each target's view and its last 90 WIB days. */
export async function loadStatusPage(deps: StatusApiDeps, now: Date): Promise<StatusPageData> {
  const [views, windows] = await Promise.all([loadAllViews(deps), deps.maintenance.windows.list(now)]);
  const from = daysStart(now, PAGE_DAYS);
  const targets = await Promise.all(
    views.map(async (view) => {
      const history = await loadHistoryWindow(deps, view.id, from);
      const timeline = buildTimeline(from, history.lastBefore, history.inWindow, history.state);
      return {
        view,
        state: history.state,
        days: dailyShares(timeline, now, PAGE_DAYS),
        uptimePct: computeUptime(timeline, from, now).upPct,
        incidents: incidentsOf(view.id, history, from, now),
      };
    }),
  );
  const groups = await loadGroupViews(deps, views);
  const body = JSON.stringify(statusBody(views, groups, windows, deps.config, now));
  return {
    targets,
    groups,
    policy: resolvePolicy(deps.config),
    statusEtag: `"${createHash('sha1').update(body, 'utf8').digest('hex')}"`,
    maintenance: upcomingWindows(windows, now),
    nextDeadline: nextDeadline(now, deps.config.deadlines),
  };
}

/** How often the page asks `/status` whether anything changed: half a probe interval, 2 to 15 s. */
export function pollMs(deps: StatusApiDeps): number {
  return Math.min(15_000, Math.max(2_000, resolvePolicy(deps.config).intervalMs / 2));
}
