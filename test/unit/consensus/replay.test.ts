import { describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { parseFleetConfig, resolvePolicy } from '../../../shared/config/fleet-config.js';
import { parseResultLines, regionsOf, replay } from '../../../shared/consensus/replay.js';
import { type ResultLine, ResultLineError, toResultLine } from '../../../shared/replay/result-line.js';
import type { ProbeStatus } from '../../../shared/types.js';
import { iso, POLICY } from './fleet-harness.js';

function line(
  region: string,
  seconds: number,
  status: ProbeStatus,
  extra: Partial<ResultLine> = {},
): ResultLine {
  const reason =
    status === 'up'
      ? 'ok'
      : status === 'down'
        ? 'timeout'
        : status === 'degraded'
          ? 'slow'
          : 'maintenance_page';
  return { region, checkedAt: iso(seconds), status, reason, ...extra };
}

/** Rounds of results, every region of `statuses` at each `seconds`. */
function rounds(
  entries: readonly [number, readonly ProbeStatus[]][],
  regions = ['a', 'b', 'c'],
  extra: Partial<ResultLine> = {},
) {
  return entries.flatMap(([seconds, statuses]) =>
    statuses.map((s, i) => line(regions[i]!, seconds, s, extra)),
  );
}

const moves = (ts: ReturnType<typeof replay>) => ts.map((t) => `${t.targetId}:${t.from}→${t.to}`);

describe('parseResultLines', () => {
  it('skips blank lines and names a bad line by its number', () => {
    const good = JSON.stringify(line('a', 0, 'up'));
    expect(parseResultLines(`${good}\n\n${good}\r\n`)).toHaveLength(2);
    const error = (() => {
      try {
        parseResultLines(`${good}\n\n{"region":"a","checkedAt":"yesterday","status":"up","reason":"ok"}\n`);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ResultLineError);
    expect((error as ResultLineError).line).toBe(3);
    expect((error as Error).message).toBe(
      'line 3: checkedAt: must be an ISO 8601 time with a zone, e.g. 2026-03-15T10:00:00+07:00',
    );
  });
});

describe('replay', () => {
  it('decides from the regions seen in the file, in time order whatever the order of the lines', () => {
    const lines = rounds([
      [120, ['down', 'down', 'up']],
      [0, ['up', 'up', 'up']],
      [60, ['down', 'down', 'up']],
    ]);
    expect(regionsOf(lines)).toEqual(['a', 'b', 'c']);
    const transitions = replay(lines, { policy: POLICY });
    expect(moves(transitions)).toEqual(['target:unknown→up', 'target:up→down']);
    expect(transitions[1]).toMatchObject({ at: iso(120), rule: 'quorum_down', audience: 'subscribers' });
    expect(transitions[1]?.votes.map((v) => `${v.region}=${v.status}`)).toEqual(['a=down', 'b=down', 'c=up']);
  });

  it('counts only the regions asked for', () => {
    const lines = rounds([
      [0, ['up', 'up', 'up']],
      [60, ['down', 'down', 'up']],
      [120, ['down', 'down', 'up']],
    ]);
    const transitions = replay(lines, { policy: POLICY, regions: ['b', 'c'] });
    expect(moves(transitions)).toEqual(['target:unknown→up']);
    expect(transitions[0]?.votes.map((v) => v.region)).toEqual(['b', 'c']);
  });

  it('sweeps every minute between results: regions that fall silent make the target unknown', () => {
    const lines = [
      ...rounds([[0, ['up', 'up', 'up']]]),
      ...Array.from({ length: 10 }, (_, m) => line('a', 60 * (m + 1), 'up')),
    ];
    const transitions = replay(lines, { policy: POLICY });
    expect(moves(transitions)).toEqual(['target:unknown→up', 'target:up→unknown']);
    // Results at 0 are stale from 150 s on; the first sweep after that is at 180 s.
    expect(transitions[1]).toMatchObject({ at: iso(180), rule: 'insufficient_votes', audience: 'ops' });
  });

  it('replays each target on its own and returns every transition in time order', () => {
    const lines = [
      ...rounds([[0, ['up', 'up', 'up']]], undefined, { target: 'svc-qr' }),
      ...rounds(
        [
          [30, ['maintenance', 'maintenance', 'maintenance']],
          [90, ['maintenance', 'maintenance', 'maintenance']],
        ],
        undefined,
        { target: 'svc-wsdl' },
      ),
      ...rounds([[60, ['up', 'up', 'up']]], undefined, { target: 'svc-qr' }),
    ];
    expect(moves(replay(lines, { policy: POLICY }))).toEqual([
      'svc-qr:unknown→up',
      'svc-wsdl:unknown→maintenance',
    ]);
  });

  it('reads the API export: stored results → lines → the same decision', () => {
    const stored = ['up', 'up', 'down', 'down', 'down', 'down'].flatMap((status, round) =>
      ['ap-southeast-3', 'ap-southeast-1'].map((region) =>
        probeResult({
          region,
          status: status as ProbeStatus,
          reason: status === 'up' ? 'ok' : 'refused',
          checkedAt: iso(round * 60),
        }),
      ),
    );
    const exported = stored.map((r) => JSON.stringify(toResultLine(r))).join('\n');
    const transitions = replay(parseResultLines(exported), { policy: POLICY });
    expect(moves(transitions)).toEqual(['svc-wsdl:unknown→up', 'svc-wsdl:up→down']);
    expect(transitions[1]?.votes[0]).toMatchObject({ reason: 'refused', control: true, latencyMs: 120 });
  });

  it('follows the policy it is given', () => {
    const lines = rounds([
      [0, ['up', 'up', 'up']],
      [30, ['down', 'down', 'down']],
      [60, ['down', 'down', 'down']],
      [90, ['up', 'up', 'up']],
      [120, ['up', 'up', 'up']],
    ]);
    const quick = resolvePolicy(
      parseFleetConfig({ probeIntervalSeconds: 30, policy: { recoveryHoldSeconds: 30 } }),
    );
    expect(moves(replay(lines, { policy: quick }))).toEqual([
      'target:unknown→up',
      'target:up→down',
      'target:down→up',
    ]);
    expect(moves(replay(lines, { policy: POLICY }))).toEqual(['target:unknown→up', 'target:up→down']);
  });
});
