import { describe, expect, it } from 'vitest';
import { parseFleetConfig, resolvePolicy } from '../../../shared/config/fleet-config.js';
import {
  decide,
  MAX_BURSTS_PER_INTERVAL,
  MAX_TRANSITIONS_PER_DECISION,
  SET_ASIDE_AFTER_INTERVALS,
} from '../../../shared/consensus/decide.js';
import type { ConsensusStatus, ProbeStatus, Vote } from '../../../shared/types.js';
import { consensusState, vote } from './fixtures.js';
import { at, Fleet, iso, JKT, moves, POLICY, REGIONS, SIN, TYO } from './fleet-harness.js';

const MIN = 60;

/** A fleet that has been up for a while (its initial transition already made). */
function upFleet(policy = POLICY, regions: readonly string[] = REGIONS): Fleet {
  const fleet = new Fleet(policy, regions);
  fleet.round(
    -2 * MIN,
    regions.map(() => 'up'),
  );
  fleet.round(
    -MIN,
    regions.map(() => 'up'),
  );
  expect(fleet.status).toBe('up');
  fleet.transitions.length = 0;
  return fleet;
}

/** A fleet whose consensus is down since second 0 (confirmed by a second round at 60). */
function downFleet(): Fleet {
  const fleet = upFleet();
  fleet.round(0, ['down', 'down', 'down']);
  fleet.round(MIN, ['down', 'down', 'down']);
  expect(fleet.status).toBe('down');
  fleet.transitions.length = 0;
  return fleet;
}

describe('decide: first evaluation (docs/consensus.md#first-evaluation)', () => {
  it('starts unknown without a transition while only one region has reported', () => {
    const fleet = new Fleet();
    const d = fleet.report(JKT, 'up', 0);
    expect(d.transitions).toEqual([]);
    expect(d.next).toMatchObject({ status: 'unknown', rule: 'initial', version: 1, since: iso(0) });
  });

  it('records a healthy start for the history, without telling subscribers', () => {
    const fleet = new Fleet();
    fleet.round(0, ['up', 'up', 'up']);
    expect(fleet.transitions).toHaveLength(1);
    expect(fleet.transitions[0]).toMatchObject({
      from: 'unknown',
      to: 'up',
      rule: 'initial',
      audience: 'ops',
      notification: { state: 'skipped' },
    });
    expect(fleet.announced).toEqual([]);
  });

  it('tells subscribers when the fleet starts during a confirmed outage', () => {
    const fleet = new Fleet();
    fleet.round(0, ['down', 'down', 'down']);
    expect(fleet.transitions).toEqual([]);
    expect(fleet.state?.rule).toBe('awaiting_confirmation');
    fleet.round(MIN, ['down', 'down', 'down']);
    expect(fleet.announced).toHaveLength(1);
    expect(fleet.announced[0]).toMatchObject({ from: 'unknown', to: 'down', rule: 'quorum_down' });
    expect(fleet.announced[0]?.lastKnown).toBeUndefined();
  });
});

describe('decide: freshness (docs/consensus.md#fresh-votes)', () => {
  it.each([
    { ageS: 0, counts: true },
    { ageS: 149, counts: true },
    { ageS: 150, counts: false },
    { ageS: 600, counts: false },
  ])('a result $ageS s old counts: $counts', ({ ageS, counts }) => {
    const fleet = upFleet();
    fleet.report(JKT, 'up', 0);
    fleet.report(SIN, 'up', 0);
    fleet.report(TYO, 'up', 0);
    const d = fleet.evaluate(ageS);
    expect(d.next.votes.every((v) => (v.excluded === undefined) === counts)).toBe(true);
    expect(d.next.status).toBe(counts ? 'up' : 'unknown');
  });

  it('goes unknown when regions fall silent, and back without a word to subscribers', () => {
    const fleet = upFleet();
    fleet.round(0, ['up', 'up', 'up']);
    fleet.report(JKT, 'up', MIN);
    fleet.report(JKT, 'up', 2 * MIN);
    expect(fleet.evaluate(149).next.status).toBe('up');
    const d = fleet.evaluate(150);
    expect(d.transitions).toMatchObject([
      {
        from: 'up',
        to: 'unknown',
        rule: 'insufficient_votes',
        audience: 'ops',
        notification: { state: 'skipped' },
      },
    ]);
    expect(d.next.votes.map((v) => v.excluded)).toEqual([undefined, 'stale', 'stale']);
    expect(d.next.lastKnown).toEqual({ status: 'up', since: fleet.transitions[0]?.fromSince });
    fleet.round(3 * MIN, ['up', 'up', 'up']);
    expect(moves(fleet.transitions)).toEqual(['up→unknown', 'unknown→up']);
    expect(fleet.transitions[1]).toMatchObject({ rule: 'quorum_up', audience: 'ops' });
    expect(fleet.announced).toEqual([]);
  });
});

describe("decide: a region's own network (docs/consensus.md#own-network)", () => {
  it('does not count a failing vote from a region whose own network failed', () => {
    const fleet = upFleet();
    for (const t of [0, MIN, 2 * MIN]) {
      fleet.report(JKT, 'down', t, { control: false });
      fleet.report(SIN, 'down', t);
      fleet.report(TYO, 'up', t);
    }
    expect(fleet.transitions).toEqual([]);
    const { next } = fleet.evaluate(2 * MIN);
    expect(next.votes.find((v) => v.region === JKT)?.excluded).toBe('control_failed');
    expect(next.regionalProblems.map((p) => p.region)).toEqual([JKT, SIN]);
  });

  it('still counts an up vote from a region whose control failed: it did reach the target', () => {
    const fleet = downFleet();
    fleet.report(JKT, 'up', 2 * MIN, { control: false });
    const d = fleet.report(SIN, 'up', 2 * MIN);
    expect(d.next.votes.find((v) => v.region === JKT)?.excluded).toBeUndefined();
    expect(d.next.pending).toEqual({ status: 'up', since: iso(2 * MIN) });
  });

  it('goes unknown, not down, when two of three regions lose their own network', () => {
    const fleet = upFleet();
    fleet.round(0, ['down', 'down', 'up'], { control: false });
    fleet.round(MIN, ['down', 'down', 'up'], { control: false });
    expect(fleet.status).toBe('unknown');
    expect(moves(fleet.transitions)).toEqual(['up→unknown']);
    expect(fleet.announced).toEqual([]);
  });
});

describe('decide: quorum, maintenance or down (docs/consensus.md#quorum, docs/consensus.md#looks)', () => {
  const confirmed = (region: string, status: ProbeStatus): Vote =>
    vote(region, status, { previousStatus: status, checkedAt: iso(0) });
  const five = ['r1', 'r2', 'r3', 'r4', 'r5'];

  it.each<{ votes: ProbeStatus[]; expected: ConsensusStatus; quorum?: number }>([
    { votes: ['up', 'up', 'up'], expected: 'up' },
    { votes: ['down', 'down', 'up'], expected: 'down' },
    { votes: ['down', 'up', 'up'], expected: 'up' },
    { votes: ['down', 'down', 'down'], expected: 'down' },
    { votes: ['maintenance', 'maintenance', 'down'], expected: 'maintenance' },
    { votes: ['maintenance', 'down', 'down'], expected: 'down' },
    { votes: ['maintenance', 'maintenance', 'up'], expected: 'maintenance' },
    { votes: ['maintenance', 'down', 'up'], expected: 'down' },
    { votes: ['degraded', 'degraded', 'up'], expected: 'degraded' },
    { votes: ['degraded', 'down', 'up'], expected: 'degraded' },
    { votes: ['degraded', 'up', 'up'], expected: 'up' },
    { votes: ['down', 'down', 'up', 'up', 'up'], expected: 'up' },
    { votes: ['down', 'down', 'down', 'up', 'up'], expected: 'down' },
    { votes: ['down', 'down', 'up'], expected: 'up', quorum: 3 },
    { votes: ['down', 'down', 'down'], expected: 'down', quorum: 3 },
  ])('$votes (quorum $quorum) → $expected', ({ votes, expected, quorum }) => {
    const policy = quorum === undefined ? POLICY : { ...POLICY, quorum };
    const regions = five.slice(0, votes.length);
    const previous = consensusState({ status: 'up', since: iso(-3600), version: 4 });
    const d = decide(
      previous,
      { targetId: 'svc-wsdl', regions, votes: votes.map((s, i) => confirmed(regions[i]!, s)) },
      policy,
      at(0),
    );
    expect(d.next.status).toBe(expected);
    expect(d.next.version).toBe(5);
    expect(d.transitions).toHaveLength(expected === 'up' ? 0 : 1);
  });

  it('needs two voting regions at least: one fresh vote alone is unknown', () => {
    const previous = consensusState({ status: 'up', since: iso(-3600) });
    const d = decide(
      previous,
      {
        targetId: 'svc-wsdl',
        regions: REGIONS,
        votes: [confirmed(JKT, 'down'), { ...confirmed(SIN, 'up'), excluded: 'stale' }],
      },
      POLICY,
      at(0),
    );
    expect(d.next).toMatchObject({ status: 'unknown', rule: 'insufficient_votes' });
  });

  it('keeps the status when no status has a quorum (two voters who disagree)', () => {
    const fleet = upFleet();
    fleet.round(0, ['down', 'up']);
    fleet.round(MIN, ['down', 'up']);
    fleet.evaluate(MIN + 100);
    expect(fleet.state).toMatchObject({ status: 'up', rule: 'no_change' });
    expect(fleet.transitions).toEqual([]);
  });

  it('requires a failing vote to be confirmed by its region’s next result: coincidences are no outage', () => {
    const fleet = upFleet();
    fleet.round(0, ['down', 'down', 'up']);
    expect(fleet.state).toMatchObject({
      status: 'up',
      rule: 'awaiting_confirmation',
      pending: { status: 'down', since: iso(0) },
    });
    fleet.round(MIN, ['up', 'down', 'up']);
    expect(fleet.state).toMatchObject({ status: 'up', pending: null });
    expect(fleet.transitions).toEqual([]);
  });

  it('adopts down as soon as the failing looks add up to twice a quorum, without waiting', () => {
    const fleet = upFleet();
    fleet.report(JKT, 'down', 0);
    fleet.report(SIN, 'down', 20);
    fleet.report(TYO, 'down', 40);
    expect(fleet.transitions).toEqual([]);
    // Jakarta's second look: 2 + 1 + 1 looks for a quorum of 2.
    const d = fleet.report(JKT, 'down', 60);
    expect(d.transitions).toMatchObject([{ from: 'up', to: 'down', rule: 'quorum_down', at: iso(60) }]);
  });

  it('needs both regions of a two-region quorum to look twice when the third says up', () => {
    const fleet = upFleet();
    fleet.report(JKT, 'down', 0);
    fleet.report(SIN, 'down', 20);
    fleet.report(TYO, 'up', 40);
    fleet.report(JKT, 'down', 60);
    expect(fleet.transitions).toEqual([]);
    expect(fleet.report(SIN, 'down', 80).transitions).toMatchObject([{ to: 'down', at: iso(80) }]);
  });

  it('adopts maintenance at once: the maintenance page is no network accident', () => {
    const fleet = upFleet();
    fleet.report(JKT, 'maintenance', 0);
    const d = fleet.report(SIN, 'maintenance', 5);
    expect(d.transitions).toMatchObject([{ from: 'up', to: 'maintenance', rule: 'quorum_maintenance' }]);
  });

  it('switches between down and maintenance only when the new kind has a quorum of its own', () => {
    const fleet = downFleet();
    fleet.round(2 * MIN, ['maintenance', 'down', 'down']);
    expect(fleet.status).toBe('down');
    fleet.round(3 * MIN, ['maintenance', 'maintenance', 'down']);
    expect(moves(fleet.transitions)).toEqual(['down→maintenance']);
    expect(fleet.transitions[0]?.rule).toBe('quorum_maintenance');
  });

  it('switches from maintenance to down only on confirmed looks at down', () => {
    const fleet = upFleet();
    fleet.round(0, ['maintenance', 'maintenance', 'maintenance']);
    fleet.round(MIN, ['down', 'down', 'maintenance']);
    expect(fleet.status).toBe('maintenance');
    fleet.round(2 * MIN, ['down', 'down', 'maintenance']);
    expect(moves(fleet.announced)).toEqual(['up→maintenance', 'maintenance→down']);
  });

  it('does not switch maintenance to down for a region failing alone and one failed look elsewhere', () => {
    const fleet = upFleet();
    for (let m = 0; m < 4; m++) fleet.round(m * MIN, ['down', 'maintenance', 'maintenance']);
    fleet.round(4 * MIN, ['down', 'down', 'maintenance']);
    fleet.round(5 * MIN, ['down', 'maintenance', 'maintenance']);
    expect(moves(fleet.announced)).toEqual(['up→maintenance']);
    expect(fleet.status).toBe('maintenance');
  });

  it('confirms degraded the same way as down', () => {
    const fleet = upFleet();
    fleet.round(0, ['degraded', 'degraded', 'up']);
    expect(fleet.transitions).toEqual([]);
    fleet.round(MIN, ['degraded', 'degraded', 'up']);
    expect(moves(fleet.transitions)).toEqual(['up→degraded']);
    expect(fleet.transitions[0]?.rule).toBe('quorum_degraded');
  });
});

describe('decide: one region failing alone (docs/consensus.md#regional-problem)', () => {
  it('never raises an alert, however long, and shows a regional problem instead', () => {
    const fleet = upFleet();
    for (let minute = 0; minute < 24 * 60; minute++) {
      fleet.round(minute * MIN, ['down', 'up', 'up'], { reason: 'refused' });
    }
    expect(fleet.transitions).toEqual([]);
    expect(fleet.state?.regionalProblems).toEqual([
      { region: JKT, status: 'down', reason: 'refused', since: iso(0) },
    ]);
  });

  it(`sets the lone region aside after ${SET_ASIDE_AFTER_INTERVALS} intervals, so another region's noise is no quorum`, () => {
    const fleet = upFleet();
    for (let minute = 0; minute < SET_ASIDE_AFTER_INTERVALS; minute++)
      fleet.round(minute * MIN, ['down', 'up', 'up']);
    expect(fleet.state?.votes.find((v) => v.region === JKT)?.excluded).toBeUndefined();
    fleet.round(SET_ASIDE_AFTER_INTERVALS * MIN, ['down', 'up', 'up']);
    expect(fleet.state?.votes.find((v) => v.region === JKT)?.excluded).toBe('regional_problem');
    // Singapore now fails twice in a row: with Jakarta counted that would be a confirmed quorum.
    fleet.round(4 * MIN, ['down', 'down', 'up']);
    fleet.round(5 * MIN, ['down', 'down', 'up']);
    expect(fleet.transitions).toEqual([]);
    // Jakarta agrees again: it counts again.
    fleet.round(6 * MIN, ['up', 'up', 'up']);
    expect(fleet.state?.votes.every((v) => v.excluded === undefined)).toBe(true);
    expect(fleet.state?.regionalProblems).toEqual([]);
  });

  it('keeps the first region aside when a second one starts failing alone: two regional problems are no outage', () => {
    const fleet = upFleet();
    for (let minute = 0; minute < 120; minute++) fleet.round(minute * MIN, ['down', 'up', 'up']);
    for (let minute = 120; minute < 240; minute++) fleet.round(minute * MIN, ['down', 'down', 'up']);
    expect(fleet.transitions).toEqual([]);
    expect(fleet.state?.votes.map((v) => v.excluded)).toEqual(['regional_problem', undefined, undefined]);
    expect(fleet.state?.regionalProblems.map((p) => [p.region, p.since])).toEqual([
      [JKT, iso(0)],
      [SIN, iso(120 * MIN)],
    ]);
  });

  it('counts a region set aside as one look when the others fail too: one round of re-checks confirms', () => {
    const fleet = upFleet();
    for (let m = 0; m <= SET_ASIDE_AFTER_INTERVALS; m++) fleet.round(m * MIN, ['down', 'up', 'up']);
    expect(fleet.state?.votes[0]?.excluded).toBe('regional_problem');
    const t = 5 * MIN;
    fleet.report(SIN, 'down', t);
    // Singapore's second look and Tokyo's first: 2 + 1 looks, and Jakarta, set aside, saw it too.
    fleet.report(SIN, 'down', t + 14);
    const d = fleet.report(TYO, 'down', t + 14);
    expect(d.transitions).toMatchObject([{ from: 'up', to: 'down', rule: 'quorum_down' }]);
  });

  it('never lets a region set aside make a quorum: it adds a look, not a vote', () => {
    const fleet = upFleet();
    for (let m = 0; m <= SET_ASIDE_AFTER_INTERVALS; m++) fleet.round(m * MIN, ['down', 'up', 'up']);
    // Singapore fails twice in a row while Tokyo stays up: 2 looks and the set-aside one, but one failing vote.
    fleet.report(SIN, 'down', 5 * MIN);
    fleet.report(SIN, 'down', 5 * MIN + 14);
    fleet.report(TYO, 'up', 5 * MIN + 14);
    fleet.round(6 * MIN, ['down', 'up', 'up']);
    // Single failures in the two others at once: 1 + 1 + 1 looks.
    fleet.round(7 * MIN, ['down', 'down', 'down']);
    expect(fleet.transitions).toEqual([]);
  });

  it('still sees a global outage while a region is set aside', () => {
    const fleet = upFleet();
    for (let minute = 0; minute < 10; minute++) fleet.round(minute * MIN, ['down', 'up', 'up']);
    fleet.round(10 * MIN, ['down', 'down', 'down']);
    fleet.round(11 * MIN, ['down', 'down', 'down']);
    expect(moves(fleet.announced)).toEqual(['up→down']);
  });

  it('counts a region set aside again, unmarked, once the others confirm what it sees', () => {
    const fleet = upFleet();
    for (let minute = 0; minute < 10; minute++) fleet.round(minute * MIN, ['down', 'up', 'up']);
    fleet.round(10 * MIN, ['down', 'down', 'down']);
    // The others' first look is no confirmed quorum yet: Jakarta stays aside, its failure is no extra look.
    expect(fleet.state?.votes.map((v) => v.excluded)).toEqual(['regional_problem', undefined, undefined]);
    fleet.round(11 * MIN, ['down', 'down', 'down']);
    expect(moves(fleet.announced)).toEqual(['up→down']);
    expect(fleet.announced[0]?.votes.map((v) => v.excluded)).toEqual([undefined, undefined, undefined]);
    expect(fleet.state?.votes.every((v) => v.excluded === undefined)).toBe(true);
  });

  it('counts a region whose own network failed for long again when the fleet sees maintenance (the demo)', () => {
    const fleet = upFleet();
    for (let minute = 0; minute < 6; minute++) {
      fleet.round(minute * MIN, ['up', 'up']);
      fleet.report(TYO, 'down', minute * MIN, { control: false, reason: 'refused' });
    }
    fleet.report(TYO, 'maintenance', 6 * MIN);
    fleet.round(6 * MIN, ['maintenance', 'maintenance']);
    expect(moves(fleet.announced)).toEqual(['up→maintenance']);
    expect(fleet.announced[0]?.votes.map((v) => v.excluded)).toEqual([undefined, undefined, undefined]);
  });

  it('keeps a region aside while it still disagrees with what the others confirm', () => {
    const fleet = upFleet();
    for (let minute = 0; minute < 10; minute++) fleet.round(minute * MIN, ['down', 'up', 'up']);
    fleet.round(10 * MIN, ['down', 'degraded', 'degraded']);
    fleet.round(11 * MIN, ['down', 'degraded', 'degraded']);
    expect(moves(fleet.announced)).toEqual(['up→degraded']);
    expect(fleet.announced[0]?.votes.map((v) => v.excluded)).toEqual([
      'regional_problem',
      undefined,
      undefined,
    ]);
  });

  it('keeps a region aside when its single look would leave the others’ confirmed outage unconfirmed', () => {
    const regions = [...REGIONS, 'ap-south-1'];
    const fleet = upFleet(POLICY, regions);
    for (let minute = 0; minute < 6; minute++) {
      fleet.report(JKT, 'down', minute * MIN, { control: false });
      for (const region of regions.slice(1)) fleet.report(region, 'up', minute * MIN);
    }
    fleet.report(JKT, 'down', 6 * MIN, { control: false });
    fleet.report(SIN, 'down', 6 * MIN);
    fleet.report(TYO, 'down', 6 * MIN);
    // Jakarta's network is back, its first look since counts once: 2 + 2 + 1 looks are no confirmed quorum of 3.
    fleet.round(7 * MIN, ['down', 'down', 'down', 'up']);
    expect(moves(fleet.announced)).toEqual(['up→down']);
    expect(fleet.announced[0]?.votes.map((v) => v.excluded)).toEqual([
      'regional_problem',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('does not let a region aside plus two coincidental single failures raise an alert', () => {
    const fleet = upFleet();
    for (let minute = 0; minute < 10; minute++) fleet.round(minute * MIN, ['down', 'up', 'up']);
    fleet.round(10 * MIN, ['down', 'down', 'down']);
    fleet.round(11 * MIN, ['down', 'up', 'up']);
    expect(fleet.transitions).toEqual([]);
  });
});

describe('decide: recovery hold and flap damping (docs/consensus.md#recovery, docs/consensus.md#flap-damping)', () => {
  it('recovers only after a quorum has said up for the whole hold', () => {
    const fleet = downFleet();
    fleet.round(2 * MIN, ['up', 'up', 'down']);
    expect(fleet.state).toMatchObject({
      status: 'down',
      rule: 'recovery_hold',
      pending: { status: 'up', since: iso(2 * MIN) },
    });
    fleet.round(3 * MIN, ['up', 'up', 'up']);
    expect(fleet.evaluate(4 * MIN - 1).next.status).toBe('down');
    const d = fleet.evaluate(4 * MIN);
    expect(d.transitions).toMatchObject([
      { from: 'down', to: 'up', rule: 'recovery_hold', fromSince: iso(MIN) },
    ]);
  });

  it('starts the hold again when a confirmed failing quorum interrupts it', () => {
    // A high flap threshold keeps flap damping out of this test.
    const fleet = new Fleet({ ...POLICY, flapThreshold: 10 });
    fleet.round(0, ['down', 'down', 'down']);
    fleet.round(MIN, ['down', 'down', 'down']);
    fleet.round(2 * MIN, ['up', 'up', 'up']);
    fleet.round(3 * MIN, ['down', 'down', 'up']);
    // One failed look in each of two regions is no relapse yet: the hold runs on.
    expect(fleet.state).toMatchObject({ status: 'down', pending: { status: 'up', since: iso(2 * MIN) } });
    fleet.round(3 * MIN + 20, ['down', 'down', 'up']);
    expect(fleet.state).toMatchObject({ status: 'down', pending: null });
    fleet.round(4 * MIN, ['up', 'up', 'up']);
    expect(fleet.evaluate(6 * MIN - 1).next.status).toBe('down');
    expect(fleet.evaluate(6 * MIN).next.status).toBe('up');
  });

  it('lets the hold run on through failed looks that are not confirmed, and counts no episode for them', () => {
    const fleet = downFleet();
    fleet.round(2 * MIN, ['up', 'up', 'up']);
    fleet.round(3 * MIN, ['down', 'down', 'down']);
    expect(fleet.state).toMatchObject({ pending: { status: 'up', since: iso(2 * MIN) } });
    expect(fleet.state?.recentOutages).toEqual([iso(MIN)]);
    fleet.round(4 * MIN, ['up', 'up', 'up']);
    expect(moves(fleet.announced)).toEqual(['down→up']);
    expect(fleet.announced[0]).toMatchObject({ rule: 'recovery_hold', at: iso(4 * MIN) });
  });

  it('keeps the hold of a region failing alone plus one failed look elsewhere (the blocked region agrees with down)', () => {
    const fleet = upFleet();
    for (let m = 0; m < 5; m++) fleet.round(m * MIN, ['down', 'up', 'up']);
    fleet.round(5 * MIN, ['down', 'down', 'down']);
    fleet.round(6 * MIN, ['down', 'down', 'down']);
    expect(fleet.status).toBe('down');
    fleet.round(7 * MIN, ['down', 'up', 'up']);
    fleet.round(8 * MIN, ['down', 'down', 'up']);
    expect(fleet.state).toMatchObject({ pending: { status: 'up', since: iso(7 * MIN) } });
    fleet.round(9 * MIN, ['down', 'up', 'up']);
    expect(moves(fleet.announced)).toEqual(['up→down', 'down→up']);
    expect(fleet.announced[1]).toMatchObject({ rule: 'recovery_hold', at: iso(9 * MIN) });
  });

  it('holds a recovery longer while flapping', () => {
    const fleet = upFleet();
    const cycle = (start: number, downMinutes: number, upMinutes: number) => {
      for (let m = 0; m < downMinutes; m++) fleet.round((start + m) * MIN, ['down', 'down', 'down']);
      for (let m = 0; m < upMinutes; m++) fleet.round((start + downMinutes + m) * MIN, ['up', 'up', 'up']);
    };
    cycle(0, 3, 4); // down at 1, up from 3, recovered at 5 (2 min hold)
    expect(moves(fleet.announced)).toEqual(['up→down', 'down→up']);
    cycle(7, 3, 4); // down again at 8: two episodes within the hour → flapping
    expect(fleet.state).toMatchObject({
      status: 'down',
      rule: 'flap_damped',
      pending: { status: 'up', since: iso(10 * MIN) },
    });
    expect(fleet.state?.recentOutages).toEqual([iso(MIN), iso(8 * MIN)]);
    for (let m = 14; m < 25; m++) fleet.round(m * MIN, ['up', 'up', 'up']);
    expect(fleet.status).toBe('down');
    fleet.round(25 * MIN, ['up', 'up', 'up']);
    expect(moves(fleet.announced)).toEqual(['up→down', 'down→up', 'up→down', 'down→up']);
    expect(fleet.announced[3]).toMatchObject({ rule: 'flap_damped', at: iso(25 * MIN) });
  });

  it('counts a confirmed failing quorum that interrupts a recovery hold as another episode', () => {
    const fleet = downFleet();
    fleet.round(2 * MIN, ['up', 'up', 'up']);
    fleet.round(3 * MIN, ['down', 'down', 'down']);
    fleet.round(3 * MIN + 30, ['down', 'down', 'down']);
    expect(fleet.state?.recentOutages).toEqual([iso(MIN), iso(3 * MIN + 30)]);
    for (let m = 4; m < 19; m++) fleet.round(m * MIN, ['up', 'up', 'up']);
    expect(fleet.status).toBe('down');
    fleet.round(19 * MIN, ['up', 'up', 'up']);
    expect(moves(fleet.announced)).toEqual(['down→up']);
    expect(fleet.announced[0]?.rule).toBe('flap_damped');
  });

  it('sends a bounded number of messages for an hour of flapping every few minutes', () => {
    const fleet = upFleet();
    const pattern = [2, 3, 1, 4, 3, 2, 5, 1, 2, 3, 4, 2, 3, 1, 5, 3, 2, 4, 3, 2];
    let minute = 0;
    let failing = true;
    for (const length of pattern) {
      for (let m = 0; m < length; m++, minute++) {
        fleet.round(minute * MIN, failing ? ['down', 'down', 'down'] : ['up', 'up', 'up']);
      }
      failing = !failing;
    }
    expect(minute).toBe(55);
    // The alert, an early recovery (the first up spell outlasted the normal hold), the second alert; then the
    // target stays down while it keeps failing again, and one recovery once it has been stable for 15 minutes.
    expect(moves(fleet.announced)).toEqual(['up→down', 'down→up', 'up→down']);
    for (let m = 0; m < 16; m++, minute++) fleet.round(minute * MIN, ['up', 'up', 'up']);
    expect(moves(fleet.announced)).toEqual(['up→down', 'down→up', 'up→down', 'down→up']);
    expect(fleet.announced[3]).toMatchObject({ rule: 'flap_damped', at: iso(68 * MIN) });
  });

  it('returns to the normal hold once earlier episodes leave the flap window', () => {
    const fleet = upFleet();
    fleet.round(0, ['down', 'down', 'down']);
    fleet.round(MIN, ['down', 'down', 'down']);
    for (let m = 2; m <= 4; m++) fleet.round(m * MIN, ['up', 'up', 'up']);
    fleet.round(5 * MIN, ['down', 'down', 'down']);
    fleet.round(6 * MIN, ['down', 'down', 'down']);
    for (let m = 7; m <= 25; m++) fleet.round(m * MIN, ['up', 'up', 'up']);
    expect(moves(fleet.announced)).toEqual(['up→down', 'down→up', 'up→down', 'down→up']);
    const later = 2 * 60 * MIN;
    fleet.round(later, ['down', 'down', 'down']);
    fleet.round(later + MIN, ['down', 'down', 'down']);
    fleet.round(later + 2 * MIN, ['up', 'up', 'up']);
    fleet.round(later + 4 * MIN, ['up', 'up', 'up']);
    expect(fleet.announced.at(-1)).toMatchObject({ to: 'up', rule: 'recovery_hold' });
  });

  it('recovers from degraded with the same hold', () => {
    const fleet = upFleet();
    fleet.round(0, ['degraded', 'degraded', 'up']);
    fleet.round(MIN, ['degraded', 'degraded', 'up']);
    fleet.round(2 * MIN, ['up', 'up', 'up']);
    fleet.round(3 * MIN, ['up', 'up', 'up']);
    expect(fleet.status).toBe('degraded');
    fleet.round(4 * MIN, ['up', 'up', 'up']);
    expect(moves(fleet.announced)).toEqual(['up→degraded', 'degraded→up']);
  });

  it('recovers at once with a hold of zero', () => {
    const fleet = new Fleet({ ...POLICY, recoveryHoldMs: 0 });
    fleet.round(0, ['down', 'down', 'down']);
    fleet.round(MIN, ['down', 'down', 'down']);
    fleet.round(2 * MIN, ['up', 'up', 'down']);
    expect(moves(fleet.announced)).toEqual(['unknown→down', 'down→up']);
  });
});

describe('decide: the recovery rule, long outages, flaps, bare majorities (docs/consensus.md#recovery)', () => {
  const HOUR = 60 * MIN;
  /** Every region fails from `from` (s) for `minutes`, one round a minute; the first round at `from`. */
  function outage(
    fleet: Fleet,
    from: number,
    minutes: number,
    statuses: readonly ProbeStatus[] = ['down', 'down', 'down'],
  ) {
    for (let m = 0; m < minutes; m++) fleet.round(from + m * MIN, statuses);
  }

  it('ends a long outage as soon as every region has seen the server working twice in a row', () => {
    const fleet = upFleet();
    outage(fleet, 0, 15);
    expect(moves(fleet.announced)).toEqual(['up→down']);
    // The first look of each region after the end: a quorum, but nobody has looked twice yet.
    fleet.round(15 * MIN, ['up', 'up', 'up']);
    expect(fleet.state).toMatchObject({ status: 'down', rule: 'recovery_hold' });
    // Their second looks (a burst would bring them within seconds): no hold to wait out.
    fleet.report(JKT, 'up', 15 * MIN + 15);
    fleet.report(SIN, 'up', 15 * MIN + 15);
    expect(fleet.status).toBe('down');
    const d = fleet.report(TYO, 'up', 15 * MIN + 15);
    expect(d.transitions).toMatchObject([
      { from: 'down', to: 'up', rule: 'recovery_confirmed', at: iso(15 * MIN + 15) },
    ]);
    // Still watched for the flap window from the outage's start: a failure before then is a relapse.
    expect(d.transitions[0]?.watchUntil).toBe(iso(MIN + HOUR));
    expect(d.next.outageSince).toBeNull();
  });

  it('holds the end of a short outage for the recovery hold, even when every region is back twice', () => {
    const fleet = upFleet();
    outage(fleet, 0, 3);
    fleet.round(3 * MIN, ['up', 'up', 'up']);
    fleet.round(3 * MIN + 20, ['up', 'up', 'up']);
    expect(fleet.state).toMatchObject({
      status: 'down',
      rule: 'recovery_hold',
      pending: { status: 'up', since: iso(3 * MIN) },
    });
    expect(fleet.evaluate(5 * MIN - 1).next.status).toBe('down');
    expect(fleet.evaluate(5 * MIN).transitions).toMatchObject([{ to: 'up', rule: 'recovery_hold' }]);
  });

  it('measures the outage from its start to the first up quorum, through a switch to maintenance and unknown', () => {
    const fleet = upFleet();
    outage(fleet, 0, 6);
    outage(fleet, 6 * MIN, 3, ['maintenance', 'maintenance', 'maintenance']);
    // Every region silent: unknown (for operators only), then back, up: 11 minutes after the outage began.
    fleet.evaluate(8 * MIN + 150);
    expect(fleet.status).toBe('unknown');
    fleet.round(12 * MIN, ['up', 'up', 'up']);
    fleet.round(12 * MIN + 20, ['up', 'up', 'up']);
    expect(moves(fleet.announced)).toEqual(['up→down', 'down→maintenance', 'maintenance→up']);
    expect(fleet.announced[2]).toMatchObject({ rule: 'recovery_confirmed', at: iso(12 * MIN + 20) });
  });

  it('waits out the hold for a bare majority after a long outage, and not once every region is back', () => {
    const fleet = upFleet();
    outage(fleet, 0, 15);
    // Tokyo still fails: two of three regions are back, twice.
    fleet.round(15 * MIN, ['up', 'up', 'down']);
    fleet.round(15 * MIN + 20, ['up', 'up', 'down']);
    expect(fleet.state).toMatchObject({ status: 'down', rule: 'recovery_hold' });
    fleet.round(16 * MIN, ['up', 'up', 'down']);
    expect(fleet.status).toBe('down');
    fleet.round(17 * MIN, ['up', 'up', 'down']);
    expect(fleet.announced.at(-1)).toMatchObject({ to: 'up', rule: 'recovery_hold', at: iso(17 * MIN) });

    const all = upFleet();
    outage(all, 0, 15);
    all.round(15 * MIN, ['up', 'up', 'down']);
    all.round(15 * MIN + 20, ['up', 'up', 'up']);
    all.round(15 * MIN + 40, ['up', 'up', 'up']);
    expect(all.announced.at(-1)).toMatchObject({
      to: 'up',
      rule: 'recovery_confirmed',
      at: iso(15 * MIN + 40),
    });
  });

  it('does not take slow answers for a clean return: degraded looks wait out the hold', () => {
    const fleet = upFleet();
    outage(fleet, 0, 15);
    fleet.round(15 * MIN, ['up', 'up', 'degraded']);
    fleet.round(15 * MIN + 20, ['up', 'up', 'degraded']);
    expect(fleet.status).toBe('down');
    fleet.round(17 * MIN, ['up', 'up', 'degraded']);
    expect(fleet.announced.at(-1)).toMatchObject({ to: 'up', rule: 'recovery_hold', at: iso(17 * MIN) });
  });

  it('tells a flap as one story: a relapse while watched, then the flap hold', () => {
    const fleet = upFleet();
    outage(fleet, 0, 3);
    for (let m = 3; m <= 5; m++) fleet.round(m * MIN, ['up', 'up', 'up']);
    expect(fleet.announced.at(-1)).toMatchObject({
      to: 'up',
      rule: 'recovery_hold',
      watchUntil: iso(MIN + HOUR),
    });
    outage(fleet, 6 * MIN, 2);
    expect(moves(fleet.announced)).toEqual(['up→down', 'down→up', 'up→down']);
    expect(fleet.announced[2]).toMatchObject({ relapse: true, rule: 'quorum_down' });
    expect(fleet.announced[0]?.relapse).toBeUndefined();
    // Flapping now: even a long clean return waits for the flap hold (15 minutes).
    for (let m = 8; m < 22; m++) fleet.round(m * MIN, ['up', 'up', 'up']);
    expect(moves(fleet.announced)).toEqual(['up→down', 'down→up', 'up→down']);
    fleet.round(23 * MIN, ['up', 'up', 'up']);
    expect(fleet.announced.at(-1)).toMatchObject({ to: 'up', rule: 'flap_damped', at: iso(23 * MIN) });
  });

  it('counts a relapse during the short hold as an episode, and says nothing until the flap hold ends', () => {
    const fleet = upFleet();
    outage(fleet, 0, 3);
    fleet.round(3 * MIN, ['up', 'up', 'up']);
    fleet.round(4 * MIN, ['down', 'down', 'down']);
    fleet.round(4 * MIN + 20, ['down', 'down', 'down']);
    expect(fleet.state).toMatchObject({ status: 'down', pending: null, outageSince: iso(4 * MIN + 20) });
    expect(fleet.state?.recentOutages).toEqual([iso(MIN), iso(4 * MIN + 20)]);
    // A long relapse that ends is still a flap: the flap hold, not a confirmed recovery.
    outage(fleet, 5 * MIN, 15);
    for (let m = 20; m <= 35; m++) fleet.round(m * MIN, ['up', 'up', 'up']);
    expect(moves(fleet.announced)).toEqual(['up→down', 'down→up']);
    expect(fleet.announced[1]).toMatchObject({ rule: 'flap_damped', at: iso(35 * MIN) });
  });

  it('says nothing about a watch after an outage that began before the flap window', () => {
    const fleet = upFleet();
    outage(fleet, 0, 70);
    fleet.round(70 * MIN, ['up', 'up', 'up']);
    fleet.round(70 * MIN + 20, ['up', 'up', 'up']);
    expect(fleet.announced.at(-1)).toMatchObject({ to: 'up', rule: 'recovery_confirmed' });
    expect(fleet.announced.at(-1)?.watchUntil).toBeUndefined();
  });

  it('always holds when the long-outage rule is off', () => {
    const fleet = upFleet({ ...POLICY, longOutageMs: null });
    outage(fleet, 0, 15);
    fleet.round(15 * MIN, ['up', 'up', 'up']);
    fleet.round(15 * MIN + 20, ['up', 'up', 'up']);
    expect(fleet.status).toBe('down');
    fleet.round(17 * MIN, ['up', 'up', 'up']);
    expect(fleet.announced.at(-1)).toMatchObject({ to: 'up', rule: 'recovery_hold', at: iso(17 * MIN) });
  });

  it('reads the long-outage threshold from the configuration', () => {
    const policy = resolvePolicy(parseFleetConfig({ policy: { longOutageMinutes: 20 } }));
    expect(policy.longOutageMs).toBe(20 * MIN * 1000);
    const fleet = upFleet(policy);
    outage(fleet, 0, 15);
    fleet.round(15 * MIN, ['up', 'up', 'up']);
    fleet.round(15 * MIN + 20, ['up', 'up', 'up']);
    expect(fleet.state).toMatchObject({ status: 'down', rule: 'recovery_hold' });
  });
});

describe('decide: unknown (docs/consensus.md#unknown)', () => {
  function silentAfterDown(): Fleet {
    const fleet = downFleet();
    fleet.report(JKT, 'down', 2 * MIN);
    fleet.evaluate(MIN + 150);
    expect(fleet.status).toBe('unknown');
    return fleet;
  }

  it('tells subscribers nothing when the status comes back the same', () => {
    const fleet = silentAfterDown();
    fleet.round(5 * MIN, ['down', 'down', 'down']);
    expect(moves(fleet.transitions)).toEqual(['down→unknown', 'unknown→down']);
    expect(fleet.announced).toEqual([]);
  });

  it('applies the recovery hold when the status comes back better than before', () => {
    const fleet = silentAfterDown();
    fleet.round(5 * MIN, ['up', 'up', 'up']);
    expect(moves(fleet.transitions)).toEqual(['down→unknown', 'unknown→down']);
    expect(fleet.state?.pending).toEqual({ status: 'up', since: iso(5 * MIN) });
    fleet.round(7 * MIN, ['up', 'up', 'up']);
    expect(moves(fleet.announced)).toEqual(['down→up']);
  });

  it('tells subscribers about a worse status, with what they were last told', () => {
    const fleet = upFleet();
    fleet.round(0, ['up', 'up', 'up']);
    fleet.evaluate(150);
    expect(fleet.status).toBe('unknown');
    fleet.round(4 * MIN, ['down', 'down', 'down']);
    fleet.round(5 * MIN, ['down', 'down', 'down']);
    expect(moves(fleet.announced)).toEqual(['unknown→down']);
    const wentUnknown = fleet.decisions.find((d) => d.transitions[0]?.to === 'unknown');
    expect(fleet.announced[0]?.lastKnown).toEqual(wentUnknown?.next.lastKnown);
    expect(fleet.announced[0]?.lastKnown?.status).toBe('up');
  });
});

describe('decide: evidence and bookkeeping (docs/consensus.md#evidence)', () => {
  it('gives each transition every region’s vote, counted or not, and the rule that fired', () => {
    const fleet = upFleet();
    fleet.report(TYO, 'up', 0, { control: false });
    fleet.report(JKT, 'down', 0);
    fleet.report(SIN, 'down', 0);
    fleet.report(JKT, 'down', MIN, { control: null });
    const d = fleet.report(SIN, 'down', MIN);
    const [t] = d.transitions;
    expect(t?.rule).toBe('quorum_down');
    expect(t?.votes).toEqual([
      {
        region: JKT,
        status: 'down',
        reason: 'timeout',
        detail: `down seen from ${JKT}`,
        latencyMs: 10_000,
        checkedAt: iso(MIN),
        control: null,
        previousStatus: 'down',
      },
      expect.objectContaining({ region: SIN, status: 'down', previousStatus: 'down' }),
      expect.objectContaining({ region: TYO, status: 'up', control: false }),
    ]);
    expect(d.next.outbox).toEqual([t]);
    expect(d.next.since).toBe(t?.at);
  });

  it('keeps transition times unique and increasing within one millisecond', () => {
    const fleet = upFleet();
    const previous = { ...fleet.state!, since: iso(10) };
    const votes = REGIONS.map((r) => vote(r, 'down', { checkedAt: iso(10), previousStatus: 'down' }));
    const d = decide(previous, { targetId: 'svc-wsdl', regions: REGIONS, votes }, POLICY, at(10));
    expect(d.transitions[0]?.at).toBe(new Date(Date.parse(iso(10)) + 1).toISOString());
  });

  it('keeps only the new transition in the outbox, and the delivery cursor where the oldest waiting one is', () => {
    const previous = consensusState({
      status: 'up',
      since: iso(-600),
      version: 7,
      delivery: { since: iso(-600), newest: iso(-600), failures: 2, retryAt: iso(30) },
    });
    const votes = REGIONS.map((r) => vote(r, 'down', { checkedAt: iso(0), previousStatus: 'down' }));
    const d = decide(previous, { targetId: 'svc-wsdl', regions: REGIONS, votes }, POLICY, at(0));
    expect(d.next.outbox).toEqual(d.transitions);
    expect(d.transitions).toHaveLength(MAX_TRANSITIONS_PER_DECISION);
    expect(d.next.delivery).toEqual({
      since: iso(-600),
      newest: d.transitions[0]?.at,
      failures: 2,
      retryAt: iso(30),
    });
    expect(d.next).toMatchObject({ version: 8, evaluatedAt: iso(0), status: 'down' });
  });

  it('starts the delivery cursor at a change for subscribers, and leaves it alone for operators', () => {
    const fleet = upFleet();
    expect(fleet.state?.delivery).toEqual({ since: null, newest: null, failures: 0, retryAt: null });
    const votes = REGIONS.map((r) => vote(r, 'down', { checkedAt: iso(0), previousStatus: 'down' }));
    const down = decide(fleet.state, { targetId: 'svc-wsdl', regions: REGIONS, votes }, POLICY, at(0));
    const at0 = down.transitions[0]!.at;
    expect(down.next.delivery).toMatchObject({ since: at0, newest: at0 });
    const silent = decide(down.next, { targetId: 'svc-wsdl', regions: REGIONS, votes: [] }, POLICY, at(60));
    expect(silent.transitions).toMatchObject([{ to: 'unknown', audience: 'ops' }]);
    expect(silent.next.delivery).toMatchObject({ since: at0, newest: at0 });
  });
});

describe('decide: burst confirmation (docs/consensus.md#burst-confirmation)', () => {
  it('asks every region, the disagreeing one included (its second look)', () => {
    const fleet = upFleet();
    const d = fleet.report(JKT, 'down', 0);
    expect(d.burst).toEqual({ requestedBy: JKT, regions: [JKT, SIN, TYO] });
    expect(d.next.recentBursts).toEqual([iso(0)]);
  });

  it('does not ask a region set aside', () => {
    const fleet = upFleet();
    for (let m = 0; m <= SET_ASIDE_AFTER_INTERVALS; m++) fleet.round(m * MIN, ['down', 'up', 'up']);
    const d = fleet.report(SIN, 'degraded', (SET_ASIDE_AFTER_INTERVALS + 1) * MIN);
    expect(d.next.votes[0]?.excluded).toBe('regional_problem');
    expect(d.burst).toEqual({ requestedBy: SIN, regions: [SIN, TYO] });
    expect(d.transitions).toEqual([]);
  });

  it('does not ask when the result agrees, or when only an excluded vote disagrees', () => {
    const fleet = upFleet();
    expect(fleet.report(JKT, 'up', 0).burst).toBeNull();
    expect(fleet.report(SIN, 'down', 1, { control: false }).burst).toBeNull();
    expect(fleet.evaluate(2).burst).toBeNull();
  });

  it(`asks at most ${MAX_BURSTS_PER_INTERVAL} times per interval, then again in the next interval`, () => {
    const fleet = upFleet();
    // Jakarta alone keeps failing: each of its results disagrees, none makes a quorum.
    const bursts = [0, 5, 10, 20, 40, 60, 61, 65].map((s) => fleet.report(JKT, 'down', s).burst);
    expect(bursts.map((b) => b !== null)).toEqual([true, true, false, false, false, true, false, true]);
  });

  it('confirms an outage seconds after the first region sees it, in one round of re-checks', () => {
    const fleet = upFleet();
    expect(fleet.report(JKT, 'down', 0).burst).toEqual({ requestedBy: JKT, regions: [JKT, SIN, TYO] });
    expect(fleet.report(JKT, 'down', 4).transitions).toEqual([]);
    expect(fleet.report(SIN, 'down', 4).transitions).toEqual([]);
    const confirmed = fleet.report(TYO, 'down', 5);
    expect(confirmed.transitions).toMatchObject([{ from: 'up', to: 'down', at: iso(5) }]);
  });
});

describe('decide: suspect results (a first attempt stored while its retry runs)', () => {
  it.each<{ suspect: ProbeStatus; reason: 'timeout' | 'refused' | 'slow' | 'no_answer_yet' }>([
    { suspect: 'down', reason: 'timeout' },
    { suspect: 'down', reason: 'refused' },
    { suspect: 'degraded', reason: 'slow' },
    { suspect: 'degraded', reason: 'no_answer_yet' },
  ])(
    'never alerts on a $reason suspect in two regions at once that their retries do not confirm',
    ({ suspect, reason }) => {
      const fleet = upFleet();
      const first = fleet.report(JKT, suspect, 0, { reason, evaluateAt: 3 });
      expect(first.burst).toEqual({ requestedBy: JKT, regions: [JKT, SIN, TYO] });
      fleet.report(SIN, suspect, 5, { reason, evaluateAt: 8 });
      // Failed or slow looks wait for confirmation; unanswered ones support no status at all.
      expect(fleet.state).toMatchObject(
        reason === 'no_answer_yet'
          ? { status: 'up', pending: null }
          : { status: 'up', rule: 'awaiting_confirmation' },
      );
      // The final results replace the suspects under their keys: one look each, never a region's second.
      fleet.report(JKT, 'up', 0, { evaluateAt: 22 });
      fleet.report(SIN, 'up', 5, { evaluateAt: 27 });
      fleet.evaluate(MIN);
      expect(fleet.state).toMatchObject({ status: 'up', pending: null });
      expect(fleet.transitions).toEqual([]);
    },
  );

  it('counts a slow suspect and the failed attempt that replaces it as one look', () => {
    const fleet = upFleet();
    fleet.report(JKT, 'degraded', 0, { reason: 'no_answer_yet', evaluateAt: 3 });
    fleet.report(SIN, 'degraded', 5, { reason: 'no_answer_yet', evaluateAt: 8 });
    fleet.report(JKT, 'down', 0, { evaluateAt: 10 });
    fleet.report(SIN, 'down', 5, { evaluateAt: 15 });
    expect(fleet.state).toMatchObject({ status: 'up', pending: { status: 'down' } });
    expect(fleet.state?.votes.map((v) => v.previousStatus)).toEqual(['up', 'up', 'up']);
    fleet.report(JKT, 'up', 0, { evaluateAt: 22 });
    fleet.report(SIN, 'up', 5, { evaluateAt: 27 });
    expect(fleet.transitions).toEqual([]);
  });

  it('confirms a hanging server in one round of re-checks that a slow suspect starts', () => {
    const fleet = upFleet();
    // Jakarta's planned run at 0 has no answer after 3 s; the burst's runs start at 7 s.
    expect(fleet.report(JKT, 'degraded', 0, { reason: 'no_answer_yet', evaluateAt: 3 }).burst).not.toBeNull();
    fleet.report(JKT, 'down', 0, { evaluateAt: 10 });
    // The burst's first attempts time out at 17 s: Jakarta's is its second look.
    fleet.report(JKT, 'down', 7, { evaluateAt: 17 });
    fleet.report(SIN, 'down', 7, { evaluateAt: 17 });
    expect(fleet.transitions).toEqual([]);
    fleet.report(TYO, 'down', 7, { evaluateAt: 17 });
    expect(fleet.transitions).toMatchObject([{ from: 'up', to: 'down', at: iso(17) }]);
  });

  it('asks for no re-check during an outage for a look better but not up (a slow suspect), but does for an up one', () => {
    const fleet = downFleet();
    expect(fleet.report(JKT, 'degraded', 2 * MIN, { reason: 'no_answer_yet' }).burst).toBeNull();
    expect(fleet.report(SIN, 'up', 2 * MIN + 20).burst).toEqual({
      requestedBy: SIN,
      regions: [JKT, SIN, TYO],
    });
    expect(fleet.status).toBe('down');
  });
  it('never tells a hanging server "slow" on a first attempt still unanswered, and confirms it down once it times out', () => {
    const fleet = upFleet();
    // Jakarta's run and its burst re-check fail: two looks; Singapore's burst re-check fails: one.
    fleet.report(JKT, 'down', 0, { evaluateAt: 1 });
    fleet.report(JKT, 'down', 4, { evaluateAt: 5 });
    fleet.report(SIN, 'down', 4, { evaluateAt: 5 });
    expect(fleet.state).toMatchObject({ status: 'up', rule: 'awaiting_confirmation' });
    // Singapore's planned run has no answer after 3 s: not up, but no sign of slowness, whatever came before it.
    fleet.report(SIN, 'degraded', 20, { reason: 'no_answer_yet', evaluateAt: 23 });
    expect(fleet.transitions).toEqual([]);
    expect(fleet.state?.status).toBe('up');
    // Its time-out replaces it under the same key: Singapore's second look, and the outage is confirmed.
    fleet.report(SIN, 'down', 20, { evaluateAt: 30 });
    expect(fleet.transitions).toMatchObject([{ from: 'up', to: 'down', at: iso(30) }]);
  });

  it('still tells a slow server "slow" on its answers, and a slow answer after a failure confirms it as before', () => {
    const fleet = upFleet();
    fleet.report(JKT, 'down', 0, { evaluateAt: 1 });
    fleet.report(JKT, 'down', 4, { evaluateAt: 5 });
    fleet.report(SIN, 'down', 4, { evaluateAt: 5 });
    // An answer that came back slowly is evidence: with Jakarta's two failed looks it makes a confirmed "slow" quorum.
    fleet.report(SIN, 'degraded', 20, { reason: 'slow', evaluateAt: 25 });
    expect(fleet.transitions).toMatchObject([{ from: 'up', to: 'degraded', at: iso(25) }]);
  });

  it('keeps a recovery hold running through a first attempt still unanswered, and counts the failure after it as a relapse', () => {
    const fleet = downFleet();
    fleet.round(2 * MIN, ['up', 'up', 'up']);
    const held = fleet.state?.pending;
    expect(fleet.state).toMatchObject({ status: 'down', rule: 'recovery_hold', pending: { status: 'up' } });
    // Singapore fails twice; Jakarta and Tokyo still make the up quorum: the hold runs on.
    fleet.report(SIN, 'down', 2 * MIN + 20);
    fleet.report(SIN, 'down', 2 * MIN + 24);
    expect(fleet.state?.pending).toEqual(held);
    // Jakarta's next attempt has no answer yet: no status has a quorum, and nothing is decided or undone.
    fleet.report(JKT, 'degraded', 2 * MIN + 40, { reason: 'no_answer_yet', evaluateAt: 2 * MIN + 43 });
    expect(fleet.state).toMatchObject({ status: 'down', rule: 'recovery_hold', pending: held });
    // It times out, and Tokyo's re-check fails: a confirmed relapse, the second episode within the flap window.
    fleet.report(JKT, 'down', 2 * MIN + 40, { evaluateAt: 2 * MIN + 50 });
    fleet.report(TYO, 'down', 2 * MIN + 47, { evaluateAt: 2 * MIN + 52 });
    expect(fleet.state).toMatchObject({ status: 'down', pending: null });
    expect(fleet.state?.recentOutages).toHaveLength(2);
    fleet.round(4 * MIN, ['up', 'up', 'up']);
    expect(fleet.state).toMatchObject({ rule: 'flap_damped', pending: { status: 'up' } });
    expect(fleet.transitions).toEqual([]);
  });

  it('starts no recovery of an outage on first attempts still unanswered', () => {
    const fleet = downFleet();
    fleet.report(JKT, 'degraded', 2 * MIN, { reason: 'no_answer_yet' });
    fleet.report(SIN, 'degraded', 2 * MIN + 1, { reason: 'no_answer_yet' });
    expect(fleet.state).toMatchObject({ status: 'down', pending: null });
    // A slow answer is better than down: that one starts the hold, as before.
    fleet.report(JKT, 'degraded', 2 * MIN, { reason: 'slow', evaluateAt: 2 * MIN + 6 });
    fleet.report(SIN, 'degraded', 2 * MIN + 1, { reason: 'slow', evaluateAt: 2 * MIN + 7 });
    expect(fleet.state).toMatchObject({ status: 'down', pending: { status: 'degraded' } });
    expect(fleet.transitions).toEqual([]);
  });
});

describe('decide: policy', () => {
  it('reads the configured policy', () => {
    const policy = resolvePolicy(
      parseFleetConfig({ probeIntervalSeconds: 30, policy: { quorum: 3, recoveryHoldSeconds: 60 } }),
    );
    const fleet = new Fleet(policy);
    fleet.round(0, ['up', 'up', 'up']);
    fleet.round(30, ['down', 'down', 'up']);
    fleet.round(60, ['down', 'down', 'up']);
    expect(fleet.status).toBe('up');
    fleet.round(90, ['down', 'down', 'down']);
    fleet.round(120, ['down', 'down', 'down']);
    expect(fleet.status).toBe('down');
    fleet.round(150, ['up', 'up', 'up']);
    fleet.round(209, ['up', 'up', 'up']);
    expect(fleet.status).toBe('down');
    fleet.round(210, ['up', 'up', 'up']);
    expect(fleet.status).toBe('up');
  });
});
