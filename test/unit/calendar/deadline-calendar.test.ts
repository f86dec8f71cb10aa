import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINES,
  type Deadline,
  deadlineAt,
  deadlinePhrase,
  isoDate,
  nextDeadline,
  nextDeadlineLine,
} from '../../../shared/calendar/deadline-calendar.js';
import { ConfigError, parseFleetConfig } from '../../../shared/config/fleet-config.js';

/** The instant of a WIB wall-clock time. */
const wib = (local: string) => new Date(`${local}+07:00`);

describe('deadlineAt (see docs/deadlines.md)', () => {
  it.each([
    ['2026-06-14T23:59', null],
    ['2026-06-15T00:00', 'upload 2026-06-20'],
    ['2026-06-20T23:59', 'upload 2026-06-20'],
    ['2026-06-21T00:00', null],
    // 17:00 UTC on the 14th is already the 15th in WIB.
    ['2026-06-15T00:30', 'upload 2026-06-20'],
    ['2026-03-24T12:00', null],
    ['2026-03-25T00:00', 'annual-return 2026-03-31'],
    ['2026-03-31T23:59', 'annual-return 2026-03-31'],
    ['2026-04-15T08:00', 'upload 2026-04-20'],
    ['2026-12-31T23:00', null],
  ])('at %s WIB: %s', (local, expected) => {
    const at = deadlineAt(wib(local), DEFAULT_DEADLINES);
    expect(at === null ? null : `${at.deadline.id} ${isoDate(at.date)}`).toBe(expected);
  });

  it('takes the nearest deadline when two marked periods overlap', () => {
    const calendar: Deadline[] = [
      { id: 'late', name: { id: 'b', en: 'b' }, day: 28, markFromDaysBefore: 20 },
      { id: 'early', name: { id: 'a', en: 'a' }, day: 12, markFromDaysBefore: 3 },
    ];
    expect(deadlineAt(wib('2026-06-10T09:00'), calendar)?.deadline.id).toBe('early');
    expect(deadlineAt(wib('2026-06-13T09:00'), calendar)?.deadline.id).toBe('late');
  });

  it('puts a day-31 monthly deadline on the last day of a shorter month', () => {
    const calendar: Deadline[] = [{ id: 'eom', name: { id: 'x', en: 'x' }, day: 31, markFromDaysBefore: 0 }];
    expect(isoDate(deadlineAt(wib('2027-02-28T10:00'), calendar)!.date)).toBe('2027-02-28');
    expect(isoDate(nextDeadline(wib('2026-04-02T10:00'), calendar)!.date)).toBe('2026-04-30');
  });

  it('marks nothing with an empty calendar', () => {
    expect(deadlineAt(wib('2026-06-18T10:00'), [])).toBeNull();
    expect(nextDeadline(wib('2026-06-18T10:00'), [])).toBeNull();
  });
});

describe('nextDeadline', () => {
  it.each([
    ['2026-12-05T10:00', '2026-12-20'],
    ['2026-12-20T23:59', '2026-12-20'],
    ['2026-12-21T00:00', '2027-01-20'],
    ['2027-03-21T00:00', '2027-03-31'],
  ])('at %s WIB: %s', (local, expected) => {
    expect(isoDate(nextDeadline(wib(local), DEFAULT_DEADLINES)!.date)).toBe(expected);
  });
});

describe('wording', () => {
  const june = deadlineAt(wib('2026-06-18T10:00'), DEFAULT_DEADLINES)!;
  const december = nextDeadline(wib('2026-12-05T10:00'), DEFAULT_DEADLINES)!;

  it.each([
    [() => deadlinePhrase(june, 'id'), 'bertepatan dengan batas waktu unggah 20 Juni'],
    [() => deadlinePhrase(june, 'en'), 'coincides with the 20 June upload deadline'],
    [() => nextDeadlineLine(december, 'id'), 'Batas waktu unggah berikutnya: 20 Desember 2026'],
    [() => nextDeadlineLine(december, 'en'), 'Next upload deadline: 20 December 2026'],
  ])('%#: %s', (make, expected) => {
    expect(make()).toBe(expected);
  });
});

describe('the configuration section', () => {
  it('defaults to the upload and annual return deadlines', () => {
    expect(parseFleetConfig({}).deadlines).toStrictEqual(DEFAULT_DEADLINES);
  });

  it('can be replaced, or emptied', () => {
    const deadlines = [
      { id: 'upload', name: { id: 'batas unggah', en: 'upload' }, day: 15, markFromDaysBefore: 2 },
    ];
    expect(parseFleetConfig({ deadlines }).deadlines).toStrictEqual(deadlines);
    expect(parseFleetConfig({ deadlines: [] }).deadlines).toStrictEqual([]);
  });

  it.each([
    [
      { id: 'x', name: { id: 'a', en: 'a' }, day: 0, markFromDaysBefore: 1 },
      'deadlines[0].day: must be at least 1',
    ],
    [
      { id: 'x', name: { id: 'a', en: 'a' }, day: 20, markFromDaysBefore: 32 },
      'deadlines[0].markFromDaysBefore: must be at most 31',
    ],
    [
      { id: 'x', name: { id: 'a', en: 'a' }, day: 30, month: 2, markFromDaysBefore: 1 },
      'a yearly deadline needs a day its month has',
    ],
    [
      { id: 'x', name: { id: 'a\u202e', en: 'a' }, day: 20, markFromDaysBefore: 1 },
      'without control characters',
    ],
    [{ id: 'X', name: { id: 'a', en: 'a' }, day: 20, markFromDaysBefore: 1 }, 'deadlines[0].id'],
    [{ id: 'x', name: { id: 'a', en: 'a' }, day: 20, markFromDaysBefore: 1, every: 'week' }, 'every'],
  ])('refuses %j', (deadline, problem) => {
    let error: unknown;
    try {
      parseFleetConfig({ deadlines: [deadline] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toContain(problem);
  });

  it('refuses two deadlines with one id', () => {
    const d = { id: 'x', name: { id: 'a', en: 'a' }, day: 20, markFromDaysBefore: 1 };
    expect(() => parseFleetConfig({ deadlines: [d, d] })).toThrow('each deadline needs its own id');
  });
});
