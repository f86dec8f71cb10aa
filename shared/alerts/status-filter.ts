import type { ConsensusStatus, Transition } from '../types.js';

const FAILING: readonly ConsensusStatus[] = ['down', 'maintenance'];

/**
 * Which transitions a status list selects. A recovery (`up`) goes where the change went: only after a change the
 * list selects, or after any outage when outages are selected; "back up" after a slowdown nobody was told about is
 * noise. A list of `up` alone selects every recovery.
 */
export interface StatusFilterRule {
  /** Statuses other than `up` whose changes are selected. */
  readonly changes: readonly ConsensusStatus[];
  /** The statuses a recovery to `up` must come from; `'any'` for every recovery, `'none'` for none. */
  readonly recoveredFrom: readonly ConsensusStatus[] | 'any' | 'none';
}

export function statusFilterRule(statuses: readonly ConsensusStatus[]): StatusFilterRule {
  const selected = [...new Set(statuses)].sort();
  const changes: ConsensusStatus[] = selected.filter((s) => s !== 'up');
  if (!selected.includes('up')) return { changes, recoveredFrom: 'none' };
  if (changes.length === 0) return { changes, recoveredFrom: 'any' };
  const from = new Set<ConsensusStatus>(changes);
  if (changes.some((s) => FAILING.includes(s))) for (const s of FAILING) from.add(s);
  return { changes, recoveredFrom: [...from].sort() };
}

/** Whether a transition from `previous` to `to` passes a status list (the same rule as SMS filter policies). */
export function statusFilterSelects(
  statuses: readonly ConsensusStatus[],
  to: ConsensusStatus,
  previous: ConsensusStatus,
): boolean {
  const rule = statusFilterRule(statuses);
  if (to !== 'up') return rule.changes.includes(to);
  if (rule.recoveredFrom === 'any') return true;
  if (rule.recoveredFrom === 'none') return false;
  return rule.recoveredFrom.includes(previous);
}

/**
 * The status a transition is filtered by: its new status, except an advance notice of announced maintenance (sent
 * while the status stays what it was), which goes where maintenance goes.
 */
export function filterStatusOf(t: Pick<Transition, 'rule' | 'to'>): ConsensusStatus {
  return t.rule === 'maintenance_notice' ? 'maintenance' : t.to;
}
