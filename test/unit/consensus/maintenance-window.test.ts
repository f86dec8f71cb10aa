import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/consensus/decide.js';
import type { MaintenanceWindow } from '../../../shared/maintenance/maintenance-window.js';
import type { ConsensusPolicy, ProbeStatus } from '../../../shared/types.js';
import { at, POLICY as DEFAULTS, Fleet, iso, moves } from './fleet-harness.js';

const MIN = 60;
/** The step tables' policy without advance notices (their own tests turn them on). */
const POLICY: ConsensusPolicy = { ...DEFAULTS, maintenanceNoticeMs: 0 };
const DOWN3: ProbeStatus[] = ['down', 'down', 'down'];
const UP3: ProbeStatus[] = ['up', 'up', 'up'];
const PAGE3: ProbeStatus[] = ['maintenance', 'maintenance', 'maintenance'];

/** A window of `svc-wsdl` from `startS` to `endS` seconds after 14:00 WIB. */
function window(id: string, startS: number, endS: number, overrides: Partial<MaintenanceWindow> = {}) {
  return {
    id,
    targets: ['svc-wsdl'],
    start: iso(startS),
    end: iso(endS),
    note: 'PENG-18/PJ.09/2024',
    source: 'config',
    ...overrides,
  } satisfies MaintenanceWindow;
}

/** A fleet up every minute until just before `untilS`, with `windows` announced (told nothing so far). */
function upFleet(windows: MaintenanceWindow[], untilS: number, policy: ConsensusPolicy = POLICY): Fleet {
  const fleet = new Fleet(policy);
  fleet.windows = windows;
  for (let s = -3 * MIN; s < untilS; s += MIN) fleet.round(s, UP3);
  expect(fleet.status).toBe('up');
  expect(fleet.transitions.filter((t) => t.rule !== 'initial')).toEqual([]);
  fleet.transitions.length = 0;
  return fleet;
}

/** Rounds every minute from `fromS` to `toS` (inclusive) with the same statuses. */
function rounds(fleet: Fleet, fromS: number, toS: number, statuses: readonly ProbeStatus[]) {
  for (let s = fromS; s <= toS; s += MIN) fleet.round(s, statuses);
}

const W = window('config-1', 10 * MIN, 70 * MIN);

describe('decide: announced maintenance windows (docs/consensus.md#rule-announced-maintenance, docs/maintenance-windows.md)', () => {
  it('tells nothing when a window starts while the server stays up (no advance notice configured)', () => {
    const fleet = upFleet([W], 0);
    rounds(fleet, 0, 80 * MIN, UP3);
    expect(fleet.transitions).toEqual([]);
    expect(fleet.state?.maintenanceWindow ?? null).toBeNull();
  });

  it('tells a failure inside the window once, as announced maintenance with the window and its note', () => {
    const fleet = upFleet([W], 15 * MIN);
    rounds(fleet, 15 * MIN, 16 * MIN, DOWN3);
    expect(moves(fleet.announced)).toEqual(['up→maintenance']);
    expect(fleet.announced[0]).toMatchObject({
      rule: 'announced_maintenance',
      window: { id: 'config-1', start: W.start, end: W.end, note: 'PENG-18/PJ.09/2024' },
    });
    expect(fleet.state).toMatchObject({
      status: 'maintenance',
      rule: 'announced_maintenance',
      maintenanceWindow: { id: 'config-1', outlasted: false },
    });
  });

  it('still needs a confirmed quorum inside a window: one failed look in two regions is no announcement', () => {
    const fleet = upFleet([W], 15 * MIN);
    fleet.round(15 * MIN, ['down', 'down', 'up']);
    expect(fleet.transitions).toEqual([]);
    expect(fleet.status).toBe('up');
  });

  it('does not tell down ↔ maintenance page flips, nor relapses during a recovery hold, inside the window', () => {
    const fleet = upFleet([W], 15 * MIN);
    rounds(fleet, 15 * MIN, 16 * MIN, DOWN3);
    fleet.transitions.length = 0;
    rounds(fleet, 17 * MIN, 20 * MIN, PAGE3);
    rounds(fleet, 21 * MIN, 24 * MIN, DOWN3);
    fleet.round(25 * MIN, UP3); // a recovery hold begins...
    rounds(fleet, 26 * MIN, 28 * MIN, DOWN3); // ...and a confirmed relapse ends it
    rounds(fleet, 29 * MIN, 30 * MIN, PAGE3);
    expect(fleet.transitions).toEqual([]);
    expect(fleet.state).toMatchObject({ status: 'maintenance', rule: 'announced_maintenance' });
  });

  it('tells a recovery inside the window once ("back up"), and the window is then forgotten', () => {
    const fleet = upFleet([W], 15 * MIN);
    rounds(fleet, 15 * MIN, 16 * MIN, DOWN3);
    rounds(fleet, 20 * MIN, 30 * MIN, UP3);
    expect(moves(fleet.announced)).toEqual(['up→maintenance', 'maintenance→up']);
    expect(fleet.state?.maintenanceWindow).toBeNull();
  });

  it('tells a failure that outlasts its window as an outage, once, and keeps it down on a maintenance page', () => {
    const fleet = upFleet([W], 15 * MIN);
    rounds(fleet, 15 * MIN, 69 * MIN, DOWN3);
    expect(moves(fleet.announced)).toEqual(['up→maintenance']);
    fleet.round(70 * MIN, DOWN3);
    expect(moves(fleet.announced)).toEqual(['up→maintenance', 'maintenance→down']);
    const outlasted = fleet.announced[1];
    expect(outlasted).toMatchObject({
      rule: 'window_outlasted',
      audience: 'subscribers',
      window: { id: 'config-1', end: W.end },
    });
    // The spell began inside the window: the outage clock is not reset.
    expect(fleet.state?.outageSince).toBe(fleet.announced[0]?.at);
    rounds(fleet, 71 * MIN, 80 * MIN, PAGE3);
    expect(fleet.announced).toHaveLength(2);
    expect(fleet.state).toMatchObject({ status: 'down', maintenanceWindow: { outlasted: true } });
    rounds(fleet, 81 * MIN, 95 * MIN, UP3);
    expect(moves(fleet.announced)).toEqual(['up→maintenance', 'maintenance→down', 'down→up']);
  });

  it('turns an outage going on when a window starts into announced maintenance, its clock still running', () => {
    const fleet = upFleet([W], 0);
    rounds(fleet, 0, 1 * MIN, DOWN3);
    expect(moves(fleet.announced)).toEqual(['up→down']);
    const outageStart = fleet.state?.outageSince;
    rounds(fleet, 2 * MIN, 9 * MIN, DOWN3);
    fleet.round(10 * MIN, DOWN3);
    expect(moves(fleet.announced)).toEqual(['up→down', 'down→maintenance']);
    expect(fleet.announced[1]).toMatchObject({ rule: 'announced_maintenance', window: { id: 'config-1' } });
    expect(fleet.state?.outageSince).toBe(outageStart);
    rounds(fleet, 11 * MIN, 69 * MIN, DOWN3);
    expect(fleet.announced).toHaveLength(2);
  });

  it('treats two overlapping windows as one: no outage when the first ends inside the second', () => {
    const first = window('config-1', 10 * MIN, 40 * MIN, { note: 'first' });
    const second = window('config-2', 30 * MIN, 70 * MIN, { note: 'second' });
    const fleet = upFleet([first, second], 15 * MIN);
    rounds(fleet, 15 * MIN, 69 * MIN, DOWN3);
    expect(moves(fleet.announced)).toEqual(['up→maintenance']);
    expect(fleet.announced[0]?.window?.id).toBe('config-1');
    expect(fleet.state?.maintenanceWindow).toMatchObject({ id: 'config-2' });
    fleet.round(70 * MIN, DOWN3);
    expect(fleet.announced[1]).toMatchObject({ rule: 'window_outlasted', window: { id: 'config-2' } });
  });

  it('ignores a window of another target', () => {
    const fleet = upFleet([window('config-1', 10 * MIN, 70 * MIN, { targets: ['svc-qr'] })], 15 * MIN);
    rounds(fleet, 15 * MIN, 16 * MIN, DOWN3);
    expect(fleet.announced).toHaveLength(1);
    expect(fleet.announced[0]).toMatchObject({ to: 'down', rule: 'quorum_down' });
    expect(fleet.announced[0]?.window).toBeUndefined();
  });

  it.each([
    { name: 'one millisecond before its start', offsetMs: -1, to: 'down', rule: 'quorum_down' },
    { name: 'exactly at its start', offsetMs: 0, to: 'maintenance', rule: 'announced_maintenance' },
  ])('decides a confirmed failure $name as $rule', ({ offsetMs, to, rule }) => {
    const fleet = upFleet([W], 9 * MIN);
    fleet.round(9 * MIN, DOWN3);
    expect(fleet.state?.status).toBe('up');
    // The round's votes, each confirmed by its region's previous result, decided at the edge of the window.
    const votes = (fleet.state?.votes ?? []).map((v) => ({ ...v, previousStatus: 'down' as const }));
    const confirmed = decide(
      fleet.state,
      { targetId: 'svc-wsdl', regions: fleet.regions, votes, windows: [W] },
      POLICY,
      new Date(Date.parse(W.start) + offsetMs),
    );
    expect(confirmed.transitions).toHaveLength(1);
    expect(confirmed.transitions[0]).toMatchObject({ to, rule });
  });

  it('outlasts a window exactly at its end (the end is not inside it)', () => {
    const fleet = upFleet([W], 15 * MIN);
    rounds(fleet, 15 * MIN, 69 * MIN, DOWN3);
    const votes = (fleet.state?.votes ?? []).map((v) => ({ ...v, previousStatus: 'down' as const }));
    const ballot = { targetId: 'svc-wsdl', regions: fleet.regions, votes, windows: [W] };
    const justBefore = decide(fleet.state, ballot, POLICY, new Date(Date.parse(W.end) - 1));
    const atEnd = decide(fleet.state, ballot, POLICY, new Date(Date.parse(W.end)));
    expect(justBefore.transitions).toEqual([]);
    expect(atEnd.transitions[0]).toMatchObject({ from: 'maintenance', to: 'down', rule: 'window_outlasted' });
  });
});

describe('decide: advance notice of a window', () => {
  const NOTICE: ConsensusPolicy = { ...POLICY, maintenanceNoticeMs: 5 * MIN * 1000 };
  const notices = (fleet: Fleet) => fleet.transitions.filter((t) => t.rule === 'maintenance_notice');

  it('tells subscribers once, the configured time before the start, without changing the status', () => {
    const fleet = upFleet([W], 4 * MIN, NOTICE);
    expect(notices(fleet)).toEqual([]);
    const since = fleet.state?.since;
    fleet.evaluate(4 * MIN + 59);
    expect(fleet.transitions).toEqual([]);
    fleet.evaluate(5 * MIN);
    expect(fleet.transitions).toHaveLength(1);
    expect(fleet.transitions[0]).toMatchObject({
      from: 'up',
      to: 'up',
      rule: 'maintenance_notice',
      audience: 'subscribers',
      window: { id: 'config-1', note: 'PENG-18/PJ.09/2024' },
      notification: { state: 'pending' },
    });
    expect(fleet.state).toMatchObject({ status: 'up', since, rule: 'quorum_up' });
    rounds(fleet, 5 * MIN, 12 * MIN, UP3);
    expect(fleet.transitions).toHaveLength(1);
    expect(fleet.state?.since).toBe(since);
  });

  it('sends no notice when the policy has none, nor once the window has started', () => {
    const without = upFleet([W], 0);
    rounds(without, 0, 12 * MIN, UP3);
    expect(without.transitions).toEqual([]);
    const late = upFleet([], 10 * MIN, NOTICE);
    late.windows = [W];
    rounds(late, 10 * MIN, 12 * MIN, UP3);
    expect(late.transitions).toEqual([]);
  });

  it('lets a change of status go first and sends the notice with the next evaluation', () => {
    const fleet = upFleet([], 4 * MIN, NOTICE);
    fleet.round(4 * MIN, DOWN3);
    fleet.windows = [W];
    fleet.round(5 * MIN, DOWN3);
    expect(fleet.transitions.map((t) => t.rule)).toEqual(['quorum_down', 'maintenance_notice']);
    expect(fleet.transitions[1]).toMatchObject({ from: 'down', to: 'down', window: { id: 'config-1' } });
    expect(Date.parse(fleet.transitions[1]?.at ?? '')).toBeGreaterThan(
      Date.parse(fleet.transitions[0]?.at ?? ''),
    );
  });

  it('tells each of two windows once, and forgets a notice once its window has ended (bounded state)', () => {
    const later = window('config-2', 100 * MIN, 110 * MIN);
    const fleet = upFleet([W, later], 0, NOTICE);
    rounds(fleet, 0, 120 * MIN, UP3);
    expect(notices(fleet).map((t) => t.window?.id)).toEqual(['config-1', 'config-2']);
    expect(fleet.state?.notices).toEqual([]);
  });

  it('keeps transition times increasing when a notice and a change fall in the same millisecond', () => {
    const fleet = upFleet([W], 5 * MIN, NOTICE);
    fleet.evaluate(5 * MIN);
    const notice = fleet.transitions[0];
    const state = fleet.state;
    if (notice === undefined || state === null) throw new Error('no notice decided');
    expect(notice.rule).toBe('maintenance_notice');
    const down = state.votes.map((v) => ({
      ...v,
      status: 'down' as const,
      reason: 'timeout' as const,
      previousStatus: 'down' as const,
    }));
    const d = decide(
      state,
      { targetId: 'svc-wsdl', regions: fleet.regions, votes: down },
      POLICY,
      at(5 * MIN),
    );
    expect(d.transitions[0]?.to).toBe('down');
    expect(Date.parse(d.transitions[0]?.at ?? '')).toBeGreaterThan(Date.parse(notice.at));
  });
});
