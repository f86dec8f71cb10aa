import { describe, expect, it } from 'vitest';
import { incidentsOf } from '../../../shared/api/incidents.js';
import { buildTimeline, computeUptime } from '../../../shared/api/uptime.js';
import type { AnnouncedWindow } from '../../../shared/types.js';
import { state, transition } from './fixtures.js';

const FROM = new Date('2026-03-14T00:00:00.000Z');
const TO = new Date('2026-03-15T00:00:00.000Z');
/** `hours` after FROM, ISO. */
const h = (hours: number) => new Date(FROM.getTime() + hours * 3_600_000).toISOString();
const HOUR = 3600;
const WINDOW: AnnouncedWindow = { id: 'config-1', start: h(10), end: h(14), note: 'PENG-18/PJ.09/2024' };

/** Up, a notice at 9:00, announced maintenance 10:00–14:00 outlasted until 15:00, then up. */
const HISTORY = [
  transition(h(9), 'up', 'up', { rule: 'maintenance_notice', window: WINDOW, fromSince: h(-5) }),
  transition(h(10), 'up', 'maintenance', { rule: 'announced_maintenance', window: WINDOW }),
  transition(h(14), 'maintenance', 'down', { rule: 'window_outlasted', window: WINDOW }),
  transition(h(15), 'down', 'up', { rule: 'recovery_hold' }),
];

describe('time inside announced windows, reported apart', () => {
  it('counts announced maintenance apart from downtime and from unannounced maintenance', () => {
    const figures = computeUptime(buildTimeline(FROM, null, HISTORY, null), FROM, TO);
    expect(figures).toMatchObject({
      maintenanceSeconds: 4 * HOUR,
      announcedMaintenanceSeconds: 4 * HOUR,
      downtimeSeconds: 1 * HOUR,
      incidents: 1,
    });
    const unannounced = HISTORY.map((t) =>
      t.rule === 'announced_maintenance' ? { ...t, rule: 'quorum_maintenance' as const } : t,
    );
    expect(
      computeUptime(buildTimeline(FROM, null, unannounced, null), FROM, TO).announcedMaintenanceSeconds,
    ).toBe(0);
  });

  it('counts a window that began before the period, from the state or the last transition before it', () => {
    const inside = state({ status: 'maintenance', since: h(-1), rule: 'announced_maintenance' });
    const fromState = computeUptime(buildTimeline(FROM, null, [], inside), FROM, new Date(h(2)));
    expect(fromState).toMatchObject({ maintenanceSeconds: 2 * HOUR, announcedMaintenanceSeconds: 2 * HOUR });
    const before = transition(h(-1), 'up', 'maintenance', { rule: 'announced_maintenance', window: WINDOW });
    const fromBefore = computeUptime(buildTimeline(FROM, before, [], null), FROM, new Date(h(2)));
    expect(fromBefore.announcedMaintenanceSeconds).toBe(2 * HOUR);
  });

  it('exports the announced maintenance with its window, the outage after it without, and no row for a notice', () => {
    const incidents = incidentsOf('svc-wsdl', { lastBefore: null, inWindow: HISTORY, state: null }, FROM, TO);
    expect(incidents.map((i) => [i.kind, i.start, i.end, i.announced?.note ?? null])).toEqual([
      ['maintenance', h(10), h(14), 'PENG-18/PJ.09/2024'],
      ['down', h(14), h(15), null],
    ]);
  });

  it('does not open an incident at a notice that is the newest change before the period', () => {
    const notice = transition(h(-2), 'down', 'down', {
      rule: 'maintenance_notice',
      window: WINDOW,
      fromSince: h(-6),
    });
    const recovered = transition(h(1), 'down', 'up', { rule: 'recovery_hold' });
    const incidents = incidentsOf(
      'svc-wsdl',
      { lastBefore: notice, inWindow: [recovered], state: null },
      FROM,
      TO,
    );
    expect(incidents.map((i) => [i.kind, i.start, i.end])).toEqual([['down', h(-6), h(1)]]);
  });
});
