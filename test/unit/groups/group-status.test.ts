import { describe, expect, it } from 'vitest';
import { decideGroup } from '../../../shared/groups/decide-group.js';
import { explainingFirst, type GroupRule, groupStatusOf } from '../../../shared/groups/group-status.js';
import type { ConsensusState, ConsensusStatus } from '../../../shared/types.js';

const IDS = ['svc-wsdl', 'enofa', 'coretax'] as const;

function members(statuses: readonly ConsensusStatus[]) {
  return statuses.map((status, i) => ({ targetId: IDS[i] ?? `t${i}`, status }));
}

describe('groupStatusOf (docs/service-groups.md#rules)', () => {
  it.each<[GroupRule, ConsensusStatus[], ConsensusStatus, string[], string[]]>([
    // rule, member statuses, group status, members that explain it, members left out as unknown
    ['worst', ['up', 'up', 'up'], 'up', ['svc-wsdl', 'enofa', 'coretax'], []],
    ['worst', ['up', 'degraded', 'up'], 'degraded', ['enofa'], []],
    ['worst', ['up', 'maintenance', 'degraded'], 'maintenance', ['enofa'], []],
    ['worst', ['maintenance', 'up', 'down'], 'down', ['coretax'], []],
    ['worst', ['down', 'down', 'up'], 'down', ['svc-wsdl', 'enofa'], []],
    ['worst', ['up', 'unknown', 'up'], 'up', ['svc-wsdl', 'coretax'], ['enofa']],
    ['worst', ['unknown', 'unknown', 'down'], 'down', ['coretax'], ['svc-wsdl', 'enofa']],
    ['worst', ['unknown', 'unknown', 'unknown'], 'unknown', [], ['svc-wsdl', 'enofa', 'coretax']],
    ['worst', [], 'unknown', [], []],
    ['any-up', ['up', 'up', 'up'], 'up', ['svc-wsdl', 'enofa', 'coretax'], []],
    ['any-up', ['down', 'up', 'down'], 'up', ['enofa'], []],
    ['any-up', ['down', 'degraded', 'maintenance'], 'degraded', ['enofa'], []],
    ['any-up', ['down', 'maintenance', 'down'], 'maintenance', ['enofa'], []],
    ['any-up', ['down', 'down', 'down'], 'down', ['svc-wsdl', 'enofa', 'coretax'], []],
    ['any-up', ['down', 'unknown', 'down'], 'down', ['svc-wsdl', 'coretax'], ['enofa']],
    ['any-up', ['unknown', 'unknown', 'unknown'], 'unknown', [], ['svc-wsdl', 'enofa', 'coretax']],
  ])('%s of %j is %s', (rule, statuses, status, explaining, unknown) => {
    const outcome = groupStatusOf(members(statuses), rule);
    expect(outcome.status).toBe(status);
    expect(outcome.members.filter((m) => m.explains).map((m) => m.targetId)).toEqual(explaining);
    expect(outcome.unknownMembers).toEqual(unknown);
    expect(outcome.members.map((m) => m.status)).toEqual(statuses);
  });

  it('lists the members that explain the status first, each part in configuration order', () => {
    const outcome = groupStatusOf(members(['up', 'down', 'unknown']), 'worst');
    expect(explainingFirst(outcome.members).map((m) => m.targetId)).toEqual(['enofa', 'svc-wsdl', 'coretax']);
  });
});

const GROUP = { id: 'faktur', rule: 'worst' as const };
const at = (s: number) => new Date(Date.UTC(2026, 2, 20, 7, 0, s));

/** Decides from `previous` (as saved) at second `s`. */
function step(previous: ConsensusState | null, statuses: ConsensusStatus[], s: number) {
  return decideGroup(previous, GROUP, members(statuses), at(s));
}

describe('decideGroup', () => {
  it('starts the watch silently, then tells each change of status once, with the members behind it', () => {
    const first = step(null, ['unknown', 'unknown', 'unknown'], 0);
    expect(first).toMatchObject({
      transitions: [],
      changed: true,
      next: { targetId: 'group:faktur', status: 'unknown' },
    });
    const known = step(first.next, ['up', 'up', 'unknown'], 1);
    expect(known.transitions).toMatchObject([
      { from: 'unknown', to: 'up', rule: 'initial', audience: 'ops' },
    ]);
    const same = step(known.next, ['up', 'up', 'unknown'], 2);
    expect(same).toMatchObject({ transitions: [], changed: false });
    const down = step(known.next, ['up', 'up', 'down'], 3);
    expect(down.transitions).toEqual([
      expect.objectContaining({
        targetId: 'group:faktur',
        at: at(3).toISOString(),
        from: 'up',
        to: 'down',
        fromSince: at(1).toISOString(),
        rule: 'group_worst_of',
        audience: 'subscribers',
        members: [
          { targetId: 'svc-wsdl', status: 'up' },
          { targetId: 'enofa', status: 'up' },
          { targetId: 'coretax', status: 'down', explains: true },
        ],
        notification: { state: 'pending', messageId: null, attempts: 0, lastError: null },
      }),
    ]);
    expect(down.next).toMatchObject({ status: 'down', since: at(3).toISOString(), version: 3 });
    expect(down.next.delivery?.since).toBe(at(3).toISOString());
  });

  it('saves a change of members that leaves the status alone, without a transition', () => {
    const down = step(step(null, ['up', 'up', 'down'], 0).next, ['down', 'up', 'down'], 1);
    expect(down).toMatchObject({ transitions: [], changed: true, next: { status: 'down' } });
  });

  it('tells operators only of unknown, and subscribers of a return to another status than they were told', () => {
    const up = step(null, ['up', 'up', 'up'], 0).next;
    const lost = step({ ...up, outbox: [] }, ['unknown', 'unknown', 'unknown'], 1);
    expect(lost.transitions).toMatchObject([
      { to: 'unknown', audience: 'ops', notification: { state: 'skipped' } },
    ]);
    const back = step({ ...lost.next, outbox: [] }, ['up', 'up', 'up'], 2);
    expect(back.transitions).toMatchObject([{ from: 'unknown', to: 'up', audience: 'ops' }]);
    const worse = step({ ...lost.next, outbox: [] }, ['down', 'up', 'up'], 2);
    expect(worse.transitions).toMatchObject([
      {
        from: 'unknown',
        to: 'down',
        audience: 'subscribers',
        lastKnown: { status: 'up', since: at(0).toISOString() },
      },
    ]);
  });

  it('keeps transition times unique and increasing within one millisecond', () => {
    const up = step(null, ['up', 'up', 'up'], 0).next;
    const down = step({ ...up, outbox: [] }, ['down', 'up', 'up'], 0);
    const back = step({ ...down.next, outbox: [] }, ['up', 'up', 'up'], 0);
    expect(Date.parse(back.transitions[0]!.at)).toBeGreaterThan(Date.parse(down.transitions[0]!.at));
  });
});
