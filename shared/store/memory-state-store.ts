import type { ConsensusState } from '../types.js';
import { type StateStore, VersionConflictError } from './state-store.js';

/** Consensus states in process memory, with the same version check as the DynamoDB store. */
export class MemoryStateStore implements StateStore {
  private readonly states = new Map<string, ConsensusState>();

  async get(targetId: string): Promise<ConsensusState | null> {
    const state = this.states.get(targetId);
    return state ? structuredClone(state) : null;
  }

  async save(next: ConsensusState, expectedVersion: number | null): Promise<void> {
    const current = this.states.get(next.targetId);
    if ((current?.version ?? null) !== expectedVersion) {
      throw new VersionConflictError(next.targetId, expectedVersion);
    }
    this.states.set(next.targetId, structuredClone(next));
  }
}
