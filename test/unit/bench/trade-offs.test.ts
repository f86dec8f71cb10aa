import { describe, expect, it } from 'vitest';
import type { PolicyScore } from '../../../bench/detection/metrics.js';
import type { DetectionRun, PooledRun } from '../../../bench/detection/run-detection.js';
import { type HoldRow, measureTradeOffs, type TradeOffs } from '../../../bench/detection/trade-offs.js';
import { renderResults } from '../../../bench/report.js';
import type { BenchResults } from '../../../bench/results.js';
import { evaluateTargets } from '../../../bench/targets.js';

/** A pooled run with only the figures the trade-off notes read. */
function pooled(policy: string, figures: { p95: number; flap: number; inside?: number }): PooledRun {
  return {
    policy,
    name: policy,
    regions: 3,
    seeds: [1],
    days: 30,
    events: 16,
    detectS: { p50: 10, p95: 20, max: 20 },
    recoveryS: { p50: 20, p95: figures.p95, max: figures.p95 },
    falseAlerts: 0,
    missed: 0,
    prematureRecoveries: 0,
    spurious: 0,
    notificationsPerFlappingHour: figures.flap,
    wrongMinutes: { outside: 10, inside: figures.inside ?? 100 },
  };
}

function hold(seconds: number, p95: number, flap: number): HoldRow {
  return {
    setting: 'recoveryHoldSeconds',
    seconds,
    isDefault: seconds === 90,
    run: pooled(`fleet:recoveryHoldSeconds ${seconds}`, { p95, flap }),
  };
}

const FLOOR: TradeOffs['floor'] = [
  { budget: 2, used: 2, wrongInside: 70, wrongInsideMain: 72 },
  { budget: 3, used: 2, wrongInside: 70, wrongInsideMain: 72 },
  { budget: 4, used: 4, wrongInside: 57, wrongInsideMain: 59 },
  { budget: 8, used: 8, wrongInside: 37, wrongInsideMain: 46 },
];

/** A single-seed run (scored like the main seed) for a policy, with the figures the targets read. */
function run(policy: string, flap: number, inside: number, p95: number): DetectionRun {
  const score = {
    detectS: { p50: 10, p95: 20, max: 20 },
    recoveryS: { p50: 20, p95, max: p95 },
    falseAlerts: 0,
    missed: 0,
    events: 16,
    prematureRecoveries: 0,
    spurious: 0,
    notificationsPerFlappingHour: flap,
    wrongMinutes: { outside: 10, inside },
  } as unknown as PolicyScore;
  return { policy, name: policy, regions: 3, observers: 3, score, simulationMs: 0 };
}

function results(tradeOffs: TradeOffs): Pick<BenchResults, 'detection'> {
  return {
    detection: {
      days: 30,
      intervalS: 60,
      traces: [],
      runs: [run('fleet', 4, 120, 117), run('anchor', 18, 45, 60)],
      pooled: {
        seeds: [1],
        runs: [
          pooled('fleet', { p95: 117, flap: 3.7, inside: 130 }),
          pooled('anchor', { p95: 60, flap: 18, inside: 44 }),
        ],
      },
      tradeOffs,
    },
  };
}

describe('trade-offs: the floor by notification budget and the sweeps of holds', () => {
  it('runs on the same kind of trace as the main runs and pools the seeds', async () => {
    const lines: string[] = [];
    const t = await measureTradeOffs({
      seeds: [11, 12],
      days: 4,
      locations: [],
      budgets: [2, 4, 40],
      sweeps: { recoveryHoldSeconds: [60, 90], 'flapDamping.recoveryHoldSeconds': [900] },
      progress: (line) => lines.push(line),
    });
    expect(t.days).toBe(8);
    expect(t.seeds).toEqual([11, 12]);
    expect(t.floor.map((r) => r.budget)).toEqual([2, 4, 40]);
    // More notifications can only help, never hurt, and the best placement never uses more than it may.
    for (const [i, row] of t.floor.entries()) {
      expect(row.used ?? 0).toBeLessThanOrEqual(row.budget);
      if (i > 0) expect(row.wrongInside).toBeLessThanOrEqual(t.floor[i - 1]?.wrongInside ?? Number.NaN);
    }
    // With a notification at every change of the server, only the time each message takes to arrive is wrong.
    expect(t.floor.at(-1)?.wrongInside).toBeLessThan(t.floor[0]?.wrongInside ?? 0);
    expect(t.holds.map((h) => [h.setting, h.seconds, h.isDefault])).toEqual([
      ['recoveryHoldSeconds', 60, false],
      ['recoveryHoldSeconds', 90, true],
      ['flapDamping.recoveryHoldSeconds', 900, true],
    ]);
    // A longer hold after a short outage never announces sooner.
    const [h60, h90] = t.holds;
    expect(h90?.run.recoveryS.max ?? 0).toBeGreaterThanOrEqual(h60?.run.recoveryS.max ?? Number.NaN);
    expect(lines.some((l) => l.startsWith('trade-offs: ') && l.endsWith('seed 12'))).toBe(true);
    // The default configuration is in both sweeps and runs once per seed: 60 s, the default, and three budgets.
    expect(lines).toHaveLength(2 * 5);
    expect(t.holds[1]?.run).toBe(t.holds[2]?.run);
  }, 60_000);

  it('takes every swept default from the default run it is given, and runs only the other values', async () => {
    const lines: string[] = [];
    const given = pooled('fleet', { p95: 117, flap: 4 });
    const t = await measureTradeOffs({
      seeds: [11],
      days: 4,
      locations: [],
      budgets: [],
      sweeps: { recoveryHoldSeconds: [90, 120], 'flapDamping.recoveryHoldSeconds': [900] },
      defaultRun: given,
      progress: (line) => lines.push(line),
    });
    expect(t.holds.map((h) => [h.setting, h.seconds, h.isDefault, h.run === given])).toEqual([
      ['recoveryHoldSeconds', 90, true, true],
      ['recoveryHoldSeconds', 120, false, false],
      ['flapDamping.recoveryHoldSeconds', 900, true, true],
    ]);
    // One simulation: the 120 s hold.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('recoveryHoldSeconds 120');
  }, 60_000);

  it('says, beside the flapping target, what the swept holds cost when none meets it with the all-clear target', () => {
    const t: TradeOffs = {
      seeds: [1],
      days: 30,
      floor: FLOOR,
      holds: [hold(60, 95, 3.73), hold(90, 117, 3.73), hold(180, 216, 2.87), hold(240, 274, 2.4)],
    };
    const flapping = evaluateTargets(results(t)).find((c) => c.id === 'flapping-3-pooled');
    expect(flapping?.pass).toBe(false);
    expect(flapping?.note).toBe(
      'none of the 4 swept holds meets this and all-clear p95 ≤ 150 s (pooled): those that keep that p95 give ' +
        '≥ 3.73, those at ≤ 3 give all-clear p95 ≥ 216 s',
    );
  });

  it('names the holds that meet both targets when one does', () => {
    const t: TradeOffs = {
      seeds: [1],
      days: 30,
      floor: FLOOR,
      holds: [hold(90, 117, 3.73), hold(120, 140, 2.9)],
    };
    const flapping = evaluateTargets(results(t)).find((c) => c.id === 'flapping-3');
    expect(flapping?.note).toBe('met with all-clear p95 ≤ 150 s by recoveryHoldSeconds 120 (pooled)');
  });

  it('gives the hindsight floor beside the inside-flapping target, and the budget beating the best anchor needs', () => {
    const t: TradeOffs = { seeds: [1], days: 30, floor: FLOOR, holds: [] };
    const checks = evaluateTargets(results(t));
    expect(checks.find((c) => c.id === 'wrong-inside-3-pooled')?.note).toBe(
      'hindsight floor with ≤ 3 notifications per flapping hour: 70; under 44 needs ≥ 8 per hour, even with hindsight',
    );
    // The main seed reads the main seed's floor: 46 is not under its best anchor's 45.
    expect(checks.find((c) => c.id === 'wrong-inside-3')?.note).toBe(
      'hindsight floor with ≤ 3 notifications per flapping hour: 72; under 45 needs more than 8 per hour, even ' +
        'with hindsight',
    );
    // No note where the trade-offs say nothing, and none without them.
    expect(checks.find((c) => c.id === 'detect-p50-3')?.note).toBeUndefined();
    const without = evaluateTargets({
      detection: { ...results(t).detection, tradeOffs: undefined } as never,
    });
    expect(without.every((c) => c.note === undefined)).toBe(true);
  });

  it('prints both tables and the notes in the figures', () => {
    const t: TradeOffs = {
      seeds: [1, 2],
      days: 60,
      floor: FLOOR,
      holds: [hold(60, 95, 3.73), hold(90, 117, 3.73)],
    };
    const partial = results(t);
    const text = renderResults({
      schema: 1,
      mode: 'full',
      seed: 1,
      date: '2026-11-30T00:00:00.000Z',
      node: 'v20',
      commit: 'abc1234',
      machine: { platform: 'linux x64', cpus: 2, cpuModel: 'cpu' },
      wallTimeS: 1,
      units: {},
      ...partial,
      targets: evaluateTargets(partial),
    });
    expect(text).toContain('the best anchor is told wrong for 44 min (pooled)');
    expect(text).toMatch(
      /\| notifications per flapping hour, at most \| used \| wrong min inside, pooled \| main seed \|/,
    );
    expect(text).toMatch(/\| 8 +\| 8 +\| 37 +\| 46 +\|/);
    expect(text).toMatch(/\| recoveryHoldSeconds \| 90 \(default\) \| 20 +\| 117 /);
    expect(text).toContain('| note ');
    expect(text).toContain('under 44 needs ≥ 8 per hour, even with hindsight');
  });
});
