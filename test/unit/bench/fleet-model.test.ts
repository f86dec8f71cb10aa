import { describe, expect, it } from 'vitest';
import { fleet } from '../../../bench/detection/policies/fleet.js';
import { DEFAULT_RECOVERY_HOLD_SECONDS } from '../../../shared/config/fleet-config.js';
import { manualTrace } from './manual-trace.js';

const outage = { startMs: 100_000, endMs: 400_000, failure: 'refused' as const };

describe('fleet model (the shipped decide() in virtual time)', () => {
  it('raises one alert for a global outage and one recovery after the recovery hold', () => {
    const notifications = fleet().run(manualTrace({ outages: [outage] }));
    expect(notifications.map((n) => n.kind)).toEqual(['alert', 'recovery']);
    const [alert, recovery] = notifications;
    // Region 2 (phase 40 s) sees the outage first at 100 s; confirmation cannot take more than two intervals.
    expect(alert!.atMs).toBeGreaterThan(100_000);
    expect(alert!.atMs).toBeLessThan(100_000 + 2 * 60_000);
    // The default recovery hold.
    const holdMs = DEFAULT_RECOVERY_HOLD_SECONDS * 1000;
    expect(recovery!.atMs).toBeGreaterThanOrEqual(400_000 + holdMs);
    expect(recovery!.atMs).toBeLessThan(400_000 + holdMs + 2 * 60_000);
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

  it('stores a run’s results once every target has finished: a slower second target delays the verdict', () => {
    const hang = { startMs: 100_000, endMs: 700_000, failure: 'timeout' as const };
    const target = (id: string, timeoutMs: number) => ({
      id,
      name: id,
      url: `https://${id}.example.test/`,
      check: 'http' as const,
      timeoutMs,
    });
    const trace = manualTrace({ outages: [hang] });
    const alone = fleet({ config: { targets: [target('svc-wsdl', 10_000)] } }).run(trace)[0]!.atMs;
    const withSlowerTarget = fleet({
      config: { targets: [target('svc-wsdl', 10_000), target('svc-qr', 20_000)] },
    }).run(trace)[0]!.atMs;
    expect(withSlowerTarget - alone).toBeGreaterThanOrEqual(20_000);
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
