import * as z from 'zod/mini';

/**
 * Maintenance that DJP announced ahead (pajak.go.id, @kring_pajak, tax offices), for some targets, for a time.
 * During a window a failing consensus is told as announced maintenance; a failure that outlasts it is an outage.
 */
export interface MaintenanceWindow {
  /** Stable: `config-<n>` for the configuration's windows (n from 1, in file order), a generated id for an operator's. */
  readonly id: string;
  /** Target ids (or service-group ids) the window covers; at least one. */
  readonly targets: readonly string[];
  /** ISO 8601 in UTC (`…Z`), `start` < `end`. */
  readonly start: string;
  readonly end: string;
  /** What announced it, e.g. `PENG-18/PJ.09/2024`, told to subscribers with the window; `null`: none. */
  readonly note: string | null;
  /** Where it comes from: the configuration (read-only) or an operator through the authenticated API. */
  readonly source: 'config' | 'operator';
}

/** Windows a fleet keeps at once (configuration and operator together): each evaluation reads them all. */
export const MAX_MAINTENANCE_WINDOWS = 200;
/** The longest window: DJP's longest announced downtime so far was about 39 hours (Coretax, September 2025). */
export const MAX_WINDOW_HOURS = 7 * 24;
/** The longest note, so a window fits in one short message. */
export const MAX_WINDOW_NOTE_LENGTH = 120;

/** The longest target or group id a window may name (target ids have at most 40 characters). */
export const MAX_WINDOW_TARGET_ID_LENGTH = 64;
/** C0/C1 controls, DEL and bidirectional overrides: never in a note that messages and pages show. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const UNSAFE_NOTE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** An explicit offset is required: `+07:00` (WIB) or `Z`; a local time without one is ambiguous. */
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether the date and time exist: `Date.parse` rolls `2026-02-30` over to 2 March and takes `24:00` as the next
 * day, so a typo would silently move a window.
 */
function isRealDateTime(text: string): boolean {
  const [year, month, day, hour, minute] = (/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text) ?? [])
    .slice(1)
    .map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    Number.isFinite(Date.parse(text)) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour! <= 23 &&
    minute! <= 59
  );
}

/** One window as people write it (configuration file or the operator's request body), before it gets an id. */
export const maintenanceWindowInputSchema = z
  .strictObject({
    targets: z
      .array(
        z.string().check(
          z.minLength(1, { error: 'must not be empty' }),
          z.maxLength(MAX_WINDOW_TARGET_ID_LENGTH, {
            error: `must be at most ${MAX_WINDOW_TARGET_ID_LENGTH} characters`,
          }),
        ),
      )
      .check(z.minLength(1, { error: 'must list at least one target' }), z.maxLength(100)),
    start: z.string().check(
      z.regex(OFFSET_DATE_TIME, {
        error: 'must be a date and time with an offset, e.g. "2026-12-05T22:00:00+07:00"',
      }),
    ),
    end: z.string().check(
      z.regex(OFFSET_DATE_TIME, {
        error: 'must be a date and time with an offset, e.g. "2026-12-06T02:00:00+07:00"',
      }),
    ),
    note: z.optional(
      z.string().check(
        z.minLength(1),
        z.maxLength(MAX_WINDOW_NOTE_LENGTH),
        z.refine((value) => !UNSAFE_NOTE.test(value), {
          error: 'must not contain line breaks, control characters or text-direction overrides',
        }),
      ),
    ),
  })
  .check(
    z.refine((w) => isRealDateTime(w.start) && isRealDateTime(w.end), {
      error: 'start and end must be real dates',
    }),
    z.refine((w) => Date.parse(w.end) > Date.parse(w.start), { error: 'end must come after start' }),
    z.refine((w) => Date.parse(w.end) - Date.parse(w.start) <= MAX_WINDOW_HOURS * 3_600_000, {
      error: `a window lasts at most ${MAX_WINDOW_HOURS} hours`,
    }),
  );

export type MaintenanceWindowInput = z.infer<typeof maintenanceWindowInputSchema>;

/** The window as stored and evaluated: times in UTC, an id, its source. */
export function toMaintenanceWindow(
  input: MaintenanceWindowInput,
  id: string,
  source: MaintenanceWindow['source'],
): MaintenanceWindow {
  return {
    id,
    targets: [...new Set(input.targets)],
    start: new Date(Date.parse(input.start)).toISOString(),
    end: new Date(Date.parse(input.end)).toISOString(),
    note: input.note ?? null,
    source,
  };
}

/** The window covering `targetId` at `now` (the one that ends last when several overlap), or `undefined`. */
export function activeWindowOf(
  windows: readonly MaintenanceWindow[],
  targetId: string,
  now: Date,
): MaintenanceWindow | undefined {
  const t = now.getTime();
  let found: MaintenanceWindow | undefined;
  for (const w of windows) {
    if (!w.targets.includes(targetId) || Date.parse(w.start) > t || Date.parse(w.end) <= t) continue;
    if (found === undefined || Date.parse(w.end) > Date.parse(found.end)) found = w;
  }
  return found;
}

/** Windows that have not ended at `now`, soonest first (ties by id), at most `limit`. */
export function upcomingWindows(
  windows: readonly MaintenanceWindow[],
  now: Date,
  limit = MAX_MAINTENANCE_WINDOWS,
): MaintenanceWindow[] {
  const t = now.getTime();
  return windows
    .filter((w) => Date.parse(w.end) > t)
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.id.localeCompare(b.id))
    .slice(0, limit);
}

/** Where evaluations read the windows from: the configuration's and the operator's, merged. */
export interface MaintenanceWindowSource {
  /** Every window not ended long ago (a bounded list, at most `MAX_MAINTENANCE_WINDOWS`). */
  list(now: Date): Promise<readonly MaintenanceWindow[]>;
}

/** The operator's windows (DynamoDB in AWS, memory in tests); the configuration's are read-only. */
export interface MaintenanceWindowStore extends MaintenanceWindowSource {
  /** Adds a window; refuses with `MaintenanceWindowLimitError` past `MAX_MAINTENANCE_WINDOWS`. */
  add(window: MaintenanceWindow): Promise<void>;
  /** Removes an operator window; `false` when there was none with that id. */
  remove(id: string): Promise<boolean>;
}

/** Adding a window would pass `MAX_MAINTENANCE_WINDOWS`. */
export class MaintenanceWindowLimitError extends Error {
  constructor() {
    super(`at most ${MAX_MAINTENANCE_WINDOWS} maintenance windows can be kept; remove ended ones first`);
    this.name = 'MaintenanceWindowLimitError';
  }
}
