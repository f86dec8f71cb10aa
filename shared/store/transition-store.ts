import type { BacklogSummary, Transition } from '../types.js';

/** `markSent`/`markFailed` named a transition that was never recorded. */
export class TransitionNotFoundError extends Error {
  constructor(
    readonly targetId: string,
    readonly at: string,
  ) {
    super(`no transition of ${targetId} at ${at}`);
    this.name = 'TransitionNotFoundError';
  }
}

/** Longest `lastError` kept with a transition. */
export const MAX_ERROR_LENGTH = 500;

export interface TransitionQuery {
  /** At most this many, newest first (or oldest first with `order`). */
  readonly limit: number;
  /** @default 'newest-first' */
  readonly order?: 'newest-first' | 'oldest-first';
  /** Only transitions strictly before this ISO time (cursor). */
  readonly before?: string;
  /** Only transitions at or after this ISO time. */
  readonly since?: string;
}

/** The history of consensus changes, each with its evidence and notification state. */
export interface TransitionStore {
  /** Stores `transition` unless one with the same target and time exists; returns what is stored. */
  record(transition: Transition): Promise<Transition>;
  get(targetId: string, at: string): Promise<Transition | null>;
  /**
   * Records the publish (counting the attempt), with the backlog its message also told, if any; throws
   * `TransitionNotFoundError` for an unknown transition.
   */
  markSent(targetId: string, at: string, messageId: string, summary?: BacklogSummary): Promise<void>;
  /**
   * Marks a pending transition as told by the message of a later one (`summarisedIn`, published as `messageId`);
   * a transition that is no longer pending stays as it is. Throws `TransitionNotFoundError` for an unknown one.
   */
  markSummarised(targetId: string, at: string, summarisedIn: string, messageId: string): Promise<void>;
  /** Counts a failed publish attempt and keeps the transition pending (error cut to `MAX_ERROR_LENGTH`). */
  markFailed(targetId: string, at: string, error: string): Promise<void>;
  list(targetId: string, query: TransitionQuery): Promise<Transition[]>;
}
