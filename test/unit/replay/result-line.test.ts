import { describe, expect, it } from 'vitest';
import { parseResultLines } from '../../../shared/consensus/replay.js';
import { parseResultLine, ResultLineError, toResultLine } from '../../../shared/replay/result-line.js';
import { probeResult } from '../../support/results.js';

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
      'checkedAt: must be an ISO 8601 time',
    ],
    [
      'an unknown status',
      '{"region":"a","checkedAt":"2026-03-15T03:00:00Z","status":"sideways","reason":"ok"}',
      'status: must be one of up, degraded, maintenance, down',
    ],
    [
      'a missing region',
      '{"checkedAt":"2026-03-15T03:00:00Z","status":"up","reason":"ok"}',
      'region: is required',
    ],
    [
      'a negative latency',
      '{"region":"a","checkedAt":"2026-03-15T03:00:00Z","status":"up","reason":"ok","latencyMs":-1}',
      'latencyMs: must not be negative',
    ],
  ])('names the line and the field for %s', (_name, line, message) => {
    expect(() => parseResultLine(line, 4)).toThrow(ResultLineError);
    expect(() => parseResultLine(line, 4)).toThrow(message);
  });

  it('round-trips a stored result through its line', () => {
    const result = probeResult({ status: 'down', reason: 'refused', latencyMs: 12 });
    const line = toResultLine(result);
    expect(parseResultLine(JSON.stringify(line), 1)).toEqual(line);
  });
});
