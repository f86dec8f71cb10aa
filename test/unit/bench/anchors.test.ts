import { describe, expect, it } from 'vitest';
import { gatus } from '../../../bench/detection/policies/gatus.js';
import { openStatus } from '../../../bench/detection/policies/openstatus.js';
import { pingdom } from '../../../bench/detection/policies/pingdom.js';
import { route53 } from '../../../bench/detection/policies/route53.js';
import { uptimeRobot } from '../../../bench/detection/policies/uptimerobot.js';
import type { RegionalOutage } from '../../../bench/detection/trace.js';
import { manualTrace } from './manual-trace.js';

const refusedOutage = { startMs: 100_000, endMs: 400_000, failure: 'refused' as const };
const blocked = (region: number, startMs = 0, endMs = 20 * 60_000): RegionalOutage => ({
  region,
  startMs,
  endMs,
  failure: 'refused',
});

describe('Route 53 model', () => {
  const aligned = route53({ checkers: 3, phasesMs: [0, 0, 0] });

  it('flips each checker after 3 consecutive failures, and back after 3 successes', () => {
    // Checks at 0, 30, 60 … s: failures at 120, 150, 180 s (150 ms each); successes at 420, 450, 480 s (250 ms).
    expect(aligned.run(manualTrace({ outages: [refusedOutage] }))).toEqual([
      { atMs: 180_150, kind: 'alert', status: 'down' },
      { atMs: 480_250, kind: 'recovery', status: 'up' },
    ]);
  });

  it('ignores a failure streak broken by a success', () => {
    // Failures at 120 and 150 s only: two in a row never flip a checker.
    const short = { startMs: 100_000, endMs: 170_000, failure: 'refused' as const };
    expect(aligned.run(manualTrace({ outages: [short] }))).toEqual([]);
  });

  it('stays healthy while one region of three is blocked', () => {
    expect(route53().run(manualTrace({ regional: [blocked(0)] }))).toEqual([]);
  });

  it('is healthy while strictly more than 18% of checkers say healthy', () => {
    const regions = ['a', 'b', 'c', 'd', 'e', 'f'];
    // 6 checkers, one per region: 1 of 5 healthy is 20% (healthy); 1 of 6 is 16.7% (unhealthy).
    const fiveOfFive = manualTrace({
      regions: regions.slice(0, 5),
      regional: [0, 1, 2, 3].map((r) => blocked(r)),
    });
    expect(route53({ checkers: 5, phasesMs: [0, 0, 0, 0, 0] }).run(fiveOfFive)).toEqual([]);
    const sixOfSix = manualTrace({ regions, regional: [0, 1, 2, 3, 4].map((r) => blocked(r)) });
    expect(route53({ checkers: 6, phasesMs: [0, 0, 0, 0, 0, 0] }).run(sixOfSix)).toEqual([
      // The fifth checker flips on its third failure (60 s) and leaves 1 of 6 healthy.
      { atMs: 60_150, kind: 'alert', status: 'down' },
    ]);
  });
});

describe('OpenStatus model', () => {
  it('alerts when half of the regions fail and recovers when half are back', () => {
    // Region 0 blocked all along; region 1 blocked 600–720 s. The 600 s check of region 1 makes 3 refused
    // attempts with 500 and 750 ms of backoff: 3 × 150 + 1250 = 1700 ms.
    const trace = manualTrace({ regional: [blocked(0), blocked(1, 600_000, 720_000)] });
    expect(openStatus().run(trace)).toEqual([
      { atMs: 601_700, kind: 'alert', status: 'down' },
      { atMs: 720_250, kind: 'recovery', status: 'up' },
    ]);
  });

  it('does not alert on one region of three', () => {
    expect(openStatus().run(manualTrace({ regional: [blocked(2)] }))).toEqual([]);
  });

  it('needs 3 of 5 regions', () => {
    const regions = ['a', 'b', 'c', 'd', 'e'];
    expect(openStatus().run(manualTrace({ regions, regional: [blocked(0), blocked(1)] }))).toEqual([]);
    const three = openStatus().run(manualTrace({ regions, regional: [blocked(0), blocked(1), blocked(2)] }));
    expect(three).toEqual([{ atMs: 1700, kind: 'alert', status: 'down' }]);
  });

  it('counts exactly half as enough (2 of 4 regions)', () => {
    const regions = ['a', 'b', 'c', 'd'];
    expect(openStatus().run(manualTrace({ regions, regional: [blocked(0)] }))).toEqual([]);
    expect(openStatus().run(manualTrace({ regions, regional: [blocked(0), blocked(3)] }))).toEqual([
      { atMs: 1700, kind: 'alert', status: 'down' },
    ]);
  });

  it('takes three timeouts and the backoff to report a hanging server', () => {
    const hang = { startMs: 0, endMs: 300_000, failure: 'timeout' as const };
    // 3 × 45 s + 1.25 s of backoff.
    expect(openStatus().run(manualTrace({ outages: [hang] }))[0]).toEqual({
      atMs: 136_250,
      kind: 'alert',
      status: 'down',
    });
  });
});

describe('Gatus model', () => {
  it('alerts on the third failure in a row and resolves on the second success', () => {
    // Checks every 60 s: failures at 120, 180, 240 s; successes at 420, 480 s.
    expect(gatus().run(manualTrace({ outages: [refusedOutage] }))).toEqual([
      { atMs: 240_150, kind: 'alert', status: 'down' },
      { atMs: 480_250, kind: 'recovery', status: 'up' },
    ]);
  });

  it('sees only its own location', () => {
    expect(gatus().run(manualTrace({ regional: [blocked(1)] }))).toEqual([]);
    expect(gatus().run(manualTrace({ regional: [blocked(0)] }))).toEqual([
      { atMs: 120_150, kind: 'alert', status: 'down' },
    ]);
  });

  it('starts the next check after a timeout, not during it', () => {
    const hang = { startMs: 0, endMs: 20 * 60_000, failure: 'timeout' as const };
    expect(gatus({ timeoutMs: 10_000 }).run(manualTrace({ outages: [hang] }))[0]?.atMs).toBe(130_000);
  });
});

describe('UptimeRobot model', () => {
  it('alerts when all three drawn nodes fail and recovers on the first check with a success', () => {
    const model = uptimeRobot({ nodes: 3 });
    expect(model.run(manualTrace({ outages: [refusedOutage] }))).toEqual([
      { atMs: 120_150, kind: 'alert', status: 'down' },
      { atMs: 420_250, kind: 'recovery', status: 'up' },
    ]);
  });

  it('does not alert when one node of three is blocked', () => {
    expect(uptimeRobot({ nodes: 3 }).run(manualTrace({ regional: [blocked(1)] }))).toEqual([]);
  });

  it('alerts on a blocked region whenever the three drawn nodes all sit in it', () => {
    // 12 nodes over 3 regions: P(all three in the blocked region) = C(4,3) / C(12,3) = 4/220 per check.
    const day = 24 * 3_600_000;
    const trace = manualTrace({ durationMs: 10 * day, regional: [blocked(0, 0, 10 * day)] });
    const alerts = uptimeRobot()
      .run(trace)
      .filter((n) => n.kind === 'alert').length;
    const expected = (14_400 * 4) / 220;
    expect(alerts).toBeGreaterThan(expected * 0.75);
    expect(alerts).toBeLessThan(expected * 1.25);
  });
});

describe('Pingdom model', () => {
  it('confirms a failure with a second opinion from another region', () => {
    // Server 2 fails at 120 s (150 ms); the second opinion starts 1 s later and fails 150 ms after that.
    expect(pingdom({ servers: 3 }).run(manualTrace({ outages: [refusedOutage] }))).toEqual([
      { atMs: 121_300, kind: 'alert', status: 'down' },
      { atMs: 420_250, kind: 'recovery', status: 'up' },
    ]);
  });

  it('does not confirm a failure that only one region sees', () => {
    expect(pingdom({ servers: 3 }).run(manualTrace({ regional: [blocked(0)] }))).toEqual([]);
  });

  it('alerts when the second region fails too', () => {
    const trace = manualTrace({ regional: [blocked(0), blocked(1)] });
    // Server 0 (region 0) fails at 0 s; server 1 (region 1) confirms at 1.3 s.
    expect(pingdom({ servers: 3 }).run(trace)[0]).toEqual({ atMs: 1300, kind: 'alert', status: 'down' });
  });
});
