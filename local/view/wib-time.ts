const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Jakarta',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'short' });
const DATE_KEY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' });

/** `14:05:12 WIB`, or `16 Mar 14:05:12 WIB` when `at` is not on the same Jakarta day as `now`. */
export function formatWib(at: Date | string, now: Date = new Date()): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return '?';
  const time = `${TIME.format(date)} WIB`;
  return DATE_KEY.format(date) === DATE_KEY.format(now) ? time : `${DAY.format(date)} ${time}`;
}

/** `45 s`, `3 min`, `2 h 5 min`, `3 d 4 h`: how long something has lasted, coarse enough to read at a glance. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}
