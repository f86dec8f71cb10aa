import type { ConsensusState } from '../types.js';
import type { StateStore } from './state-store.js';

/** Reads the states of many targets in one go (a sweep's batch read). */
export interface BatchStateReader {
  /** Every listed target's state, `null` for a target with none stored yet. */
  getMany(targetIds: readonly string[]): Promise<Map<string, ConsensusState | null>>;
}

/**
 * A state store whose first read of each target answers from states read beforehand in one batch, and every later
 * read (after a version conflict) from the store itself. Saves go to the store, still conditioned on the version
 * read: a state that changed since the batch read makes the save fail, and the evaluation reads again.
 */
export class PrefetchedStateStore implements StateStore {
  private readonly unread: Map<string, ConsensusState | null>;

  constructor(
    private readonly store: StateStore,
    prefetched: ReadonlyMap<string, ConsensusState | null>,
  ) {
    this.unread = new Map(prefetched);
  }

  async get(targetId: string): Promise<ConsensusState | null> {
    if (!this.unread.has(targetId)) return this.store.get(targetId);
    const state = this.unread.get(targetId) ?? null;
    this.unread.delete(targetId);
    return state === null ? null : structuredClone(state);
  }

  save(next: ConsensusState, expectedVersion: number | null): Promise<void> {
    return this.store.save(next, expectedVersion);
  }
}
