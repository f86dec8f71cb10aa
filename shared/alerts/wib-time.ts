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

const DAY: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'short' }),
  id: new Intl.DateTimeFormat('id-ID', { timeZone: ZONE, day: 'numeric', month: 'short' }),
};
const DATE_KEY = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE });

/** `14:05:12 WIB`, or `16 Mar 14:05:12 WIB` when `at` is not on the same Jakarta day as `now`. */
export function formatWib(at: Date | string, now: Date = new Date(), locale: Locale = 'en'): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return '?';
  const time = `${CLOCK_SECONDS.format(date)} WIB`;
  return DATE_KEY.format(date) === DATE_KEY.format(now) ? time : `${DAY[locale].format(date)} ${time}`;
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

/**
 * `45 s`, `3 min`, `2 h 5 min`, `3 d 4 h` (`3 hari 4 jam` in Indonesian): how long something has lasted, coarse
 * enough to read at a glance: whole minutes under an hour, hours and minutes under two days.
 */
export function formatAge(ms: number, locale: Locale = 'en'): string {
  const [d, h, min, s] = UNITS[locale].short;
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} ${s}`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} ${min}`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return m % 60 === 0 ? `${hours} ${h}` : `${hours} ${h} ${m % 60} ${min}`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} ${d}` : `${days} ${d} ${hours % 24} ${h}`;
}
