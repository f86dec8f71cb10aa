import type { Transition } from '../types.js';

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
  markSent(targetId: string, at: string, messageId: string): Promise<void>;
  /** Counts a failed publish attempt and keeps the transition pending. */
  markFailed(targetId: string, at: string, error: string): Promise<void>;
  list(targetId: string, query: TransitionQuery): Promise<Transition[]>;
}
