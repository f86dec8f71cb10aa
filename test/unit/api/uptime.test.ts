import { describe, expect, it } from 'vitest';
import {
  buildTimeline,
  computeUptime,
  type StatusTimeline,
  type UptimeFigures,
} from '../../../shared/api/uptime.js';
import { state, transition } from './fixtures.js';

const FROM = new Date('2026-03-14T00:00:00.000Z');
const TO = new Date('2026-03-15T00:00:00.000Z');
/** `h` hours after FROM, ISO. */
const h = (hours: number) => new Date(FROM.getTime() + hours * 3_600_000).toISOString();
const HOUR = 3600;

describe('computeUptime', () => {
  const cases: [string, StatusTimeline, UptimeFigures][] = [
    [
      'up all day',
      { atStart: 'up', changes: [] },
      {
        upPct: 100,
        upSeconds: 24 * HOUR,
        degradedSeconds: 0,
        downtimeSeconds: 0,
        maintenanceSeconds: 0,
        announcedMaintenanceSeconds: 0,
        unknownSeconds: 0,
        incidents: 0,
      },
    ],
    [
      'one 6 h outage',
      {
        atStart: 'up',
        changes: [
          { at: h(6), status: 'down' },
          { at: h(12), status: 'up' },
        ],
      },
      {
        upPct: 75,
        upSeconds: 18 * HOUR,
        degradedSeconds: 0,
        downtimeSeconds: 6 * HOUR,
        maintenanceSeconds: 0,
        announcedMaintenanceSeconds: 0,
        unknownSeconds: 0,
        incidents: 1,
      },
    ],
    [
      'maintenance is apart and not downtime',
      {
        atStart: 'up',
        changes: [
          { at: h(20), status: 'maintenance' },
          { at: h(22), status: 'up' },
        ],
      },
      {
        upPct: 100,
        upSeconds: 22 * HOUR,
        degradedSeconds: 0,
        downtimeSeconds: 0,
        maintenanceSeconds: 2 * HOUR,
        announcedMaintenanceSeconds: 0,
        unknownSeconds: 0,
        incidents: 0,
      },
    ],
    [
      'degraded counts as up',
      { atStart: 'degraded', changes: [{ at: h(12), status: 'up' }] },
      {
        upPct: 100,
        upSeconds: 24 * HOUR,
        degradedSeconds: 12 * HOUR,
        downtimeSeconds: 0,
        maintenanceSeconds: 0,
        announcedMaintenanceSeconds: 0,
        unknownSeconds: 0,
        incidents: 0,
      },
    ],
    [
      'a window that starts down counts that outage once',
      { atStart: 'down', changes: [{ at: h(3), status: 'up' }] },
      {
        upPct: 87.5,
        upSeconds: 21 * HOUR,
        degradedSeconds: 0,
        downtimeSeconds: 3 * HOUR,
        maintenanceSeconds: 0,
        announcedMaintenanceSeconds: 0,
        unknownSeconds: 0,
        incidents: 1,
      },
    ],
    [
      'unknown time (nothing known before the first change) is left out of the percentage',
      {
        atStart: null,
        changes: [
          { at: h(12), status: 'up' },
          { at: h(18), status: 'down' },
        ],
      },
      {
        upPct: 50,
        upSeconds: 6 * HOUR,
        degradedSeconds: 0,
        downtimeSeconds: 6 * HOUR,
        maintenanceSeconds: 0,
        announcedMaintenanceSeconds: 0,
        unknownSeconds: 12 * HOUR,
        incidents: 1,
      },
    ],
    [
      'maintenance then down: two statuses, one incident; down again later: a second',
      {
        atStart: 'up',
        changes: [
          { at: h(1), status: 'maintenance' },
          { at: h(2), status: 'down' },
          { at: h(3), status: 'up' },
          { at: h(10), status: 'down' },
          { at: h(11), status: 'unknown' },
          { at: h(12), status: 'down' },
          { at: h(13), status: 'up' },
        ],
      },
      {
        upPct: 86.364,
        upSeconds: 19 * HOUR,
        degradedSeconds: 0,
        downtimeSeconds: 3 * HOUR,
        maintenanceSeconds: HOUR,
        announcedMaintenanceSeconds: 0,
        unknownSeconds: HOUR,
        incidents: 3,
      },
    ],
    [
      'nothing known at all',
      { atStart: null, changes: [] },
      {
        upPct: null,
        upSeconds: 0,
        degradedSeconds: 0,
        downtimeSeconds: 0,
        maintenanceSeconds: 0,
        announcedMaintenanceSeconds: 0,
        unknownSeconds: 24 * HOUR,
        incidents: 0,
      },
    ],
    [
      'only maintenance: no percentage',
      { atStart: 'maintenance', changes: [] },
      {
        upPct: null,
        upSeconds: 0,
        degradedSeconds: 0,
        downtimeSeconds: 0,
        maintenanceSeconds: 24 * HOUR,
        announcedMaintenanceSeconds: 0,
        unknownSeconds: 0,
        incidents: 0,
      },
    ],
    [
      'changes listed out of order are integrated in time order',
      {
        atStart: 'up',
        changes: [
          { at: h(12), status: 'up' },
          { at: h(6), status: 'down' },
        ],
      },
      {
        upPct: 75,
        upSeconds: 18 * HOUR,
        degradedSeconds: 0,
        downtimeSeconds: 6 * HOUR,
        maintenanceSeconds: 0,
        announcedMaintenanceSeconds: 0,
        unknownSeconds: 0,
        incidents: 1,
      },
    ],
    [
      'a 90-second blip',
      {
        atStart: 'up',
        changes: [
          { at: h(1), status: 'down' },
          { at: new Date(Date.parse(h(1)) + 90_000).toISOString(), status: 'up' },
        ],
      },
      {
        upPct: 99.896,
        upSeconds: 24 * HOUR - 90,
        degradedSeconds: 0,
        downtimeSeconds: 90,
        maintenanceSeconds: 0,
        announcedMaintenanceSeconds: 0,
        unknownSeconds: 0,
        incidents: 1,
      },
    ],
  ];
  it.each(cases)('%s', (_name, timeline, expected) => {
    expect(computeUptime(timeline, FROM, TO)).toEqual(expected);
  });
});

describe('buildTimeline', () => {
  it('takes the status at the window start from the last transition before it', () => {
    const before = transition(h(-5), 'up', 'down');
    const inside = [transition(h(2), 'down', 'up', { fromSince: h(-5) })];
    expect(buildTimeline(FROM, before, inside, null)).toEqual({
      atStart: 'down',
      changes: [{ at: h(2), status: 'up' }],
    });
  });

  it('without an earlier transition, uses the oldest one’s `from` and `fromSince`', () => {
    const inside = [transition(h(10), 'up', 'down', { fromSince: h(-30) })];
    expect(buildTimeline(FROM, null, inside, null)).toEqual({
      atStart: 'up',
      changes: [{ at: h(10), status: 'down' }],
    });
    const late = [transition(h(10), 'up', 'down', { fromSince: h(4) })];
    expect(buildTimeline(FROM, null, late, null)).toEqual({
      atStart: null,
      changes: [
        { at: h(4), status: 'up' },
        { at: h(10), status: 'down' },
      ],
    });
  });

  it('adds the current state when it holds a change not yet recorded as a transition', () => {
    const before = transition(h(-5), 'unknown', 'up');
    const current = state({ status: 'down', since: h(20) });
    expect(buildTimeline(FROM, before, [], current)).toEqual({
      atStart: 'up',
      changes: [{ at: h(20), status: 'down' }],
    });
  });

  it('uses the state alone when no transition exists', () => {
    expect(buildTimeline(FROM, null, [], state({ status: 'up', since: h(-100) }))).toEqual({
      atStart: 'up',
      changes: [],
    });
    expect(buildTimeline(FROM, null, [], state({ status: 'up', since: h(3) }))).toEqual({
      atStart: null,
      changes: [{ at: h(3), status: 'up' }],
    });
  });

  it('ignores a state that agrees with the last transition', () => {
    const inside = [transition(h(6), 'up', 'down', { fromSince: h(-10) })];
    const current = state({ status: 'down', since: h(6) });
    expect(buildTimeline(FROM, transition(h(-10), 'unknown', 'up'), inside, current)).toEqual({
      atStart: 'up',
      changes: [{ at: h(6), status: 'down' }],
    });
  });

  it('feeds computeUptime end to end: 30 min down in the middle of the day', () => {
    const timeline = buildTimeline(
      FROM,
      transition(h(-48), 'unknown', 'up'),
      [transition(h(12.5), 'down', 'up'), transition(h(12), 'up', 'down')],
      state({ status: 'up', since: h(12.5) }),
    );
    expect(computeUptime(timeline, FROM, TO)).toMatchObject({
      upPct: 97.917,
      downtimeSeconds: 1800,
      incidents: 1,
    });
  });
});
