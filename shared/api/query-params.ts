import { BadParameterError } from './api-error.js';
/** Query parameters, each with every value it was given (a record without a prototype). */
export type Query = Readonly<Record<string, readonly string[]>>;

/** The one value of a query parameter; `undefined` when absent, a 400 when repeated. */
export function singleParam(query: Query, name: string): string | undefined {
  const values = query[name];
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw new BadParameterError(name, 'must be given at most once');
  return values[0];
}

/** `limit`: a whole number between 1 and `max`, `fallback` when absent. */
export function limitParam(
  query: Query,
  options: { readonly fallback: number; readonly max: number },
): number {
  const raw = singleParam(query, 'limit');
  if (raw === undefined) return options.fallback;
  const rule = `must be an integer between 1 and ${options.max}`;
  if (!/^\d{1,9}$/.test(raw)) throw new BadParameterError('limit', rule);
  const value = Number(raw);
  if (value < 1 || value > options.max) throw new BadParameterError('limit', rule);
  return value;
}

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/**
 * A time that exists, in UTC milliseconds; `null` for a calendar or clock field out of range (`02-31`, `24:00`,
 * `:60`), an offset past 23:59, and `-00:00`, which RFC 3339 §4.3 reserves for "zone unknown".
 */
function parseIsoTime(text: string): number | null {
  const m = ISO_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const [sign, offsetHours, offsetMinutes] = [m[8], Number(m[9] ?? 0), Number(m[10] ?? 0)];
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  if (sign === '-' && offsetHours === 0 && offsetMinutes === 0) return null;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  // Date.UTC maps years 0–99 to 1900–1999, so the year is set on its own.
  const utc = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  utc.setUTCFullYear(year, month - 1, day);
  const offsetMs = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return utc.getTime() - offsetMs;
}

/**
 * An ISO 8601 time with a zone (`Z` or an offset), normalised to UTC milliseconds (`…T03:00:00.000Z`) because
 * stored times are compared as strings. A `+` that arrived unencoded reads as a space, so a space before the
 * offset is taken as `+`. Times that do not exist are refused rather than rolled over (`02-31` is not `03-03`).
 */
export function isoTimeParam(query: Query, name: string): string | undefined {
  const raw = singleParam(query, name);
  if (raw === undefined) return undefined;
  const text = raw.replace(/ (\d{2}:?\d{2})$/, '+$1');
  const rule = 'must be an ISO 8601 time with a zone, e.g. 2026-03-15T03:00:00Z';
  const ms = parseIsoTime(text);
  if (ms === null || Number.isNaN(ms)) throw new BadParameterError(name, rule);
  const iso = new Date(ms).toISOString();
  // Offsets can carry 0000-01-01 or 9999-12-31 past four-digit years, which no longer compare as strings.
  if (!/^\d{4}-/.test(iso)) throw new BadParameterError(name, rule);
  return iso;
}

/** One of a closed list of values, `fallback` when absent. */
export function enumParam<T extends string>(
  query: Query,
  name: string,
  values: readonly T[],
  fallback: T,
): T {
  const raw = singleParam(query, name);
  if (raw === undefined) return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new BadParameterError(name, `must be one of ${values.join(', ')}`);
  }
  return raw as T;
}
