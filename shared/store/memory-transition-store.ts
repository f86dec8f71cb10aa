import type { Transition } from '../types.js';
import {
  MAX_ERROR_LENGTH,
  TransitionNotFoundError,
  type TransitionQuery,
  type TransitionStore,
} from './transition-store.js';

/** Transitions in process memory, for tests and callers that need no persistence. */
export class MemoryTransitionStore implements TransitionStore {
  private readonly byTarget = new Map<string, Map<string, Transition>>();

  private target(targetId: string): Map<string, Transition> {
    let map = this.byTarget.get(targetId);
    if (!map) {
      map = new Map();
      this.byTarget.set(targetId, map);
    }
    return map;
  }

  async record(transition: Transition): Promise<Transition> {
    const map = this.target(transition.targetId);
    const existing = map.get(transition.at);
    if (existing) return structuredClone(existing);
    // A JSON copy, like a DynamoDB item: `undefined` fields disappear in both stores.
    const stored = JSON.parse(JSON.stringify(transition)) as Transition;
    map.set(transition.at, stored);
    return structuredClone(stored);
  }

  async get(targetId: string, at: string): Promise<Transition | null> {
    const found = this.byTarget.get(targetId)?.get(at);
    return found ? structuredClone(found) : null;
  }

  async markSent(targetId: string, at: string, messageId: string): Promise<void> {
    this.updateNotification(targetId, at, (n) => ({
      ...n,
      state: 'sent',
      messageId,
      attempts: n.attempts + 1,
    }));
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
    const map = this.target(targetId);
    const found = map.get(at);
    if (!found) throw new TransitionNotFoundError(targetId, at);
    map.set(at, { ...found, notification: change(found.notification) });
  }

  async list(targetId: string, query: TransitionQuery): Promise<Transition[]> {
    return [...(this.byTarget.get(targetId)?.values() ?? [])]
      .filter(
        (t) =>
          (query.before === undefined || t.at < query.before) &&
          (query.since === undefined || t.at >= query.since),
      )
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      .slice(0, query.limit)
      .map((t) => structuredClone(t));
  }
}
