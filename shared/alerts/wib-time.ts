import type { Locale } from '../types.js';

const ZONE = 'Asia/Jakarta';
const CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const CLOCK_SECONDS = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const DATE: Record<Locale, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', {
    timeZone: ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
};

const DAY_MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'numeric' });

/** `5/12` (day/month) in Jakarta time. */
export function wibDayMonth(iso: string): string {
  return DAY_MONTH.format(new Date(iso));
}

/** `14:05` in Jakarta time (without the zone name). */
export function wibClock(iso: string): string {
  return CLOCK.format(new Date(iso));
}

/** `14:05:09 WIB`. */
export function wibClockSeconds(iso: string): string {
  return `${CLOCK_SECONDS.format(new Date(iso))} WIB`;
}

/** `Minggu, 15 Maret 2026 14:05:09 WIB` / `Sunday, 15 March 2026 14:05:09 WIB`. */
export function wibDateTime(iso: string, locale: Locale): string {
  return `${DATE[locale].format(new Date(iso))} ${wibClockSeconds(iso)}`;
}

const UNITS: Record<Locale, Record<'short' | 'long', readonly [string, string, string, string]>> = {
  id: { short: ['hari', 'jam', 'mnt', 'dtk'], long: ['hari', 'jam', 'menit', 'detik'] },
  en: { short: ['d', 'h', 'min', 's'], long: ['day', 'hour', 'minute', 'second'] },
};

/**
 * How long something lasted, in its two largest units: `3 jam 12 mnt` / `3 h 12 min` (short),
 * `3 jam 12 menit` / `3 hours 12 minutes` (long).
 */
export function humanDuration(ms: number, locale: Locale, style: 'short' | 'long'): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const parts = [
    Math.floor(seconds / 86_400),
    Math.floor(seconds / 3600) % 24,
    Math.floor(seconds / 60) % 60,
    seconds % 60,
  ];
  const units = UNITS[locale][style];
  const first = parts.findIndex((p) => p > 0);
  if (first === -1) return `0 ${units[3]}`;
  return parts
    .slice(first, first + 2)
    .map((value, i) => ({ value, unit: units[first + i] ?? '' }))
    .filter((p) => p.value > 0)
    .map(({ value, unit }) => {
      const plural = locale === 'en' && style === 'long' && value !== 1 ? 's' : '';
      return `${value} ${unit}${plural}`;
    })
    .join(' ');
}
