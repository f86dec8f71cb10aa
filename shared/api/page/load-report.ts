import type { TargetConfig } from '../../config/fleet-config.js';
import { loadHistoryWindow } from '../history-window.js';
import { type Incident, incidentsOf } from '../incidents.js';
import type { StatusApiDeps } from '../status-api-deps.js';
import { buildTimeline, computeUptime, type UptimeFigures } from '../uptime.js';

/** One target over a report's window: its incidents (oldest first) and its figures. */
export interface TargetReport {
  readonly target: Pick<TargetConfig, 'id' | 'name' | 'url' | 'check'>;
  readonly incidents: readonly Incident[];
  readonly figures: UptimeFigures;
}

/** Reads what a report or an export covers: each target's history over `[from, to)` (to now at most). */
export async function loadReport(
  deps: StatusApiDeps,
  targets: readonly TargetConfig[],
  from: Date,
  to: Date,
  now: Date,
): Promise<TargetReport[]> {
  const end = new Date(Math.max(from.getTime(), Math.min(to.getTime(), now.getTime())));
  return Promise.all(
    targets.map(async (target) => {
      const history = await loadHistoryWindow(deps, target.id, from);
      const timeline = buildTimeline(from, history.lastBefore, history.inWindow, history.state);
      return {
        target,
        incidents: incidentsOf(target.id, history, from, end),
        figures: computeUptime(timeline, from, end),
      };
    }),
  );
}
