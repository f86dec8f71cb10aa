import { humanDuration } from '../../alerts/wib-time.js';
import type { Locale } from '../../types.js';

const ZONE = 'Asia/Jakarta';
const TAG: Readonly<Record<Locale, string>> = { id: 'id-ID', en: 'en-GB' };

const formatters = (locale: Locale) => ({
  date: new Intl.DateTimeFormat(TAG[locale], {
    timeZone: ZONE,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }),
  weekdayDate: new Intl.DateTimeFormat(TAG[locale], {
    timeZone: ZONE,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }),
  longDate: new Intl.DateTimeFormat(TAG[locale], {
    timeZone: ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
  clock: new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
  decimal: new Intl.NumberFormat(TAG[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  percent: new Intl.NumberFormat(TAG[locale], { maximumFractionDigits: 2 }),
});
const FORMAT = { id: formatters('id'), en: formatters('en') };

/** `15 Mar 2026 14:05 WIB`. */
export function wibDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  return `${FORMAT[locale].date.format(date)} ${FORMAT[locale].clock.format(date)} WIB`;
}

/** `14:05 WIB` when `iso` falls on the same WIB day as `reference`, else `15 Mar 2026 14:05 WIB`. */
export function wibWhen(iso: string, reference: Date, locale: Locale): string {
  const date = new Date(iso);
  const sameDay = FORMAT[locale].date.format(date) === FORMAT[locale].date.format(reference);
  return sameDay ? `${FORMAT[locale].clock.format(date)} WIB` : wibDateTime(iso, locale);
}

/** `Min, 15 Mar 2026`: a WIB day, for the daily bars. */
export function wibDay(iso: string, locale: Locale): string {
  return FORMAT[locale].weekdayDate.format(new Date(iso));
}

/** `Minggu, 15 Maret 2026`. */
export function wibLongDate(iso: string, locale: Locale): string {
  return FORMAT[locale].longDate.format(new Date(iso));
}

/** `2026-03-15 14:05:09`: a WIB time that spreadsheets read as a date and time in any language. */
export function wibSpreadsheetTime(iso: string): string {
  const wib = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return `${wib.slice(0, 10)} ${wib.slice(11, 19)}`;
}

/** `2 jam 10 mnt` / `2 h 10 min`. */
export function duration(ms: number, locale: Locale): string {
  return humanDuration(ms, locale, 'short');
}

/** `0,4 dtk` / `0.4 s`. */
export function seconds(ms: number, locale: Locale, unit: string): string {
  return `${FORMAT[locale].decimal.format(ms / 1000)} ${unit}`;
}

/** `99,95%` / `99.95%`. */
export function percent(value: number, locale: Locale): string {
  return `${FORMAT[locale].percent.format(value)}%`;
}
