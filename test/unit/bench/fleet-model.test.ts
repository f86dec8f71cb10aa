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
    const blocked = { region: 1, startMs: 0, endMs: 20 * 60_000, failure: 'timeout' as const };
    expect(fleet().run(manualTrace({ regional: [blocked] }))).toEqual([]);
  });

  it('detects sooner with burst confirmation than without', () => {
    const trace = manualTrace({ outages: [outage] });
    const withBurst = fleet().run(trace)[0]!.atMs;
    const without = fleet({ burst: false }).run(trace)[0]!.atMs;
    expect(withBurst).toBeLessThan(without);
  });
});
