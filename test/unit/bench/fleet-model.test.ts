import { describe, expect, it } from 'vitest';
import { fleet } from '../../../bench/detection/policies/fleet.js';
import { DEFAULT_RECOVERY_HOLD_SECONDS } from '../../../shared/config/fleet-config.js';
import { manualTrace } from './manual-trace.js';

const outage = { startMs: 100_000, endMs: 400_000, failure: 'refused' as const };

describe('fleet model (the shipped decide() in virtual time)', () => {
  it('raises one alert for a short outage and one recovery after the recovery hold', () => {
    const notifications = fleet().run(manualTrace({ outages: [outage] }));
    expect(notifications.map((n) => n.kind)).toEqual(['alert', 'recovery']);
    const [alert, recovery] = notifications;
    // Region 2 (phase 40 s) sees the outage first at 100 s; confirmation cannot take more than two intervals.
    expect(alert!.atMs).toBeGreaterThan(100_000);
    expect(alert!.atMs).toBeLessThan(100_000 + 2 * 60_000);
    // A 5-minute outage is short: the default recovery hold.
    const holdMs = DEFAULT_RECOVERY_HOLD_SECONDS * 1000;
    expect(recovery!.atMs).toBeGreaterThanOrEqual(400_000 + holdMs);
    expect(recovery!.atMs).toBeLessThan(400_000 + holdMs + 2 * 60_000);
  });

  it('ends a long outage as soon as every region is back twice: one burst round after the first up look', () => {
    const long = { startMs: 100_000, endMs: 100_000 + 20 * 60_000, failure: 'refused' as const };
    const trace = manualTrace({ outages: [long], durationMs: 40 * 60_000 });
    const [, recovery] = fleet({ startDelay: { deliveryMs: 0, pickupMs: 0 } }).run(trace);
    // Tokyo's run at 1300 s sees it back; two rounds of re-checks, each 1 s of stream and 3 s to start, give every
    // region its second look.
    expect(recovery).toMatchObject({ kind: 'recovery', status: 'up' });
    expect(recovery!.atMs - long.endMs).toBeLessThan(20_000);
  });

  it('says maintenance when every region sees the maintenance page', () => {
    const notifications = fleet().run(manualTrace({ maintenance: [{ startMs: 100_000, endMs: 400_000 }] }));
    expect(notifications.map((n) => [n.kind, n.status])).toEqual([
      ['alert', 'maintenance'],
      ['recovery', 'up'],
    ]);
  });

  it('never alerts on one blocked region', () => {
    const blocked = {
      location: 'ap-southeast-1',
      startMs: 0,
      endMs: 20 * 60_000,
      failure: 'timeout' as const,
    };
    expect(fleet().run(manualTrace({ regional: [blocked] }))).toEqual([]);
  });

  it('detects sooner with burst confirmation than without', () => {
    const trace = manualTrace({ outages: [outage] });
    const withBurst = fleet().run(trace)[0]!.atMs;
    const without = fleet({ burst: false }).run(trace)[0]!.atMs;
    expect(withBurst).toBeLessThan(without);
  });

  it('reports a hanging first attempt at once (a suspect), whatever the run’s other targets still wait for', () => {
    // Exact phases: Tokyo's run at 100 s has no answer after 3 s (a slow suspect), the burst starts 1 + 3 s later;
    // Tokyo's attempt times out at 110 s (a failed suspect), the burst's at 117 s: 2 + 1 + 1 looks, confirmed one
    // stream latency after they are stored. Without the slow suspect the burst would start 7 s later (125 s).
    const hang = { startMs: 100_000, endMs: 700_000, failure: 'timeout' as const };
    const trace = manualTrace({ outages: [hang] });
    const exact = { startDelay: { deliveryMs: 0, pickupMs: 0 } };
    expect(fleet(exact).run(trace)[0]).toEqual({ atMs: 118_000, kind: 'alert', status: 'down' });
    const target = (id: string, timeoutMs: number) => ({
      id,
      name: id,
      url: `https://${id}.example.test/`,
      check: 'http' as const,
      timeoutMs,
    });
    const slowerSecond = fleet({
      ...exact,
      config: { targets: [target('svc-wsdl', 10_000), target('svc-qr', 20_000)] },
    });
    expect(slowerSecond.run(trace)[0]?.atMs).toBe(118_000);
  });

  it('starts planned runs up to 3 s after their second (SQS delivery, then pickup), never before', () => {
    const outage = { startMs: 40_500, endMs: 400_000, failure: 'refused' as const };
    const trace = manualTrace({ outages: [outage] });
    // Exact phases: Tokyo's run at 40 s misses the outage by half a second; the next look is Jakarta's at 60 s.
    const exact = fleet({ startDelay: { deliveryMs: 0, pickupMs: 0 } }).run(trace)[0]!.atMs;
    expect(exact).toBeGreaterThan(60_000);
    // Delivered and picked up a little late, the same run starts inside the outage and sees it 20 s sooner.
    const late = fleet().run(trace)[0]!.atMs;
    expect(late).toBeGreaterThan(40_500);
    expect(late).toBeLessThan(exact - 10_000);
  });
});
