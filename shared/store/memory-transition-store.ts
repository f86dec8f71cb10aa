import type { BacklogSummary, Transition } from '../types.js';
import {
  MAX_ERROR_LENGTH,
  TransitionNotFoundError,
  type TransitionQuery,
  type TransitionStore,
} from './transition-store.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A JSON copy, like a DynamoDB item (`undefined` fields disappear in both stores), frozen so it can be shared. */
function stored(transition: Transition): Transition {
  return deepFreeze(JSON.parse(JSON.stringify(transition)) as Transition);
}

/** Index of the first entry whose `at` is not before `at`. */
function lowerBound(entries: readonly Transition[], at: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Transitions in process memory, for tests and local callers that need no persistence. Entries are immutable
 * (frozen; an update replaces the entry) and kept in time order, so reads cost no copies and no sorting.
 */
export class MemoryTransitionStore implements TransitionStore {
  private readonly byTarget = new Map<string, Transition[]>();

  private target(targetId: string): Transition[] {
    let entries = this.byTarget.get(targetId);
    if (!entries) {
      entries = [];
      this.byTarget.set(targetId, entries);
    }
    return entries;
  }

  async record(transition: Transition): Promise<Transition> {
    const entries = this.target(transition.targetId);
    const i = lowerBound(entries, transition.at);
    if (entries[i]?.at === transition.at) return entries[i]!;
    const entry = stored(transition);
    entries.splice(i, 0, entry);
    return entry;
  }

  async get(targetId: string, at: string): Promise<Transition | null> {
    const entries = this.byTarget.get(targetId) ?? [];
    const found = entries[lowerBound(entries, at)];
    return found?.at === at ? found : null;
  }

  async markSent(targetId: string, at: string, messageId: string, summary?: BacklogSummary): Promise<void> {
    this.updateNotification(targetId, at, (n) => ({
      ...n,
      state: 'sent',
      messageId,
      attempts: n.attempts + 1,
      ...(summary !== undefined && { summary }),
    }));
  }

  async markSummarised(targetId: string, at: string, summarisedIn: string, messageId: string): Promise<void> {
    this.updateNotification(targetId, at, (n) =>
      n.state === 'pending' ? { ...n, state: 'summarised', messageId, summarisedIn } : n,
    );
  }

  async markFailed(targetId: string, at: string, error: string): Promise<void> {
    this.updateNotification(targetId, at, (n) => ({
      ...n,
      attempts: n.attempts + 1,
      lastError: error.slice(0, MAX_ERROR_LENGTH),
    }));
  }

  private updateNotification(
    targetId: string,
    at: string,
    change: (notification: Transition['notification']) => Transition['notification'],
  ): void {
    const entries = this.target(targetId);
    const i = lowerBound(entries, at);
    const found = entries[i];
    if (found?.at !== at) throw new TransitionNotFoundError(targetId, at);
    entries[i] = stored({ ...found, notification: change(found.notification) });
  }

  async list(targetId: string, query: TransitionQuery): Promise<Transition[]> {
    const entries = this.byTarget.get(targetId) ?? [];
    const from = query.since === undefined ? 0 : lowerBound(entries, query.since);
    const to = query.before === undefined ? entries.length : lowerBound(entries, query.before);
    if (query.limit <= 0 || from >= to) return [];
    return query.order === 'oldest-first'
      ? entries.slice(from, Math.min(to, from + query.limit))
      : entries.slice(Math.max(from, to - query.limit), to).reverse();
  }
}
