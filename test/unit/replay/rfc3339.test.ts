import { describe, expect, it } from 'vitest';
import { readRfc3339 } from '../../../shared/replay/rfc3339.js';

describe('readRfc3339', () => {
  it.each<[string, string]>([
    ['2026-03-15T03:00:00Z', '2026-03-15T03:00:00.000Z'],
    ['2026-03-15T10:00:00+07:00', '2026-03-15T03:00:00.000Z'],
    ['2026-03-14T22:30:00-04:30', '2026-03-15T03:00:00.000Z'],
    ['2026-03-15t03:00:00z', '2026-03-15T03:00:00.000Z'],
    ['2026-03-15T03:00:00-00:00', '2026-03-15T03:00:00.000Z'],
    ['2026-03-15T03:00:00.5Z', '2026-03-15T03:00:00.500Z'],
    ['2026-03-15T03:00:00.123456789Z', '2026-03-15T03:00:00.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
    ['0000-02-29T12:00:00Z', '0000-02-29T12:00:00.000Z'],
    ['2026-01-01T06:59:59+07:00', '2025-12-31T23:59:59.000Z'],
  ])('reads %s as %s', (text, iso) => {
    const reading = readRfc3339(text);
    expect(reading).toEqual({ ms: Date.parse(iso) });
  });

  it('refuses a time without a zone instead of reading it in the zone of the machine', () => {
    expect(readRfc3339('2026-03-15T10:00:00')).toEqual({
      problem:
        '"2026-03-15T10:00:00" has no time zone: add Z (UTC) or an offset, e.g. 2026-03-15T10:00:00+07:00',
    });
  });

  it.each<[string, string]>([
    ['', 'must be an ISO 8601 time with a zone'],
    ['2026-03-15 10:00:00', 'has no time zone'],
    ['2026-03-15T10:00', 'has no time zone'],
    ['2026-03-15T10:00:00.250', 'has no time zone'],
    ['2026-02-31T00:00:00Z', '"2026-02-31T00:00:00Z" is not a date of the calendar'],
    ['2026-02-29T00:00:00Z', 'is not a date of the calendar'],
    ['1900-02-29T00:00:00Z', 'is not a date of the calendar'],
    ['2026-04-31T00:00:00Z', 'is not a date of the calendar'],
    ['2026-13-01T00:00:00Z', 'is not a date of the calendar'],
    ['2026-00-10T00:00:00Z', 'is not a date of the calendar'],
    ['2026-03-00T00:00:00Z', 'is not a date of the calendar'],
    ['2026-03-15T24:00:00Z', 'is not a time of the day'],
    ['2026-03-15T23:60:00Z', 'is not a time of the day'],
    ['2026-03-15T03:00:00+24:00', 'is not a time of the day'],
    ['2026-03-15T03:00:00+07:60', 'is not a time of the day'],
    ['2016-12-31T23:59:60Z', 'is a leap second, which is not supported'],
    ['2026-03-15', 'must be an ISO 8601 time with a zone'],
    ['2026-03-15T03:00:00+0700', 'must be an ISO 8601 time with a zone'],
    ['2026-03-15T03:00:00 Z', 'must be an ISO 8601 time with a zone'],
    ['1773543600000', 'must be an ISO 8601 time with a zone'],
    ['yesterday', 'must be an ISO 8601 time with a zone'],
    ['', 'must be an ISO 8601 time with a zone'],
    ['+002026-03-15T03:00:00Z', 'must be an ISO 8601 time with a zone'],
  ])('refuses %j: %s', (text, problem) => {
    const reading = readRfc3339(text);
    expect('problem' in reading && reading.problem).toContain(problem);
  });
});
