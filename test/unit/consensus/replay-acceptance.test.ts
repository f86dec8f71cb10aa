import { describe, expect, it } from 'vitest';
import { replay } from '../../../shared/consensus/replay.js';
import { POLICY, T0 } from './fleet-harness.js';
import { coincidences, generateHistory } from './history-generator.js';

const HOUR = 3600;
const announced = (ts: ReturnType<typeof replay>) => ts.filter((t) => t.audience !== 'ops');

describe('replay acceptance: noise is no outage', () => {
  it.each([
    { seed: 1, noise: 0.03, phases: 'staggered' as const },
    { seed: 2, noise: 0.03, phases: 'aligned' as const },
    { seed: 3, noise: 0.05, phases: 'staggered' as const },
    { seed: 4, noise: 0.05, phases: 'aligned' as const },
    { seed: 5, noise: 0.04, phases: 'aligned' as const },
  ])(
    'a day of three regions with $noise independent failures each ($phases, seed $seed) raises no alert',
    ({ seed, noise, phases }) => {
      const lines = generateHistory({ seed, hours: 24, noise, phases });
      expect(lines).toHaveLength(3 * 24 * 60);
      // Two regions do fail at the same moment now and then: that is what the confirmation rule is for.
      expect(coincidences(lines)).toBeGreaterThan(5);
      const transitions = replay(lines, { policy: POLICY });
      expect(transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['unknown→up']);
      expect(announced(transitions)).toEqual([]);
    },
  );

  it.each([1, 2, 3])(
    'one region failing alone for six hours while the others see noise is no alert (seed %i)',
    (seed) => {
      const lines = generateHistory({
        seed,
        hours: 8,
        noise: 0.03,
        regionalOutage: { region: 'ap-northeast-1', fromS: HOUR, toS: 7 * HOUR },
      });
      const transitions = replay(lines, { policy: POLICY });
      expect(transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['unknown→up']);
    },
  );
});

describe('replay acceptance: a global outage', () => {
  const interval = POLICY.intervalMs / 1000;
  const hold = POLICY.recoveryHoldMs / 1000;

  it.each([
    { seed: 11, offsetS: 0, phases: 'staggered' as const },
    { seed: 12, offsetS: 7, phases: 'staggered' as const },
    { seed: 13, offsetS: 19, phases: 'staggered' as const },
    { seed: 14, offsetS: 33, phases: 'aligned' as const },
    { seed: 15, offsetS: 59, phases: 'aligned' as const },
  ])(
    'is reported within two probe intervals, and a long one over once every region is back twice (start +$offsetS s, $phases)',
    ({ seed, offsetS, phases }) => {
      const fromS = 2 * HOUR + offsetS;
      const toS = fromS + 30 * 60;
      const lines = generateHistory({ seed, hours: 4, noise: 0.01, phases, globalOutage: { fromS, toS } });
      const subscribers = announced(replay(lines, { policy: POLICY }));
      expect(subscribers.map((t) => `${t.from}→${t.to}`)).toEqual(['up→down', 'down→up']);
      const [down, up] = subscribers.map((t) => (Date.parse(t.at) - T0) / 1000);
      expect(down! - fromS).toBeGreaterThan(0);
      expect(down! - fromS).toBeLessThanOrEqual(2 * interval);
      // Without bursts, every region's second clean look comes within two intervals of the end: no hold on top.
      // A noisy or slow look among them leaves the hold, counted from the first up quorum.
      expect(up! - toS).toBeGreaterThan(0);
      const rule = subscribers[1]?.rule;
      expect(up! - toS).toBeLessThanOrEqual(rule === 'recovery_confirmed' ? 2 * interval : hold + interval);
      expect(['recovery_confirmed', 'recovery_hold']).toContain(rule);
    },
  );

  it('ends most long outages once every region is back twice, without the hold', () => {
    const rules = [31, 32, 33, 34, 35, 36, 37, 38].map((seed) => {
      const fromS = 2 * HOUR + seed;
      const lines = generateHistory({
        seed,
        hours: 4,
        noise: 0.01,
        globalOutage: { fromS, toS: fromS + 1800 },
      });
      return announced(replay(lines, { policy: POLICY }))[1]?.rule;
    });
    expect(rules.filter((r) => r === 'recovery_confirmed').length).toBeGreaterThanOrEqual(6);
    expect(rules.every((r) => r === 'recovery_confirmed' || r === 'recovery_hold')).toBe(true);
  });

  it.each([
    { seed: 21, minutes: 3, phases: 'staggered' as const },
    { seed: 22, minutes: 6, phases: 'aligned' as const },
  ])(
    'a short one ($minutes min, $phases) is over within the hold, counted from the first up quorum',
    ({ seed, minutes, phases }) => {
      const fromS = 2 * HOUR + 11;
      const toS = fromS + minutes * 60;
      const lines = generateHistory({ seed, hours: 4, noise: 0.01, phases, globalOutage: { fromS, toS } });
      const subscribers = announced(replay(lines, { policy: POLICY }));
      expect(subscribers.map((t) => `${t.from}→${t.to}`)).toEqual(['up→down', 'down→up']);
      const up = (Date.parse(subscribers[1]!.at) - T0) / 1000;
      expect(up - toS).toBeGreaterThanOrEqual(hold);
      expect(up - toS).toBeLessThanOrEqual(hold + interval);
      expect(subscribers[1]?.rule).toBe('recovery_hold');
    },
  );
});
