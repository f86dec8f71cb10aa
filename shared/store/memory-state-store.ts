import type { ConsensusState } from '../types.js';
import type { BatchStateReader } from './prefetched-state-store.js';
import { stateItemOf } from './state-item.js';
import { assertNextVersion, type StateStore, VersionConflictError } from './state-store.js';

/** Consensus states in process memory, with the same version check as the DynamoDB store. */
export class MemoryStateStore implements StateStore, BatchStateReader {
  private readonly states = new Map<string, ConsensusState>();

  async get(targetId: string): Promise<ConsensusState | null> {
    const state = this.states.get(targetId);
    return state ? structuredClone(state) : null;
  }

  async getMany(targetIds: readonly string[]): Promise<Map<string, ConsensusState | null>> {
    return new Map(
      targetIds.map((id) => {
        const state = this.states.get(id);
        return [id, state ? structuredClone(state) : null] as const;
      }),
    );
  }

  async save(next: ConsensusState, expectedVersion: number | null): Promise<void> {
    assertNextVersion(next, expectedVersion);
    const item = stateItemOf(next);
    const current = this.states.get(next.targetId);
    if ((current?.version ?? null) !== expectedVersion) {
      throw new VersionConflictError(next.targetId, expectedVersion);
    }
    // A JSON copy, like a DynamoDB item: `undefined` fields disappear in both stores.
    this.states.set(next.targetId, item.state as ConsensusState);
  }
}
