import { describe, expect, it } from 'vitest';
import { targetStatusView } from '../../../shared/api/target-view.js';
import type { RegionalProblem } from '../../../shared/types.js';
import { consensusState, vote } from '../consensus/fixtures.js';

const TARGET = { id: 'svc-wsdl', name: 'e-Faktur SVC' };
const POLICY = { staleAfterMs: 150_000, recoveryHoldMs: 360_000, flapRecoveryHoldMs: 900_000 };
const HOLD_SINCE = '2026-03-15T07:00:00.000Z';
const NOW = new Date('2026-03-15T07:02:00.000Z');

const problem = (region: string, status: RegionalProblem['status']): RegionalProblem => ({
  region,
  status,
  reason: status === 'up' ? 'ok' : 'refused',
  since: HOLD_SINCE,
});

/** Down, with a quorum up since `HOLD_SINCE`: the state `decide` saves during a recovery hold. */
const holding = (rule: 'recovery_hold' | 'flap_damped', regionalProblems: RegionalProblem[]) =>
  consensusState({
    status: 'down',
    rule,
    pending: { status: 'up', since: HOLD_SINCE },
    evaluatedAt: NOW.toISOString(),
    votes: [vote('ap-southeast-3', 'up'), vote('ap-southeast-1', 'up'), vote('ap-northeast-1', 'up')],
    regionalProblems,
  });

describe('targetStatusView during a recovery hold', () => {
  it('calls no region a problem for agreeing with the others, and shows the hold with its remaining time', () => {
    const state = holding('recovery_hold', [
      problem('ap-southeast-3', 'up'),
      problem('ap-southeast-1', 'up'),
      problem('ap-northeast-1', 'up'),
    ]);
    const view = targetStatusView(TARGET, state, POLICY, NOW);
    expect(view.regionalProblems).toEqual([]);
    expect(view.pending).toEqual({
      status: 'up',
      since: HOLD_SINCE,
      until: '2026-03-15T07:06:00.000Z',
      remainingSeconds: 240,
    });
  });

  it('still shows a region that keeps failing while the others are back', () => {
    const state = holding('recovery_hold', [
      problem('ap-southeast-3', 'up'),
      problem('ap-southeast-1', 'up'),
      problem('ap-northeast-1', 'down'),
    ]);
    expect(targetStatusView(TARGET, state, POLICY, NOW).regionalProblems.map((p) => p.region)).toEqual([
      'ap-northeast-1',
    ]);
  });

  it.each([
    { rule: 'recovery_hold' as const, now: '2026-03-15T07:05:59.500Z', remaining: 1 },
    { rule: 'recovery_hold' as const, now: '2026-03-15T07:07:00.000Z', remaining: 0 },
    { rule: 'flap_damped' as const, now: '2026-03-15T07:02:00.000Z', remaining: 780 },
  ])('counts the $rule hold down: $remaining s left at $now', ({ rule, now, remaining }) => {
    const view = targetStatusView(TARGET, holding(rule, []), POLICY, new Date(now));
    expect(view.pending?.remainingSeconds).toBe(remaining);
  });

  it('shows a worse status waiting for confirmation without a hold, and problems against the consensus', () => {
    const state = consensusState({
      status: 'up',
      rule: 'awaiting_confirmation',
      pending: { status: 'down', since: HOLD_SINCE },
      regionalProblems: [problem('ap-northeast-1', 'down')],
    });
    const view = targetStatusView(TARGET, state, POLICY, NOW);
    expect(view.pending).toEqual({ status: 'down', since: HOLD_SINCE, until: null, remainingSeconds: null });
    expect(view.regionalProblems.map((p) => p.region)).toEqual(['ap-northeast-1']);
  });
});
