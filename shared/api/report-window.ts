import { BadParameterError } from './api-error.js';
import { wibDateStart } from './daily-shares.js';
import { isoTimeParam, type Query, singleParam } from './query-params.js';

/** The longest window a report or an incident export covers. */
export const MAX_WINDOW_DAYS = 366;
/** The window when none is given: the 30 days up to now. */
export const DEFAULT_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
const WINDOW_RULE =
  'must be an ISO 8601 time with a zone (e.g. 2026-03-15T03:00:00Z) or a WIB date (e.g. 2026-03-15)';

/**
 * `from` or `to`: an ISO 8601 time with a zone, as everywhere in the API, or a WIB calendar date (what a date
 * field of a form sends): `from` then means the start of that day, `to` its end.
 */
function boundParam(query: Query, name: 'from' | 'to'): Date | undefined {
  const raw = singleParam(query, name);
  if (raw === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    try {
      // Refuses a date that does not exist (02-31) as it refuses such a time.
      isoTimeParam({ [name]: [`${raw}T00:00:00+07:00`] }, name);
    } catch {
      throw new BadParameterError(name, WINDOW_RULE);
    }
    const start = wibDateStart(raw);
    return new Date(name === 'to' ? start + DAY_MS : start);
  }
  try {
    const iso = isoTimeParam(query, name);
    return iso === undefined ? undefined : new Date(iso);
  } catch {
    throw new BadParameterError(name, WINDOW_RULE);
  }
}

/** `from` (inclusive) and `to` (exclusive): by default the last 30 days; at most 366 days; `from` before `to`. */
export function windowParams(query: Query, now: Date): { readonly from: Date; readonly to: Date } {
  const toParam = boundParam(query, 'to');
  const fromParam = boundParam(query, 'from');
  const to = toParam ?? now;
  const from = fromParam ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) throw new BadParameterError('from', 'must be earlier than to');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new BadParameterError('from', `must be at most ${MAX_WINDOW_DAYS} days before to`);
  }
  return { from, to };
}
