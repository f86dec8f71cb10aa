import { describe, expect, it } from 'vitest';
import { MAX_INDIVIDUAL_NOTICES, planDelivery } from '../../../shared/consensus/delivery-plan.js';
import type { ConsensusStatus, Transition } from '../../../shared/types.js';
import { transition } from './fixtures.js';

const at = (m: number) => `2026-03-15T07:${String(m).padStart(2, '0')}:00.000Z`;

function change(m: number, to: ConsensusStatus, extra: Partial<Transition> = {}): Transition {
  return transition({ at: at(m), from: to === 'up' ? 'down' : 'up', to, ...extra });
}
const ops = (m: number) => change(m, 'unknown', { audience: 'ops' });
const sent = (t: Transition, summary?: Transition['notification']['summary']): Transition => ({
  ...t,
  notification: { ...t.notification, state: 'sent', messageId: `msg-${t.at}`, ...(summary && { summary }) },
});

describe('planDelivery', () => {
  it('has nothing to do when nothing waits (operators-only and sent changes never wait)', () => {
    expect(planDelivery([ops(1), sent(change(2, 'down'))], false, null)).toEqual({
      kind: 'none',
      alreadyTold: [],
    });
  });

  it(`sends up to ${MAX_INDIVIDUAL_NOTICES} waiting changes one message each, in order`, () => {
    const waiting = [change(1, 'down'), ops(2), change(3, 'up'), change(4, 'down')];
    const plan = planDelivery(waiting, false, null);
    expect(plan).toMatchObject({ kind: 'each' });
    expect(plan.kind === 'each' && plan.entries.map((t) => t.at)).toEqual([at(1), at(3), at(4)]);
  });

  it('tells a longer backlog in the newest change, counting the rest by where they went', () => {
    const read = [change(1, 'down'), change(2, 'up'), ops(3), change(4, 'down'), change(5, 'up')];
    const plan = planDelivery(read, false, null);
    expect(plan).toMatchObject({
      kind: 'backlog',
      newest: { at: at(5) },
      summary: {
        count: 3,
        atLeast: false,
        first: { at: at(1), from: 'up', to: 'down' },
        toCounts: { down: 2, up: 1 },
      },
    });
    expect(plan.kind === 'backlog' && plan.covered.map((t) => t.at)).toEqual([at(1), at(2), at(4)]);
  });

  it('marks, without sending again, what a sent backlog message already told (after a crash)', () => {
    const teller = sent(change(5, 'up'), {
      count: 3,
      atLeast: false,
      first: { at: at(1), from: 'up', to: 'down' },
      toCounts: { down: 2, up: 1 },
    });
    const plan = planDelivery(
      [change(1, 'down'), change(2, 'up'), change(4, 'down'), teller, change(6, 'down')],
      false,
      null,
    );
    expect(plan).toMatchObject({ kind: 'each', entries: [{ at: at(6) }] });
    expect(plan.alreadyTold).toEqual(
      [1, 2, 4].map((m) => ({ at: at(m), summarisedIn: at(5), messageId: `msg-${at(5)}` })),
    );
  });

  it('with more than one read can hold, tells what it read in the newest change, as a lower bound', () => {
    const read = [change(1, 'down'), change(2, 'up')];
    const plan = planDelivery(read, true, change(50, 'down'));
    expect(plan).toMatchObject({
      kind: 'backlog',
      newest: { at: at(50) },
      summary: { count: 2, atLeast: true },
    });
    // The newest change out of reach (not recorded yet): the oldest go first meanwhile.
    expect(planDelivery(read, true, null)).toMatchObject({
      kind: 'each',
      entries: [{ at: at(1) }, { at: at(2) }],
    });
  });
});
