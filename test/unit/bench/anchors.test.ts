import { describe, expect, it } from 'vitest';
import { gatus } from '../../../bench/detection/policies/gatus.js';
import { OPENSTATUS_FREE_REGIONS, openStatus } from '../../../bench/detection/policies/openstatus.js';
import { pingdom } from '../../../bench/detection/policies/pingdom.js';
import { ROUTE53_REGIONS, route53 } from '../../../bench/detection/policies/route53.js';
import { uptimeRobot } from '../../../bench/detection/policies/uptimerobot.js';
import type { RegionalOutage } from '../../../bench/detection/trace.js';
import { manualTrace } from './manual-trace.js';

const refusedOutage = { startMs: 100_000, endMs: 400_000, failure: 'refused' as const };
const blocked = (location: string, startMs = 0, endMs = 20 * 60_000): RegionalOutage => ({
  location,
  startMs,
  endMs,
  failure: 'refused',
});

describe('Route 53 model', () => {
  const aligned = route53({ checkers: 3, phasesMs: [0, 0, 0] });

  it('places its checkers round-robin in the regions Route 53 checks from', () => {
    expect(route53().locations(manualTrace())).toEqual([...ROUTE53_REGIONS]);
    expect(route53().observers(manualTrace())).toBe(16);
  });

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

  it('stays healthy while one of its regions is blocked, and shares a blocked AWS region with our fleet', () => {
    expect(route53().run(manualTrace({ regional: [blocked('ap-southeast-1')] }))).toEqual([]);
  });

  it('is healthy while strictly more than 18% of checkers say healthy', () => {
    const regions = ['a', 'b', 'c', 'd', 'e', 'f'];
    // 6 checkers, one per region: 1 of 5 healthy is 20% (healthy); 1 of 6 is 16.7% (unhealthy).
    const fourBlocked = manualTrace({ regional: regions.slice(0, 4).map((r) => blocked(r)) });
    const five = { checkers: 5, phasesMs: [0, 0, 0, 0, 0], regions: regions.slice(0, 5) };
    expect(route53(five).run(fourBlocked)).toEqual([]);
    const fiveBlocked = manualTrace({ regional: regions.slice(0, 5).map((r) => blocked(r)) });
    expect(route53({ checkers: 6, phasesMs: [0, 0, 0, 0, 0, 0], regions }).run(fiveBlocked)).toEqual([
      // The fifth checker flips on its third failure (60 s) and leaves 1 of 6 healthy.
      { atMs: 60_150, kind: 'alert', status: 'down' },
    ]);
  });
});

describe('OpenStatus model', () => {
  const three = ['x', 'y', 'z'];

  it('checks from the regions of the free plan', () => {
    expect(openStatus().locations(manualTrace())).toEqual([...OPENSTATUS_FREE_REGIONS]);
  });

  it('alerts when half of the regions fail and recovers when half are back', () => {
    // Region x blocked all along; region y blocked 600–720 s. The 600 s check of region y makes 3 refused
    // attempts with 500 and 750 ms of backoff: 3 × 150 + 1250 = 1700 ms.
    const trace = manualTrace({ regional: [blocked('x'), blocked('y', 600_000, 720_000)] });
    expect(openStatus({ regions: three }).run(trace)).toEqual([
      { atMs: 601_700, kind: 'alert', status: 'down' },
      { atMs: 720_250, kind: 'recovery', status: 'up' },
    ]);
  });

  it('does not alert on one region of three', () => {
    expect(openStatus({ regions: three }).run(manualTrace({ regional: [blocked('z')] }))).toEqual([]);
  });

  it('needs 3 of 6 regions', () => {
    const regions = [...OPENSTATUS_FREE_REGIONS];
    const two = regions.slice(0, 2).map((r) => blocked(r));
    expect(openStatus().run(manualTrace({ regional: two }))).toEqual([]);
    const threeBlocked = openStatus().run(
      manualTrace({ regional: regions.slice(0, 3).map((r) => blocked(r)) }),
    );
    expect(threeBlocked).toEqual([{ atMs: 1700, kind: 'alert', status: 'down' }]);
  });

  it('counts exactly half as enough (2 of 4 regions)', () => {
    const regions = ['a', 'b', 'c', 'd'];
    expect(openStatus({ regions }).run(manualTrace({ regional: [blocked('a')] }))).toEqual([]);
    expect(openStatus({ regions }).run(manualTrace({ regional: [blocked('a'), blocked('d')] }))).toEqual([
      { atMs: 1700, kind: 'alert', status: 'down' },
    ]);
  });

  it('lets a retry beat noise of one attempt', () => {
    // Every attempt fails by noise with probability 30%: a check of 3 tries fails with 2.7%, so half of 3 regions
    // rarely fail at once, where one failed attempt per region would alert all the time.
    const noisy = manualTrace({ noiseRate: 0.3, durationMs: 6 * 3_600_000 });
    const alerts = openStatus({ regions: three })
      .run(noisy)
      .filter((n) => n.kind === 'alert').length;
    const single = openStatus({ regions: three, attempts: 1 })
      .run(noisy)
      .filter((n) => n.kind === 'alert').length;
    expect(alerts).toBeLessThan(single / 10);
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

  it('sees only its own location (beside our first region)', () => {
    expect(gatus().run(manualTrace({ regional: [blocked('ap-southeast-1')] }))).toEqual([]);
    expect(gatus().run(manualTrace({ regional: [blocked('ap-southeast-3')] }))).toEqual([
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
    expect(uptimeRobot({ nodes: 3 }).run(manualTrace({ regional: [blocked('uptimerobot-2')] }))).toEqual([]);
  });

  it('puts each node of its pool in a location of its own', () => {
    expect(new Set(uptimeRobot().locations(manualTrace())).size).toBe(12);
  });

  it('alerts on blocked locations whenever the three drawn nodes all sit in them', () => {
    // 4 of 12 nodes blocked: P(all three drawn among them) = C(4,3) / C(12,3) = 4/220 per check.
    const day = 24 * 3_600_000;
    const regional = [1, 2, 3, 4].map((i) => blocked(`uptimerobot-${i}`, 0, 10 * day));
    const alerts = uptimeRobot()
      .run(manualTrace({ durationMs: 10 * day, regional }))
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

  it('does not confirm a failure that only one location sees', () => {
    expect(pingdom({ servers: 3 }).run(manualTrace({ regional: [blocked('pingdom-1')] }))).toEqual([]);
  });

  it('alerts when the second opinion fails too', () => {
    const trace = manualTrace({
      regional: [blocked('pingdom-1'), blocked('pingdom-2'), blocked('pingdom-3')],
    });
    // Server 1 fails at 0 s; a server elsewhere confirms at 1.3 s.
    expect(pingdom({ servers: 3 }).run(trace)[0]).toEqual({ atMs: 1300, kind: 'alert', status: 'down' });
  });
});
