import type { ConsensusState } from '../types.js';

/**
 * The bound on a consensus state item, far below DynamoDB's 400 KB: the state holds at most one vote per region
 * (at most `MAX_PROBE_REGIONS`, details cut to `MAX_VOTE_DETAIL_LENGTH`), one outbox transition with the same
 * votes, and short bounded lists; delivery keeps only a cursor. Every store refuses a larger state.
 */
export const MAX_STATE_ITEM_BYTES = 64 * 1024;

/** Another evaluation saved the state first; reload and decide again. */
export class VersionConflictError extends Error {
  constructor(
    readonly targetId: string,
    readonly expectedVersion: number | null,
  ) {
    super(`consensus state of ${targetId} is no longer at version ${expectedVersion ?? '(none)'}`);
    this.name = 'VersionConflictError';
  }
}

/** The consensus state of each target, written with optimistic concurrency. */
export interface StateStore {
  get(targetId: string): Promise<ConsensusState | null>;
  /**
   * Saves `next` (whose version must be `expectedVersion + 1`, or 1 for a new state) only if the stored version is
   * still `expectedVersion` (`null`: no state stored yet); otherwise throws `VersionConflictError`.
   * A `next.version` other than `expectedVersion + 1` is a programming error (`RangeError`).
   */
  save(next: ConsensusState, expectedVersion: number | null): Promise<void>;
}

/** Checks the version rule of `StateStore.save`, the same for every implementation. */
export function assertNextVersion(next: ConsensusState, expectedVersion: number | null): void {
  if (next.version !== (expectedVersion ?? 0) + 1) {
    throw new RangeError(
      `state of ${next.targetId} has version ${next.version}, expected ${(expectedVersion ?? 0) + 1}`,
    );
  }
}
