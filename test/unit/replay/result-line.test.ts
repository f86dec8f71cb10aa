import { describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { parseResultLines } from '../../../shared/consensus/replay.js';
import { parseResultLine, ResultLineError, toResultLine } from '../../../shared/replay/result-line.js';

describe('result lines', () => {
  it('reads a file as editors write it: byte-order mark, CRLF, blank lines, extra fields', () => {
    const text =
      '\uFEFF{"region":"a","checkedAt":"2026-03-15T03:00:00Z","status":"up","reason":"ok"}\r\n\r\n' +
      '{"region":"b","checkedAt":"2026-03-15T10:00:20+07:00","status":"down","reason":"timeout","note":"x"}\n';
    expect(parseResultLines(text)).toEqual([
      { region: 'a', checkedAt: '2026-03-15T03:00:00.000Z', status: 'up', reason: 'ok' },
      { region: 'b', checkedAt: '2026-03-15T03:00:20.000Z', status: 'down', reason: 'timeout' },
    ]);
  });

  it.each<[string, string, string]>([
    ['not JSON', '{region: a}', 'line 4: is not JSON'],
    [
      'a bad time',
      '{"region":"a","checkedAt":"yesterday","status":"up","reason":"ok"}',
      'line 4: checkedAt: must be an ISO 8601 time with a zone, e.g. 2026-03-15T10:00:00+07:00',
    ],
    [
      'an unknown status',
      '{"region":"a","checkedAt":"2026-03-15T03:00:00Z","status":"sideways","reason":"ok"}',
      'status: must be one of up, degraded, maintenance, down',
    ],
    [
      'a missing status and reason',
      '{"region":"a","checkedAt":"2026-03-15T03:00:00Z"}',
      'line 4: status: is required; reason: is required',
    ],
    [
      'a missing region',
      '{"checkedAt":"2026-03-15T03:00:00Z","status":"up","reason":"ok"}',
      'region: is required',
    ],
    [
      'a time without a zone, which would be read in the zone of the machine',
      '{"region":"a","checkedAt":"2026-03-15T10:00:00","status":"up","reason":"ok"}',
      'line 4: checkedAt: "2026-03-15T10:00:00" has no time zone: add Z (UTC) or an offset',
    ],
    [
      'a date the calendar does not have',
      '{"region":"a","checkedAt":"2026-02-31T03:00:00Z","status":"up","reason":"ok"}',
      'line 4: checkedAt: "2026-02-31T03:00:00Z" is not a date of the calendar',
    ],
    [
      'a status the reason contradicts',
      '{"region":"a","checkedAt":"2026-03-15T03:00:00Z","status":"up","reason":"timeout"}',
      'line 4: status: "up" does not match reason "timeout", which means "down"',
    ],
    [
      'a maintenance page said to be down',
      '{"region":"a","checkedAt":"2026-03-15T03:00:00Z","status":"down","reason":"maintenance_page"}',
      'status: "down" does not match reason "maintenance_page", which means "maintenance"',
    ],
    ['a JSON array', '[1, 2]', 'line 4: is not a JSON object'],
    ['JSON null', 'null', 'line 4: is not a JSON object'],
    ['a JSON string', '"up"', 'line 4: is not a JSON object'],
    [
      'a negative latency',
      '{"region":"a","checkedAt":"2026-03-15T03:00:00Z","status":"up","reason":"ok","latencyMs":-1}',
      'latencyMs: must not be negative',
    ],
  ])('names the line and the field for %s', (_name, line, message) => {
    expect(() => parseResultLine(line, 4)).toThrow(ResultLineError);
    expect(() => parseResultLine(line, 4)).toThrow(message);
  });

  it('names every bad field of a line at once', () => {
    expect(() =>
      parseResultLine('{"region":"","checkedAt":"2026-03-15T10:00:00","status":"up","reason":"nope"}', 2),
    ).toThrow(
      'line 2: region: must not be empty; checkedAt: "2026-03-15T10:00:00" has no time zone: add Z (UTC) or an offset, e.g. 2026-03-15T10:00:00+07:00; reason: must be one of',
    );
  });

  it.each([
    ['UTC', '2026-03-15T03:00:00Z'],
    ['an offset', '2026-03-15T10:00:00+07:00'],
    ['a fraction beyond milliseconds', '2026-03-15T03:00:00.000999Z'],
  ])('normalises a time with %s to UTC milliseconds', (_name, checkedAt) => {
    const line = parseResultLine(JSON.stringify({ region: 'a', checkedAt, status: 'up', reason: 'ok' }), 1);
    expect(line.checkedAt).toBe('2026-03-15T03:00:00.000Z');
  });

  it('round-trips a stored result through its line', () => {
    const result = probeResult({ status: 'down', reason: 'refused', latencyMs: 12 });
    const line = toResultLine(result);
    expect(parseResultLine(JSON.stringify(line), 1)).toEqual(line);
  });
});
