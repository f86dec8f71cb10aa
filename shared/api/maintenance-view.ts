import { type DeadlineOccurrence, isoDate } from '../calendar/deadline-calendar.js';
import type { MaintenanceWindow } from '../maintenance/maintenance-window.js';
import type { Locale } from '../types.js';

/** Where a window stands at a moment: Statuspage's words for it. */
export type WindowStatus = 'scheduled' | 'in_progress' | 'completed';

export function windowStatus(window: MaintenanceWindow, now: Date): WindowStatus {
  const t = now.getTime();
  if (Date.parse(window.end) <= t) return 'completed';
  return Date.parse(window.start) <= t ? 'in_progress' : 'scheduled';
}

/** A window as the JSON routes show it. */
export interface WindowView {
  readonly id: string;
  readonly targets: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly note: string | null;
  readonly source: MaintenanceWindow['source'];
  readonly status: WindowStatus;
}

export function windowView(window: MaintenanceWindow, now: Date): WindowView {
  return {
    id: window.id,
    targets: window.targets,
    start: window.start,
    end: window.end,
    note: window.note,
    source: window.source,
    status: windowStatus(window, now),
  };
}

/** The next filing deadline as `/status` shows it. */
export interface DeadlineView {
  readonly id: string;
  /** In the fleet's language: `batas waktu unggah`. */
  readonly name: string;
  /** WIB date, `2026-12-20`. */
  readonly date: string;
  /** The first WIB date of its marked period. */
  readonly markedFrom: string;
  /** Whether today (WIB) is in the marked period. */
  readonly marked: boolean;
}

export function deadlineView(occurrence: DeadlineOccurrence, locale: Locale, now: Date): DeadlineView {
  const markedFrom = isoDate(occurrence.markedFrom);
  return {
    id: occurrence.deadline.id,
    name: occurrence.deadline.name[locale],
    date: isoDate(occurrence.date),
    markedFrom,
    marked: markedFrom <= wibIsoDate(now),
  };
}

function wibIsoDate(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
