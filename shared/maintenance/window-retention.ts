import type { MaintenanceWindow } from './maintenance-window.js';

/** How long an ended window is still listed (as completed) before a store drops it. */
export const ENDED_WINDOW_RETENTION_MS = 24 * 3_600_000;

/** Whether `window` ended so long before `now` that it is no longer listed. */
export function isLongEnded(window: MaintenanceWindow, now: Date): boolean {
  return Date.parse(window.end) <= now.getTime() - ENDED_WINDOW_RETENTION_MS;
}

/** Windows soonest first, ties by id: the order every list of windows is given in. */
export function byStart(a: MaintenanceWindow, b: MaintenanceWindow): number {
  return Date.parse(a.start) - Date.parse(b.start) || a.id.localeCompare(b.id);
}

/** The same id added twice: operator ids are generated, so this is a bug or a replayed request. */
export class MaintenanceWindowExistsError extends Error {
  constructor(readonly id: string) {
    super(`a maintenance window with id "${id}" already exists`);
    this.name = 'MaintenanceWindowExistsError';
  }
}
