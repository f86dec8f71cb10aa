import { describe, expect, it } from 'vitest';
import { smsFilterPolicy } from '../../../infra/constructs/alerts-topic.js';
import { filterStatusOf, statusFilterSelects } from '../../../shared/alerts/status-filter.js';
import { unitsFor } from '../../../shared/channels/channel-notifier.js';
import type { ConsensusStatus, Transition } from '../../../shared/types.js';

const ALL: ConsensusStatus[] = ['up', 'degraded', 'maintenance', 'down', 'unknown'];

/** What SNS would do with a filter policy of the shapes `smsFilterPolicy` makes. */
function snsMatches(
  policy: Record<string, unknown>,
  status: ConsensusStatus,
  previous: ConsensusStatus,
): boolean {
  const one = (p: Record<string, string[]>) =>
    Object.entries(p).every(([key, values]) => values.includes(key === 'status' ? status : previous));
  const or = policy.$or as Record<string, string[]>[] | undefined;
  return or ? or.some(one) : one(policy as Record<string, string[]>);
}

describe('status filters of chat channels', () => {
  it.each([
    [['down', 'maintenance', 'up'], 'down', 'up', true],
    [['down', 'maintenance', 'up'], 'degraded', 'up', false],
    [['down', 'maintenance', 'up'], 'up', 'down', true],
    [['down', 'maintenance', 'up'], 'up', 'maintenance', true],
    // "Back up" after a slowdown nobody was told about is noise.
    [['down', 'maintenance', 'up'], 'up', 'degraded', false],
    [['down', 'up'], 'up', 'maintenance', true],
    [['degraded', 'up'], 'up', 'degraded', true],
    [['degraded', 'up'], 'up', 'down', false],
    [['down'], 'up', 'down', false],
    [['up'], 'up', 'degraded', true],
  ] as [ConsensusStatus[], ConsensusStatus, ConsensusStatus, boolean][])(
    '%j: %s after %s → %s',
    (statuses, to, previous, selected) => {
      expect(statusFilterSelects(statuses, to, previous)).toBe(selected);
    },
  );

  it('selects exactly what the SMS filter policy lets SNS deliver, for every list and change', () => {
    const lists: ConsensusStatus[][] = [];
    for (let mask = 1; mask < 16; mask++) lists.push(ALL.slice(0, 4).filter((_, i) => mask & (1 << i)));
    for (const list of lists)
      for (const to of ALL)
        for (const previous of ALL) {
          if (to === previous) continue;
          expect(statusFilterSelects(list, to, previous), `${list} ${previous}→${to}`).toBe(
            snsMatches(smsFilterPolicy(list), to, previous),
          );
        }
  });
});

describe('an advance notice of announced maintenance', () => {
  // A notice keeps its status (from == to); it must reach the channels that follow maintenance, as it does on SNS.
  const channel = (statuses: ConsensusStatus[]) =>
    ({ type: 'slack', id: 'ops', webhookUrlSecret: 'SLACK_URL', statuses }) as never;
  const notice = {
    targetId: 'svc',
    at: '2026-12-05T14:00:00.000Z',
    from: 'up',
    to: 'up',
    fromSince: '2026-12-01T00:00:00.000Z',
    rule: 'maintenance_notice',
    votes: [],
    notification: { state: 'pending', messageId: null, attempts: 0, lastError: null },
  } as unknown as Transition;

  it('is filtered as maintenance, like its SNS status attribute', () => {
    expect(filterStatusOf(notice)).toBe('maintenance');
    expect(filterStatusOf({ rule: 'quorum_down', to: 'down' })).toBe('down');
  });

  it('goes to a channel that selects maintenance, not to one that selects only recoveries', () => {
    expect(unitsFor([channel(['maintenance'])], notice)).toHaveLength(1);
    expect(unitsFor([channel(['up'])], notice)).toHaveLength(0);
  });
});
