import type { Locale } from '../../shared/types.js';

const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Jakarta',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const DAY: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'short' }),
  id: new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'short' }),
};
const DATE_KEY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' });

/** `14:05:12 WIB`, or `16 Mar 14:05:12 WIB` when `at` is not on the same Jakarta day as `now`. */
export function formatWib(at: Date | string, now: Date = new Date(), locale: Locale = 'en'): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return '?';
  const time = `${TIME.format(date)} WIB`;
  return DATE_KEY.format(date) === DATE_KEY.format(now) ? time : `${DAY[locale].format(date)} ${time}`;
}

const AGE_UNITS: Record<
  Locale,
  { readonly s: string; readonly min: string; readonly h: string; readonly d: string }
> = {
  en: { s: 's', min: 'min', h: 'h', d: 'd' },
  id: { s: 'dtk', min: 'mnt', h: 'jam', d: 'hari' },
};

/**
 * `45 s`, `3 min`, `2 h 5 min`, `3 d 4 h` (`3 hari 4 jam` in Indonesian): how long something has lasted, coarse
 * enough to read at a glance.
 */
export function formatAge(ms: number, locale: Locale = 'en'): string {
  const u = AGE_UNITS[locale];
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} ${u.s}`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} ${u.min}`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h} ${u.h}` : `${h} ${u.h} ${m % 60} ${u.min}`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} ${u.d}` : `${d} ${u.d} ${h % 24} ${u.h}`;
}
