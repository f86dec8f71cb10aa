import { describe, expect, it } from 'vitest';
import {
  phaseDriftMs,
  planTick,
  runMessageSchema,
  type TickMessage,
  tickMessageSchema,
} from '../../../shared/probe/probe-schedule.js';

const MINUTE = '2026-03-15T07:05:00.000Z';
const tick = (intervalSeconds: number, phaseSeconds: number): TickMessage => ({
  source: 'tick',
  scheduledTime: MINUTE,
  phaseSeconds,
  intervalSeconds,
});
const at = (secondsAfterMinute: number) => new Date(Date.parse(MINUTE) + secondsAfterMinute * 1000);

describe('planTick', () => {
  it.each([0, 1, 17.5, 30, 59.9])(
    'puts a 60 s region at +20 s on the next minute whichever second the tick fired at (%s s)',
    (fired) => {
      const plan = planTick(tick(60, 20), at(fired));
      expect(plan.runs.map((r) => r.runAt)).toEqual(['2026-03-15T07:06:20.000Z']);
      // SQS delays are whole seconds: the run lands at its second or within the next one.
      const [run] = plan.runs;
      const landsAt = fired + run!.delaySeconds;
      expect(landsAt).toBeGreaterThanOrEqual(80);
      expect(landsAt).toBeLessThan(81);
    },
  );

  it('keeps the spacing of intervals under a minute: four runs 15 s apart from the phase', () => {
    const plan = planTick(tick(15, 5), at(42.3));
    expect(plan.runs.map((r) => r.runAt.slice(14, 19))).toEqual(['06:05', '06:20', '06:35', '06:50']);
    expect(plan.runs.map((r) => r.delaySeconds)).toEqual([23, 38, 53, 68]);
  });

  it('plans nothing in a minute without a run, and the one run of an hourly region in its minute', () => {
    expect(planTick(tick(3600, 2400), at(3)).runs).toEqual([]);
    const hourly = planTick(
      { ...tick(3600, 2400), scheduledTime: '2026-03-15T07:39:00.000Z' },
      new Date('2026-03-15T07:39:12.000Z'),
    );
    expect(hourly.runs).toEqual([{ runAt: '2026-03-15T07:40:00.000Z', delaySeconds: 48 }]);
  });

  it('runs at once a run it is a little late for, and skips one it is more than half an interval late for', () => {
    const late = planTick(tick(60, 20), at(85));
    expect(late.runs).toEqual([{ runAt: '2026-03-15T07:06:20.000Z', delaySeconds: 0 }]);
    const tooLate = planTick(tick(60, 20), at(120));
    expect(tooLate.runs).toEqual([]);
    expect(tooLate.missed).toEqual([{ runAt: '2026-03-15T07:06:20.000Z', lateMs: 40_000 }]);
  });

  it('measures phase drift against the planned time', () => {
    expect(phaseDriftMs('2026-03-15T07:06:20.000Z', new Date('2026-03-15T07:06:20.640Z'))).toBe(640);
  });
});

describe('schedule messages', () => {
  it('accepts what the schedule and a tick send, and refuses the rest with the field named', () => {
    expect(tickMessageSchema.safeParse(tick(60, 20)).success).toBe(true);
    expect(runMessageSchema.safeParse({ source: 'run', runAt: '2026-03-15T07:06:20.000Z' }).success).toBe(
      true,
    );
    for (const bad of [
      { ...tick(60, 20), intervalSeconds: 0 },
      { ...tick(60, 20), phaseSeconds: -1 },
      { ...tick(60, 20), scheduledTime: '2026-03-15 07:05' },
      { ...tick(60, 20), extra: 1 },
    ]) {
      expect(tickMessageSchema.safeParse(bad).success).toBe(false);
    }
    expect(runMessageSchema.safeParse({ source: 'run', runAt: 'yesterday' }).success).toBe(false);
  });
});
