import * as z from 'zod/mini';
import type { Locale } from '../types.js';

/**
 * A recurring filing deadline and the days before it when an outage hurts most. Every month (`month` absent) or
 * once a year; marked from `markFromDaysBefore` days before the deadline through the deadline day, in WIB dates.
 * A deadline that falls on a weekend or holiday is not moved: DJP's shifts are announced case by case.
 */
export interface Deadline {
  readonly id: string;
  /** How messages name it: `batas waktu unggah` / `upload deadline`. */
  readonly name: { readonly id: string; readonly en: string };
  /** Day of the month, 1-31; in a shorter month, its last day. */
  readonly day: number;
  /** 1-12 for a yearly deadline; absent for one every month. */
  readonly month?: number;
  readonly markFromDaysBefore: number;
}

/** A calendar date in WIB. */
export interface WibDate {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
}

/** One deadline on one date, with the first date of its marked period. */
export interface DeadlineOccurrence {
  readonly deadline: Deadline;
  readonly date: WibDate;
  readonly markedFrom: WibDate;
}

/** Deadlines a calendar may hold: each evaluation looks at every one. */
export const MAX_DEADLINES = 20;
/** The longest marked period before a deadline. */
export const MAX_MARK_DAYS = 31;

/**
 * The defaults, after DJP's rules as of 2025 (PER-11/PJ/2025: e-Faktur uploads by the 20th of the following
 * month; individual annual returns by 31 March). Rules change: the configuration's `deadlines` replaces them.
 */
export const DEFAULT_DEADLINES: readonly Deadline[] = [
  {
    id: 'upload',
    name: { id: 'batas waktu unggah', en: 'upload deadline' },
    day: 20,
    markFromDaysBefore: 5,
  },
  {
    id: 'annual-return',
    name: { id: 'batas waktu SPT Tahunan', en: 'annual return deadline' },
    day: 31,
    month: 3,
    markFromDaysBefore: 6,
  },
];

const DEADLINE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const PLAIN_TEXT = /^[^\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]{1,40}$/;
const nameText = z
  .string()
  .check(z.regex(PLAIN_TEXT, { error: 'must be 1 to 40 characters without control characters' }));
const wholeNumber = (min: number, max: number) =>
  z
    .int({ error: 'must be a whole number' })
    .check(z.gte(min, { error: `must be at least ${min}` }), z.lte(max, { error: `must be at most ${max}` }));

const deadlineSchema = z.strictObject({
  id: z.string().check(z.regex(DEADLINE_ID, { error: 'must be 1 to 40 of a-z, 0-9 and "-"' })),
  name: z.strictObject({ id: nameText, en: nameText }),
  day: wholeNumber(1, 31),
  month: z.optional(wholeNumber(1, 12)),
  markFromDaysBefore: wholeNumber(0, MAX_MARK_DAYS),
});

/** The configuration's `deadlines` section: the whole calendar (an empty list marks nothing). */
export const deadlinesSchema = z._default(
  z.array(deadlineSchema).check(
    z.maxLength(MAX_DEADLINES, { error: `at most ${MAX_DEADLINES} deadlines` }),
    z.refine((list) => new Set(list.map((d) => d.id)).size === list.length, {
      error: 'each deadline needs its own id',
    }),
    z.refine((list) => list.every((d) => d.month === undefined || d.day <= daysIn(2024, d.month)), {
      error: 'a yearly deadline needs a day its month has',
    }),
  ),
  DEFAULT_DEADLINES.map((d) => ({ ...d, name: { ...d.name } })),
);

const DAY_MS = 86_400_000;
const WIB_OFFSET_MS = 7 * 3_600_000;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a WIB date. */
function dayNumber(date: WibDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

function dateOf(dayNo: number): WibDate {
  const d = new Date(dayNo * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The WIB date at `now`. */
export function wibDateOf(now: Date): WibDate {
  return dateOf(Math.floor((now.getTime() + WIB_OFFSET_MS) / DAY_MS));
}

/** The deadline's dates from `today`'s month on, for a little over a year, soonest first. */
function occurrencesFrom(deadline: Deadline, today: WibDate): DeadlineOccurrence[] {
  const found: DeadlineOccurrence[] = [];
  for (let i = 0; i <= 13; i++) {
    const year = today.year + Math.floor((today.month - 1 + i) / 12);
    const month = ((today.month - 1 + i) % 12) + 1;
    if (deadline.month !== undefined && deadline.month !== month) continue;
    const date = { year, month, day: Math.min(deadline.day, daysIn(year, month)) };
    if (dayNumber(date) < dayNumber(today)) continue;
    found.push({ deadline, date, markedFrom: dateOf(dayNumber(date) - deadline.markFromDaysBefore) });
  }
  return found;
}

/** Every deadline's coming dates (today's included), soonest first, ties in calendar order. */
function upcoming(now: Date, calendar: readonly Deadline[]): DeadlineOccurrence[] {
  const today = wibDateOf(now);
  return calendar
    .flatMap((d) => occurrencesFrom(d, today))
    .sort((a, b) => dayNumber(a.date) - dayNumber(b.date));
}

/** The marked period `now` (in WIB) falls in, the deadline nearest first; `null` outside every period. */
export function deadlineAt(now: Date, calendar: readonly Deadline[]): DeadlineOccurrence | null {
  const today = dayNumber(wibDateOf(now));
  return upcoming(now, calendar).find((o) => dayNumber(o.markedFrom) <= today) ?? null;
}

/** The next deadline from today (WIB, today's included); `null` with an empty calendar. */
export function nextDeadline(now: Date, calendar: readonly Deadline[]): DeadlineOccurrence | null {
  return upcoming(now, calendar)[0] ?? null;
}

const MONTHS: Record<Locale, readonly string[]> = {
  id: [
    'Januari',
    'Februari',
    'Maret',
    'April',
    'Mei',
    'Juni',
    'Juli',
    'Agustus',
    'September',
    'Oktober',
    'November',
    'Desember',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** `20 Juni` / `20 June` (the year is left out, as in a message about this month's deadline). */
export function dayMonth(date: WibDate, locale: Locale): string {
  return `${date.day} ${MONTHS[locale][date.month - 1]}`;
}

/** `20 Desember 2026` / `20 December 2026`. */
export function fullDate(date: WibDate, locale: Locale): string {
  return `${dayMonth(date, locale)} ${date.year}`;
}

/** `2026-12-20`, for JSON. */
export function isoDate(date: WibDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** The phrase a message adds: `bertepatan dengan batas waktu unggah 20 Juni` / `coincides with the 20 June upload deadline`. */
export function deadlinePhrase(occurrence: DeadlineOccurrence, locale: Locale): string {
  const { deadline, date } = occurrence;
  return locale === 'id'
    ? `bertepatan dengan ${deadline.name.id} ${dayMonth(date, 'id')}`
    : `coincides with the ${dayMonth(date, 'en')} ${deadline.name.en}`;
}

/** The status page's line: `Batas waktu unggah berikutnya: 20 Desember 2026` / `Next upload deadline: 20 December 2026`. */
export function nextDeadlineLine(occurrence: DeadlineOccurrence, locale: Locale): string {
  const { deadline, date } = occurrence;
  if (locale === 'en') return `Next ${deadline.name.en}: ${fullDate(date, 'en')}`;
  const name = deadline.name.id;
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} berikutnya: ${fullDate(date, 'id')}`;
}
