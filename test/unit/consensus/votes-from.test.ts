import { describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import type { Observation } from '../../../shared/consensus/observation.js';
import { observationOf } from '../../../shared/consensus/observation.js';
import { votesFrom } from '../../../shared/consensus/votes-from.js';
import { at, iso, JKT, POLICY, REGIONS, SIN, TYO } from './fleet-harness.js';

function observation(region: string, seconds: number, overrides: Partial<Observation> = {}): Observation {
  return {
    region,
    checkedAt: iso(seconds),
    status: 'down',
    reason: 'timeout',
    detail: 'connect timeout',
    latencyMs: 10_000,
    control: true,
    ...overrides,
  };
}

describe('votesFrom', () => {
  it('takes each region’s newest result, in the order of the regions, and names regions without any', () => {
    const { votes, missing } = votesFrom(
      [
        observation(TYO, 0),
        observation(JKT, -60, { status: 'up', reason: 'ok' }),
        observation(JKT, 0),
        observation('eu-west-1', 0),
      ],
      REGIONS,
      POLICY,
      at(10),
    );
    expect(votes.map((v) => [v.region, v.checkedAt, v.status])).toEqual([
      [JKT, iso(0), 'down'],
      [TYO, iso(0), 'down'],
    ]);
    expect(votes[0]?.previousStatus).toBe('up');
    expect(votes[1]).not.toHaveProperty('previousStatus');
    expect(missing).toEqual([SIN]);
  });

  it.each([
    { control: false, status: 'down' as const, excluded: 'control_failed' },
    { control: false, status: 'maintenance' as const, excluded: 'control_failed' },
    { control: false, status: 'degraded' as const, excluded: 'control_failed' },
    { control: false, status: 'up' as const, excluded: undefined },
    { control: null, status: 'down' as const, excluded: undefined },
    { control: true, status: 'down' as const, excluded: undefined },
  ])('control $control with $status → excluded $excluded', ({ control, status, excluded }) => {
    const { votes } = votesFrom([observation(JKT, 0, { control, status })], [JKT], POLICY, at(0));
    expect(votes[0]?.excluded).toBe(excluded);
  });

  it('marks a result stale at the freshness limit, before the control rule', () => {
    const limit = POLICY.staleAfterMs / 1000;
    const obs = [observation(JKT, 0, { control: false })];
    expect(votesFrom(obs, [JKT], POLICY, at(limit - 1)).votes[0]?.excluded).toBe('control_failed');
    expect(votesFrom(obs, [JKT], POLICY, at(limit)).votes[0]?.excluded).toBe('stale');
  });

  it('uses the previous result as confirmation only when it is recent and its region’s network worked', () => {
    const limit = POLICY.staleAfterMs / 1000;
    const confirm = (previous: Observation) =>
      votesFrom([previous, observation(JKT, limit)], [JKT], POLICY, at(limit)).votes[0]?.previousStatus;
    expect(confirm(observation(JKT, 0))).toBe('down');
    expect(confirm(observation(JKT, -1))).toBeUndefined();
    expect(confirm(observation(JKT, 0, { control: false }))).toBeUndefined();
    expect(confirm(observation(JKT, 0, { control: false, status: 'up', reason: 'ok' }))).toBe('up');
  });

  it('reads a stored probe result', () => {
    const result = probeResult({
      region: SIN,
      status: 'maintenance',
      reason: 'maintenance_page',
      control: null,
    });
    expect(observationOf(result)).toEqual({
      region: SIN,
      checkedAt: result.checkedAt,
      status: 'maintenance',
      reason: 'maintenance_page',
      detail: result.detail,
      latencyMs: result.latencyMs,
      control: null,
    });
    expect(observationOf(probeResult()).control).toBe(true);
  });
});
