/** A full RFC 3339 `date-time`: date, time with seconds, and a zone (`Z` or `±hh:mm`). */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
/** The same without a zone (or without seconds): what a local clock or a spreadsheet writes. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

export const RFC3339_EXAMPLE = '2026-03-15T10:00:00+07:00';

/** Milliseconds since the epoch, or why the text is not a time (short, without echoing long input). */
export type TimeReading = { readonly ms: number } | { readonly problem: string };

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Reads an RFC 3339 time. A time without a zone is refused rather than read in the machine's zone (the same file
 * would mean different instants on different machines), and so is a date the calendar does not have (2026-02-31),
 * which `Date.parse` would silently move into the next month. Digits beyond milliseconds are dropped.
 */
export function readRfc3339(text: string): TimeReading {
  // A line's time is checked by its schema, then read: the second time is free.
  if (last !== null && text === last.text) return last.reading;
  const reading = read(text);
  last = { text, reading };
  return reading;
}

let last: { readonly text: string; readonly reading: TimeReading } | null = null;

function read(text: string): TimeReading {
  const m = DATE_TIME.exec(text);
  if (m === null) {
    if (ZONELESS.test(text)) {
      return {
        problem: `${JSON.stringify(text)} has no time zone: add Z (UTC) or an offset, e.g. ${RFC3339_EXAMPLE}`,
      };
    }
    return { problem: `must be an ISO 8601 time with a zone, e.g. ${RFC3339_EXAMPLE}` };
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const [sign, offsetHours, offsetMinutes] = [m[9] === '-' ? -1 : 1, Number(m[10] ?? 0), Number(m[11] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { problem: `${JSON.stringify(text)} is not a date of the calendar` };
  }
  if (second === 60) return { problem: `${JSON.stringify(text)} is a leap second, which is not supported` };
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    return { problem: `${JSON.stringify(text)} is not a time of the day` };
  }
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, fraction);
  if (year < 100) {
    // Date.UTC reads years 0–99 as 1900–1999.
    const date = new Date(ms);
    date.setUTCFullYear(year, month - 1, day);
    ms = date.getTime();
  }
  return { ms: ms - sign * (offsetHours * 60 + offsetMinutes) * 60_000 };
}
