import type { ConsensusState, ConsensusStatus, Transition } from '../types.js';

export const UPTIME_WINDOWS = ['24h', '7d', '30d', '90d'] as const;
export type UptimeWindow = (typeof UPTIME_WINDOWS)[number];

const WINDOW_MS: Readonly<Record<UptimeWindow, number>> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
};

export function windowMs(window: UptimeWindow): number {
  return WINDOW_MS[window];
}

/** The status that holds from `at` until the next change. */
export interface StatusChange {
  readonly at: string;
  readonly status: ConsensusStatus;
  /** Maintenance inside an announced window (absent: not). */
  readonly announced?: true;
}

/** What is known of one target's statuses over a window: the status at its start and the changes within it. */
export interface StatusTimeline {
  /** `null`: nothing is known at the window start (counted as unknown). */
  readonly atStart: ConsensusStatus | null;
  /** The status at the window start is maintenance inside an announced window (absent: not). */
  readonly atStartAnnounced?: true;
  /** Changes inside the window, oldest first. */
  readonly changes: readonly StatusChange[];
}

export interface UptimeFigures {
  /** Up (including degraded) time over the time with a known, non-maintenance status, in percent (3 decimals); `null` when there is none. */
  readonly upPct: number | null;
  readonly upSeconds: number;
  /** Part of `upSeconds` spent degraded. */
  readonly degradedSeconds: number;
  readonly downtimeSeconds: number;
  readonly maintenanceSeconds: number;
  /** Part of `maintenanceSeconds` inside announced maintenance windows (the rest: unannounced maintenance pages). */
  readonly announcedMaintenanceSeconds: number;
  readonly unknownSeconds: number;
  /** Down episodes overlapping the window: one per entry into `down`, plus one if the window starts down. */
  readonly incidents: number;
}

const ms = (iso: string) => Date.parse(iso);

/** Whether a transition enters maintenance inside an announced window. */
const announcedBy = (t: Pick<Transition, 'to' | 'rule'>) =>
  t.to === 'maintenance' && t.rule === 'announced_maintenance';
/** An advance notice changes no status: the timeline leaves it out. */
const isNotice = (t: Pick<Transition, 'rule'>) => t.rule === 'maintenance_notice';
/** The change a transition makes. */
const changeOf = (t: Transition): StatusChange => ({
  at: t.at,
  status: t.to,
  ...(announcedBy(t) && { announced: true as const }),
});

/**
 * Reconstructs the timeline of a window from transitions: `lastBefore` (the newest transition before the window,
 * if any), those inside it (any order) and the current state (which may hold a change not yet recorded as a
 * transition).
 */
export function buildTimeline(
  from: Date,
  lastBefore: Transition | null,
  inWindow: readonly Transition[],
  state: ConsensusState | null,
): StatusTimeline {
  const start = from.getTime();
  const sorted = [...inWindow]
    .filter((t) => ms(t.at) >= start && !isNotice(t))
    .sort((a, b) => ms(a.at) - ms(b.at));
  const changes: StatusChange[] = [];
  let atStart: ConsensusStatus | null = lastBefore?.to ?? null;
  let atStartAnnounced = lastBefore !== null && announcedBy(lastBefore);
  const first = sorted[0];
  if (lastBefore === null && first !== undefined) {
    // The oldest transition still tells what held before it, from `fromSince`.
    if (ms(first.fromSince) <= start) atStart = first.from;
    else if (ms(first.fromSince) < ms(first.at)) changes.push({ at: first.fromSince, status: first.from });
  }
  for (const t of sorted) changes.push(changeOf(t));

  const lastKnown = changes.at(-1)?.status ?? atStart;
  const lastAt = changes.at(-1)?.at ?? lastBefore?.at ?? null;
  if (state !== null && state.status !== lastKnown && (lastAt === null || ms(state.since) >= ms(lastAt))) {
    const announced = state.status === 'maintenance' && state.rule === 'announced_maintenance';
    if (ms(state.since) <= start) {
      atStart = state.status;
      atStartAnnounced = announced;
    } else
      changes.push({ at: state.since, status: state.status, ...(announced && { announced: true as const }) });
  }
  return {
    atStart,
    changes,
    ...(atStartAnnounced && atStart === 'maintenance' && { atStartAnnounced: true as const }),
  };
}

/**
 * Integrates a timeline over `[from, to]`. Degraded counts as up; maintenance and unknown are reported apart
 * and left out of the percentage: `upPct = up / (window − maintenance − unknown)`.
 */
export function computeUptime(timeline: StatusTimeline, from: Date, to: Date): UptimeFigures {
  const start = from.getTime();
  const end = to.getTime();
  const totals: Record<ConsensusStatus, number> = { up: 0, degraded: 0, maintenance: 0, down: 0, unknown: 0 };
  let incidents = timeline.atStart === 'down' ? 1 : 0;
  let status: ConsensusStatus = timeline.atStart ?? 'unknown';
  let announced = timeline.atStartAnnounced === true;
  let announcedMs = 0;
  let cursor = start;
  for (const change of [...timeline.changes].sort((a, b) => ms(a.at) - ms(b.at))) {
    const at = Math.min(Math.max(ms(change.at), start), end);
    totals[status] += Math.max(0, at - cursor);
    if (announced) announcedMs += Math.max(0, at - cursor);
    cursor = Math.max(cursor, at);
    if (change.status === 'down' && status !== 'down' && ms(change.at) <= end) incidents++;
    status = change.status;
    announced = change.announced === true;
  }
  totals[status] += Math.max(0, end - cursor);
  if (announced) announcedMs += Math.max(0, end - cursor);

  const up = totals.up + totals.degraded;
  const known = up + totals.down;
  const seconds = (value: number) => Math.round(value / 1000);
  return {
    upPct: known === 0 ? null : Math.round((up / known) * 100_000) / 1000,
    upSeconds: seconds(up),
    degradedSeconds: seconds(totals.degraded),
    downtimeSeconds: seconds(totals.down),
    maintenanceSeconds: seconds(totals.maintenance),
    announcedMaintenanceSeconds: Math.min(seconds(announcedMs), seconds(totals.maintenance)),
    unknownSeconds: seconds(totals.unknown),
    incidents,
  };
}
