import type { ConsensusStatus } from '../types.js';
import type { StatusTimeline } from './uptime.js';

const DAY_MS = 86_400_000;
/** WIB (Asia/Jakarta) is UTC+7 all year: no daylight saving time. */
const WIB_OFFSET_MS = 7 * 3_600_000;

/** The start of the WIB day that holds `ms`, in UTC milliseconds. */
export function wibDayStart(ms: number): number {
  return Math.floor((ms + WIB_OFFSET_MS) / DAY_MS) * DAY_MS - WIB_OFFSET_MS;
}

/** `2026-03-15`: the WIB calendar date of `ms`. */
export function wibDateKey(ms: number): string {
  return new Date(ms + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC milliseconds at which a WIB calendar date (`2026-03-15`) begins. */
export function wibDateStart(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`) - WIB_OFFSET_MS;
}

/** One WIB day of a target: how long it spent in each status, in seconds. */
export interface DayShare {
  /** The WIB date, `2026-03-15`. */
  readonly date: string;
  /** Start of the day, ISO 8601 UTC. */
  readonly start: string;
  /** Seconds of the day covered: a whole day, or up to now for today. */
  readonly seconds: number;
  readonly in: Readonly<Record<ConsensusStatus, number>>;
}

/** The first instant of the `days` WIB days that end with today's, in UTC milliseconds. */
export function daysStart(now: Date, days: number): Date {
  return new Date(wibDayStart(now.getTime()) - (days - 1) * DAY_MS);
}

/**
 * How each of the last `days` WIB days (today's up to `now`) divides into statuses, oldest first, from a timeline
 * that starts at `daysStart(now, days)`. Time before anything was known counts as `unknown`.
 */
export function dailyShares(timeline: StatusTimeline, now: Date, days: number): DayShare[] {
  const first = daysStart(now, days).getTime();
  const end = now.getTime();
  const shares = Array.from({ length: days }, (_, i) => ({
    startMs: first + i * DAY_MS,
    in: { up: 0, degraded: 0, maintenance: 0, down: 0, unknown: 0 } as Record<ConsensusStatus, number>,
  }));
  const spread = (status: ConsensusStatus, from: number, to: number) => {
    for (let t = Math.max(from, first); t < Math.min(to, end); ) {
      const index = Math.floor((t - first) / DAY_MS);
      const dayEnd = first + (index + 1) * DAY_MS;
      const until = Math.min(dayEnd, to, end);
      const share = shares[index];
      if (share === undefined) return;
      share.in[status] += until - t;
      t = until;
    }
  };
  let status: ConsensusStatus = timeline.atStart ?? 'unknown';
  let cursor = first;
  for (const change of [...timeline.changes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    const at = Date.parse(change.at);
    spread(status, cursor, at);
    cursor = Math.max(cursor, at);
    status = change.status;
  }
  spread(status, cursor, end);
  return shares.map((s) => {
    const covered = Math.max(0, Math.min(DAY_MS, end - s.startMs));
    const seconds = (ms: number) => Math.round(ms / 1000);
    return {
      date: wibDateKey(s.startMs),
      start: new Date(s.startMs).toISOString(),
      seconds: seconds(covered),
      in: {
        up: seconds(s.in.up),
        degraded: seconds(s.in.degraded),
        maintenance: seconds(s.in.maintenance),
        down: seconds(s.in.down),
        unknown: seconds(s.in.unknown),
      },
    };
  });
}
