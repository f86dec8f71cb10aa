import { describe, expect, it } from 'vitest';
import {
  alertIntervals,
  score,
  spuriousNotifications,
  TOLD_AFTER_MS,
  wrongStatusMs,
} from '../../../bench/detection/metrics.js';
import type { Notification } from '../../../bench/detection/policy.js';
import { poolRuns } from '../../../bench/detection/run-detection.js';
import { manualTrace } from './manual-trace.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const alert = (atMs: number): Notification => ({ atMs, kind: 'alert', status: 'down' });
const recovery = (atMs: number): Notification => ({ atMs, kind: 'recovery', status: 'up' });

const trace = manualTrace({
  durationMs: 24 * HOUR,
  outages: [
    { startMs: 1 * HOUR, endMs: 1 * HOUR + 10 * MINUTE, failure: 'refused' },
    { startMs: 5 * HOUR, endMs: 5 * HOUR + 3 * MINUTE, failure: 'timeout' },
    { startMs: 9 * HOUR, endMs: 9 * HOUR + 30 * MINUTE, failure: 'refused' },
  ],
  maintenance: [{ startMs: 12 * HOUR, endMs: 14 * HOUR }],
  flapping: [{ startMs: 18 * HOUR, endMs: 19 * HOUR, failure: 'refused', down: [] }],
});

describe('alertIntervals', () => {
  it('pairs alerts with recoveries, ignores changes, and leaves a trailing alert open', () => {
    const intervals = alertIntervals([
      alert(10),
      { atMs: 15, kind: 'change', status: 'maintenance' },
      recovery(20),
      alert(30),
    ]);
    expect(intervals).toEqual([
      { startMs: 10, endMs: 20 },
      { startMs: 30, endMs: Number.POSITIVE_INFINITY },
    ]);
  });
});

describe('score', () => {
  it('measures detection and recovery, and counts misses, false alerts and flapping notices', () => {
    const result = score(trace, [
      alert(1 * HOUR + 20_000),
      recovery(1 * HOUR + 10 * MINUTE + 90_000),
      // The 3-minute outage at 5 h is missed.
      alert(9 * HOUR + 45_000),
      recovery(9 * HOUR + 30 * MINUTE + 120_000),
      alert(12 * HOUR + 30_000),
      recovery(14 * HOUR + 60_000),
      // A false alert at 16 h, away from every event.
      alert(16 * HOUR),
      recovery(16 * HOUR + 5 * MINUTE),
      // Flapping: three notifications inside the episode, one in its tail.
      alert(18 * HOUR + 30_000),
      recovery(18 * HOUR + 10 * MINUTE),
      alert(18 * HOUR + 20 * MINUTE),
      recovery(19 * HOUR + 15 * MINUTE),
    ]);
    expect(result.events).toBe(4);
    expect(result.missed).toBe(1);
    expect(result.perEvent.map((e) => e.detectS)).toEqual([20, null, 45, 30]);
    expect(result.perEvent.map((e) => e.recoveryS)).toEqual([90, null, 120, 60]);
    expect(result.detectS).toEqual({ p50: 30, p95: 45, max: 45 });
    expect(result.recoveryS).toEqual({ p50: 90, p95: 120, max: 120 });
    expect(result.falseAlerts).toBe(1);
    expect(result.flappingHours).toBe(1);
    expect(result.flappingNotifications).toBe(4);
    expect(result.notificationsPerFlappingHour).toBe(4);
    expect(result.notifications).toBe(12);
  });

  it('credits a late alert to the event it follows and flags a premature recovery', () => {
    const result = score(trace, [
      // Detected 2 minutes after the 10-minute outage ended: still this outage, not a false alert.
      alert(1 * HOUR + 12 * MINUTE),
      recovery(1 * HOUR + 13 * MINUTE),
      // The 30-minute outage: recovered at 20 minutes, never re-alerted.
      alert(9 * HOUR + 60_000),
      recovery(9 * HOUR + 20 * MINUTE),
    ]);
    expect(result.perEvent[0]?.detectS).toBe(720);
    expect(result.falseAlerts).toBe(0);
    expect(result.prematureRecoveries).toBe(1);
    expect(result.perEvent[2]?.recoveryS).toBeNull();
    expect(result.missed).toBe(2);
  });

  it('counts each alert of a split outage', () => {
    const result = score(trace, [
      alert(1 * HOUR + 20_000),
      recovery(1 * HOUR + 4 * MINUTE),
      alert(1 * HOUR + 5 * MINUTE),
      recovery(1 * HOUR + 11 * MINUTE),
    ]);
    expect(result.perEvent[0]).toMatchObject({ alerts: 2, detectS: 20, recoveryS: 60 });
    // The all-clear at 4 minutes came while the outage went on.
    expect(result.prematureRecoveries).toBe(1);
  });
});

describe('spuriousNotifications', () => {
  it('flags what no change of the server since the notification before explains', () => {
    const flips: Notification[] = [
      alert(16 * HOUR),
      recovery(16 * HOUR + 10 * MINUTE),
      // Maintenance from 12 h to 14 h: the maintenance alert is real; a switch to down during it is not, nor the
      // switch back (the server never left maintenance), nor an all-clear before 14 h and the alert after it.
      { atMs: 12 * HOUR + 30_000, kind: 'alert', status: 'maintenance' },
      { atMs: 12 * HOUR + 40 * MINUTE, kind: 'change', status: 'down' },
      { atMs: 12 * HOUR + 41 * MINUTE, kind: 'change', status: 'maintenance' },
      recovery(13 * HOUR),
      alert(13 * HOUR + 5 * MINUTE),
      recovery(14 * HOUR + 60_000),
      { atMs: 15 * HOUR, kind: 'change', status: 'degraded' },
    ];
    const ordered = [...flips].sort((a, b) => a.atMs - b.atMs);
    expect(spuriousNotifications(trace, ordered)).toEqual([
      { atMs: 12 * HOUR + 40 * MINUTE, kind: 'change', status: 'down' },
      { atMs: 12 * HOUR + 41 * MINUTE, kind: 'change', status: 'maintenance' },
      recovery(13 * HOUR),
      alert(13 * HOUR + 5 * MINUTE),
      { atMs: 15 * HOUR, kind: 'change', status: 'degraded' },
      alert(16 * HOUR),
      recovery(16 * HOUR + 10 * MINUTE),
    ]);
  });

  it('accepts a late alert for a short outage and the all-clear right after it, and "down" for maintenance', () => {
    const late = [
      alert(5 * HOUR + 4 * MINUTE),
      recovery(5 * HOUR + 4 * MINUTE + 20_000),
      alert(12 * HOUR + MINUTE),
    ];
    expect(spuriousNotifications(trace, late)).toEqual([]);
  });
});

describe('wrongStatusMs', () => {
  it('adds up the time told up while not up and the reverse, from the moment people are told', () => {
    const small = manualTrace({
      durationMs: 4 * HOUR,
      outages: [{ startMs: HOUR, endMs: HOUR + 10 * MINUTE, failure: 'refused' }],
      flapping: [
        {
          startMs: 2 * HOUR,
          endMs: 3 * HOUR,
          failure: 'refused',
          down: [{ startMs: 2 * HOUR, endMs: 2 * HOUR + 20 * MINUTE }],
        },
      ],
    });
    const wrong = wrongStatusMs(small, [
      // 30 s late, then 90 s late: 2 minutes outside, plus the delivery of each message.
      alert(HOUR + 30_000),
      recovery(HOUR + 11 * MINUTE + 30_000),
      // Flapping: told down 1 minute late and up 40 minutes late (the tail counts as flapping).
      alert(2 * HOUR + MINUTE),
      recovery(3 * HOUR),
    ]);
    expect(wrong.outside).toBe(2 * MINUTE + 2 * TOLD_AFTER_MS);
    expect(wrong.inside).toBe(MINUTE + 40 * MINUTE + 2 * TOLD_AFTER_MS);
  });

  it('counts slow as up', () => {
    expect(wrongStatusMs(trace, [{ atMs: 30 * MINUTE, kind: 'change', status: 'degraded' }])).toEqual(
      wrongStatusMs(trace, []),
    );
  });
});

describe('poolRuns', () => {
  const run = (
    seed: number,
    detect: Array<number | null>,
    falseAlerts: number,
    flappingNotifications: number,
  ) => ({
    seed,
    days: 30,
    runs: [
      {
        policy: 'p',
        name: 'P',
        regions: 3,
        observers: 3,
        simulationMs: 1,
        score: {
          ...score(trace, []),
          falseAlerts,
          missed: detect.filter((d) => d === null).length,
          flappingHours: 3,
          flappingNotifications,
          perEvent: detect.map((detectS) => ({
            kind: 'outage' as const,
            startMs: 0,
            durationMs: 600_000,
            detectS,
            recoveryS: detectS === null ? null : 100,
            alerts: detectS === null ? 0 : 1,
          })),
        },
      },
    ],
  });

  it('adds events, alerts and flapping hours across seeds', () => {
    const [pooled] = poolRuns([run(1, [10, 20, null], 1, 6), run(2, [30, 40], 2, 12)]);
    expect(pooled).toMatchObject({
      seeds: [1, 2],
      days: 60,
      events: 5,
      detectS: { p50: 20, p95: 40, max: 40 },
      falseAlerts: 3,
      missed: 1,
      notificationsPerFlappingHour: 3,
    });
  });
});
