import { describe, expect, it } from 'vitest';
import { score, TOLD_AFTER_MS } from '../../../bench/detection/metrics.js';
import { bestFlips, HINDSIGHT_POLICY, hindsight } from '../../../bench/detection/policies/hindsight.js';
import type { Notification } from '../../../bench/detection/policy.js';
import type { FlappingEpisode } from '../../../bench/detection/trace.js';
import { evaluateTargets } from '../../../bench/targets.js';
import { manualTrace } from './manual-trace.js';

const MIN = 60_000;
/** Down 0–5 min, up 5–6, down 6–11, then up to the end of the hour (and the tail). */
const episode: FlappingEpisode = {
  startMs: 60 * MIN,
  endMs: 120 * MIN,
  failure: 'refused',
  down: [
    { startMs: 60 * MIN, endMs: 65 * MIN },
    { startMs: 66 * MIN, endMs: 71 * MIN },
  ],
};

describe('hindsight floor', () => {
  it.each([
    // Too few to tell a spell and its end: told up throughout, wrong for the 10 down minutes.
    { budget: 1, wrongMin: 10, statuses: [] },
    // One spell over both downs: wrong for the minute between them.
    { budget: 3, wrongMin: 1, statuses: ['down', 'up'] },
    { budget: 4, wrongMin: 0, statuses: ['down', 'up', 'down', 'up'] },
  ])('with $budget notifications is wrong $wrongMin min at best', ({ budget, wrongMin, statuses }) => {
    const { wrongMs, flips } = bestFlips(episode, budget);
    expect(wrongMs).toBe(wrongMin * MIN);
    expect(flips.map((f) => f.status)).toEqual(statuses);
  });

  it('tells outages and maintenance at their exact start and end, and scores as the floor it is', () => {
    const trace = manualTrace({
      durationMs: 300 * MIN,
      outages: [{ startMs: 10 * MIN, endMs: 14 * MIN, failure: 'timeout' }],
      maintenance: [{ startMs: 200 * MIN, endMs: 260 * MIN }],
      flapping: [episode],
    });
    const notifications = hindsight(3).run(trace);
    expect(notifications.map((n) => [n.atMs / MIN, n.kind, n.status])).toEqual([
      [10, 'alert', 'down'],
      [14, 'recovery', 'up'],
      [60, 'alert', 'down'],
      [71, 'recovery', 'up'],
      [200, 'alert', 'maintenance'],
      [260, 'recovery', 'up'],
    ]);
    const s = score(trace, notifications);
    expect(s).toMatchObject({ falseAlerts: 0, missed: 0, spurious: 0, flappingNotifications: 2 });
    expect(s.detectS.max).toBe(0);
    expect(s.recoveryS.max).toBe(0);
    // The minute between the downs, and the time each message takes to reach people at either end.
    expect(s.wrongMs.inside).toBe(MIN + 2 * TOLD_AFTER_MS);
  });

  it('is no anchor: the targets measure us against the monitors only', () => {
    const trace = manualTrace({ durationMs: 300 * MIN, flapping: [episode] });
    const run = (policy: string, notifications: Notification[]) => ({
      policy,
      name: policy,
      regions: 3,
      observers: 1,
      score: score(trace, notifications),
      simulationMs: 0,
    });
    // An anchor that slept through the flapping: told up throughout.
    const anchor = run('anchor', []);
    const floor = run(HINDSIGHT_POLICY, hindsight(3).run(trace));
    const ours = run('fleet', hindsight(3).run(trace));
    expect(floor.score.wrongMinutes.inside).toBeLessThan(anchor.score.wrongMinutes.inside);
    const targets = evaluateTargets({
      detection: { days: 30, intervalS: 60, traces: [], runs: [ours, anchor, floor] },
    });
    const inside = targets.find((t) => t.id === 'wrong-inside-3');
    expect(inside).toMatchObject({
      target: `< ${anchor.score.wrongMinutes.inside} (best anchor)`,
      pass: true,
    });
  });
});
