import type { Transition } from '../types.js';

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
  /** At most this many, newest first. */
  readonly limit: number;
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
  /** Records the publish (counting the attempt); throws `TransitionNotFoundError` for an unknown transition. */
  markSent(targetId: string, at: string, messageId: string): Promise<void>;
  /** Counts a failed publish attempt and keeps the transition pending (error cut to `MAX_ERROR_LENGTH`). */
  markFailed(targetId: string, at: string, error: string): Promise<void>;
  list(targetId: string, query: TransitionQuery): Promise<Transition[]>;
}
