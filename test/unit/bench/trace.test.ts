import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../bench/detection/check.js';
import {
  alertableEvents,
  FLAPPING_TAIL_MS,
  GLOBAL_EVENT_GAP_MS,
  generateTrace,
  observerKey,
  pathSight,
  serverSight,
} from '../../../bench/detection/trace.js';
import { manualTrace } from './manual-trace.js';

const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('generateTrace', () => {
  const trace = generateTrace({ seed: 20260301, regions: REGIONS });

  it('is deterministic for a seed', () => {
    expect(generateTrace({ seed: 20260301, regions: REGIONS })).toEqual(trace);
    expect(generateTrace({ seed: 20260302, regions: REGIONS }).outages).not.toEqual(trace.outages);
  });

  it('covers 30 days with the default event counts and 1% noise per attempt', () => {
    expect(trace.durationMs).toBe(30 * 24 * HOUR);
    expect(trace.noiseRate).toBe(0.01);
    expect(trace.noise).toBe('attempt');
    expect(trace.outages).toHaveLength(12);
    expect(trace.maintenance).toHaveLength(4);
    expect(trace.flapping).toHaveLength(3);
  });

  it('gives every location path outages of its own, and the same ones whatever other locations exist', () => {
    const wider = generateTrace({ seed: 20260301, regions: REGIONS, locations: ['pingdom-1', 'fly-sin'] });
    const at = (t: typeof trace, location: string) => t.regional.filter((r) => r.location === location);
    for (const region of REGIONS) expect(at(wider, region)).toEqual(at(trace, region));
    expect(wider.outages).toEqual(trace.outages);
    expect(wider.regional.some((r) => r.location === 'pingdom-1')).toBe(true);
    expect(trace.regional.some((r) => r.location === 'pingdom-1')).toBe(false);
  });

  it('averages 8/3 path outages per location and 30 days', () => {
    const locations = Array.from({ length: 300 }, (_, i) => `loc-${i}`);
    const many = generateTrace({ seed: 7, regions: REGIONS, locations });
    const perLocation = many.regional.length / (locations.length + REGIONS.length);
    expect(perLocation).toBeGreaterThan(2.3);
    expect(perLocation).toBeLessThan(3.0);
  });

  it('makes global outages of 2 to 60 minutes', () => {
    for (const o of trace.outages) {
      expect(o.endMs - o.startMs).toBeGreaterThanOrEqual(2 * MINUTE);
      expect(o.endMs - o.startMs).toBeLessThanOrEqual(60 * MINUTE);
    }
  });

  it('starts maintenance between 19:00 and 22:00 WIB and lasts 1 to 4 hours', () => {
    for (const m of trace.maintenance) {
      const wibHour = new Date(trace.epochMs + m.startMs + 7 * HOUR).getUTCHours();
      expect(wibHour).toBeGreaterThanOrEqual(19);
      expect(wibHour).toBeLessThanOrEqual(22);
      expect(m.endMs - m.startMs).toBeGreaterThanOrEqual(HOUR);
      expect(m.endMs - m.startMs).toBeLessThanOrEqual(4 * HOUR);
    }
  });

  it('flaps for an hour, alternating down and up every 1 to 5 minutes, starting down', () => {
    for (const f of trace.flapping) {
      expect(f.endMs - f.startMs).toBe(HOUR);
      expect(f.down[0]?.startMs).toBe(f.startMs);
      for (let i = 0; i < f.down.length; i++) {
        const d = f.down[i]!;
        const length = d.endMs - d.startMs;
        expect(length).toBeLessThanOrEqual(5 * MINUTE);
        if (d.endMs < f.endMs) expect(length).toBeGreaterThanOrEqual(MINUTE);
        const next = f.down[i + 1];
        if (next) {
          expect(next.startMs - d.endMs).toBeGreaterThanOrEqual(MINUTE);
          expect(next.startMs - d.endMs).toBeLessThanOrEqual(5 * MINUTE);
        }
      }
      expect(f.down.length).toBeGreaterThanOrEqual(6);
    }
  });

  it('keeps global events apart, so each is scored on its own', () => {
    const all = [...alertableEvents(trace), ...trace.flapping].sort((a, b) => a.startMs - b.startMs);
    for (let i = 1; i < all.length; i++) {
      expect(all[i]!.startMs - all[i - 1]!.endMs).toBeGreaterThanOrEqual(
        GLOBAL_EVENT_GAP_MS + FLAPPING_TAIL_MS,
      );
    }
  });

  it('makes path outages of 1 to 8 hours in the given locations', () => {
    for (const r of trace.regional) {
      expect(REGIONS).toContain(r.location);
      expect(r.endMs - r.startMs).toBeGreaterThanOrEqual(HOUR);
      expect(r.endMs - r.startMs).toBeLessThanOrEqual(8 * HOUR);
    }
  });

  it.each([
    { noise: 'attempt' as const, first: 0.01, checks: 0.0001 },
    { noise: 'check' as const, first: 0.01, checks: 0.01 },
  ])(
    'fails about 1% of first attempts by noise, and $checks of checks with a retry ($noise)',
    ({ noise, checks }) => {
      const quiet = { ...trace, noise, outages: [], maintenance: [], flapping: [], regional: [] };
      const key = observerKey('test');
      let firstFailed = 0;
      let failed = 0;
      const count = 200_000;
      for (let i = 0; i < count; i++) {
        const outcome = runCheck(quiet, 'a', key, i * 20_000, {
          attempts: 2,
          pausesMs: [2000],
          timeoutMs: 10_000,
        });
        if (outcome.attempts[0]?.sight.status !== 'up') firstFailed++;
        if (outcome.sight.status !== 'up') {
          failed++;
          expect(outcome.sight).toMatchObject({ status: 'down', cause: 'noise' });
        }
      }
      expect(firstFailed / count).toBeGreaterThan(0.009);
      expect(firstFailed / count).toBeLessThan(0.011);
      expect(failed / count).toBeGreaterThan(checks * 0.6);
      expect(failed / count).toBeLessThan(checks * 1.4);
    },
  );
});

describe('sights', () => {
  const trace = manualTrace({
    outages: [{ startMs: 100_000, endMs: 200_000, failure: 'timeout' }],
    maintenance: [{ startMs: 300_000, endMs: 400_000 }],
    flapping: [
      {
        startMs: 500_000,
        endMs: 800_000,
        failure: 'refused',
        down: [
          { startMs: 500_000, endMs: 600_000 },
          { startMs: 700_000, endMs: 800_000 },
        ],
      },
    ],
    regional: [{ location: 'ap-southeast-1', startMs: 350_000, endMs: 360_000, failure: 'refused' }],
  });

  it.each([
    [50_000, 'up'],
    [100_000, 'down'],
    [199_999, 'down'],
    [200_000, 'up'],
    [350_000, 'maintenance'],
    [550_000, 'down'],
    [650_000, 'up'],
    [750_000, 'down'],
    [800_000, 'up'],
  ])('the server at %i ms is %s', (t, status) => {
    expect(serverSight(trace, t).status).toBe(status);
  });

  it('a blocked region sees down even during maintenance; the others see the maintenance page', () => {
    expect(pathSight(trace, 'ap-southeast-1', 355_000)).toEqual({
      status: 'down',
      cause: 'regional',
      failure: 'refused',
    });
    expect(pathSight(trace, 'ap-southeast-3', 355_000)).toEqual({
      status: 'maintenance',
      cause: 'maintenance',
    });
  });
});

describe('runCheck', () => {
  const spec = { attempts: 2, pausesMs: [2000], timeoutMs: 10_000 };

  it('retries a failure and reports the last attempt', () => {
    const trace = manualTrace({ outages: [{ startMs: 0, endMs: 60_000, failure: 'timeout' }] });
    // 10 s timeout, 2 s pause, then the reported attempt times out too.
    expect(runCheck(trace, 'a', 1, 5000, spec)).toMatchObject({
      startMs: 5000,
      reportedAtMs: 17_000,
      endMs: 27_000,
      sight: { status: 'down', cause: 'outage' },
    });
  });

  it('reports up when the outage ends between attempts', () => {
    const trace = manualTrace({ outages: [{ startMs: 0, endMs: 10_000, failure: 'refused' }] });
    // 150 ms refused, 2 s pause: a retry at 7.15 s is still inside the outage, one at 10.15 s is not.
    expect(runCheck(trace, 'a', 1, 5000, spec).sight.status).toBe('down');
    expect(runCheck(trace, 'a', 1, 8000, spec)).toMatchObject({
      reportedAtMs: 10_150,
      sight: { status: 'up' },
    });
  });

  it('does not retry a success', () => {
    expect(runCheck(manualTrace(), 'a', 1, 0, spec)).toMatchObject({ reportedAtMs: 0, endMs: 250 });
  });
});
