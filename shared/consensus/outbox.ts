import type { AlertPublisher } from '../alerts/alert-publisher.js';
import { type StateStore, VersionConflictError } from '../store/state-store.js';
import type { TransitionStore } from '../store/transition-store.js';
import type { ConsensusState, Transition } from '../types.js';

/** What one flush of a target's outbox did. */
export interface DeliveryReport {
  /** Transitions published now, with their SNS message ids. */
  readonly published: readonly { readonly at: string; readonly messageId: string }[];
  /** Entries dropped without publishing: already sent earlier, or for operators only (recorded, never published). */
  readonly dropped: number;
  /** Publish attempts that failed; the entries stay in the outbox for the next flush. */
  readonly failures: readonly { readonly at: string; readonly error: string }[];
  /** Another evaluation holds the outbox lease and is publishing. */
  readonly busy: boolean;
  /** Entries left in the outbox after this flush. */
  readonly pending: number;
  /** Age of the oldest entry left, in seconds (0 when none). */
  readonly oldestPendingSeconds: number;
}

export interface OutboxOptions {
  readonly states: StateStore;
  readonly transitions: TransitionStore;
  readonly publisher: AlertPublisher;
  /** Names this flusher in the lease (e.g. the invocation's request id). */
  readonly owner: string;
  /** How long a lease keeps other flushers away: longer than a flush takes, shorter than the sweep period. */
  readonly leaseMs: number;
  /** Conditional-write attempts before giving up on a contended state. */
  readonly maxAttempts: number;
}

/** The state item kept changing under the outbox flush; the next sweep will try again. */
export class OutboxContendedError extends Error {
  constructor(readonly targetId: string) {
    super(`outbox of ${targetId}: the consensus state kept changing, giving up for now`);
    this.name = 'OutboxContendedError';
  }
}

const MAX_ROUNDS = 3;

/** Whether `owner` may publish the outbox of `state` at `nowMs`. */
export function leaseIsFree(state: ConsensusState, owner: string, nowMs: number): boolean {
  const lease = state.outboxLease;
  return lease === undefined || lease === null || lease.owner === owner || Date.parse(lease.until) <= nowMs;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Publishes the transitions waiting in a target's state item (its outbox), each exactly once in normal operation:
 * record it (idempotent), publish it unless the transition store says it was sent, mark it sent, then remove it
 * from the outbox. A lease in the state item keeps two concurrent flushers from publishing the same entry; a crash
 * between publish and mark leaves the entry to be published again later: at most one duplicate, never a loss.
 */
export class Outbox {
  constructor(private readonly options: OutboxOptions) {}

  /** Flushes `targetId`'s outbox; `held` is a state this flusher has just saved with its own lease. */
  async flush(targetId: string, now: Date, held: ConsensusState | null = null): Promise<DeliveryReport> {
    const published: { at: string; messageId: string }[] = [];
    const failures: { at: string; error: string }[] = [];
    let dropped = 0;
    let busy = false;
    let remaining: readonly Transition[] = held?.outbox ?? [];
    let state = held !== null && held.outboxLease?.owner === this.options.owner ? held : null;

    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (state === null) {
        const acquired = await this.acquire(targetId, now);
        remaining = acquired.outbox;
        if (acquired.state === null) {
          busy = acquired.busy;
          break;
        }
        state = acquired.state;
      }
      const delivered: string[] = [];
      let failed = false;
      try {
        for (const entry of state.outbox) {
          const outcome = await this.deliver(entry);
          if (outcome.kind === 'failed') {
            failures.push({ at: entry.at, error: outcome.error });
            failed = true;
            break;
          }
          if (outcome.kind === 'published') published.push({ at: entry.at, messageId: outcome.messageId });
          else dropped++;
          delivered.push(entry.at);
        }
      } finally {
        // Also after an unexpected error: give the lease back and keep what was delivered out of the outbox.
        remaining = await this.release(targetId, delivered);
      }
      if (failed || remaining.length === 0) break;
      state = null;
    }

    const oldest = remaining.reduce((min, t) => Math.min(min, Date.parse(t.at)), Number.POSITIVE_INFINITY);
    return {
      published,
      dropped,
      failures,
      busy,
      pending: remaining.length,
      oldestPendingSeconds:
        remaining.length === 0 ? 0 : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
    };
  }

  private async deliver(
    entry: Transition,
  ): Promise<
    { kind: 'published'; messageId: string } | { kind: 'dropped' } | { kind: 'failed'; error: string }
  > {
    const { transitions, publisher } = this.options;
    const stored = await transitions.record(entry);
    if (stored.notification.state !== 'pending' || stored.audience === 'ops') return { kind: 'dropped' };
    let messageId: string;
    try {
      messageId = await publisher.publish(stored);
    } catch (error) {
      const text = errorText(error);
      await transitions.markFailed(entry.targetId, entry.at, text).catch(() => undefined);
      return { kind: 'failed', error: text };
    }
    try {
      await transitions.markSent(entry.targetId, entry.at, messageId);
    } catch (error) {
      // Published but not marked: the entry stays and is published once more later (at most one duplicate).
      return { kind: 'failed', error: `published as ${messageId} but not marked sent: ${errorText(error)}` };
    }
    return { kind: 'published', messageId };
  }

  /** Takes the lease when the outbox has entries and nobody else holds it. */
  private async acquire(
    targetId: string,
    now: Date,
  ): Promise<{ state: ConsensusState | null; busy: boolean; outbox: readonly Transition[] }> {
    const { states, owner, leaseMs, maxAttempts } = this.options;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const current = await states.get(targetId);
      if (current === null || current.outbox.length === 0) return { state: null, busy: false, outbox: [] };
      if (!leaseIsFree(current, owner, now.getTime()))
        return { state: null, busy: true, outbox: current.outbox };
      const leased: ConsensusState = {
        ...current,
        version: current.version + 1,
        outboxLease: { owner, until: new Date(now.getTime() + leaseMs).toISOString() },
      };
      // flusher A ─ get (v7, no lease) ─ put lease=A if version = 7 ──► v8: A publishes
      // flusher B ─ get (v7, no lease) ─ put lease=B if version = 7 ──► conflict → get v8 → lease A is live → busy
      try {
        await states.save(leased, current.version);
        return { state: leased, busy: false, outbox: leased.outbox };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new OutboxContendedError(targetId);
  }

  /** Removes delivered entries and gives the lease back; returns the entries left. */
  private async release(targetId: string, delivered: readonly string[]): Promise<readonly Transition[]> {
    const { states, owner, maxAttempts } = this.options;
    const done = new Set(delivered);
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const current = await states.get(targetId);
      if (current === null) return [];
      const ours = current.outboxLease?.owner === owner;
      const outbox = current.outbox.filter((t) => !done.has(t.at));
      if (!ours && outbox.length === current.outbox.length) return outbox;
      // Conditional on the version read: an evaluation that appended an entry meanwhile makes this retry.
      try {
        await states.save(
          {
            ...current,
            version: current.version + 1,
            outbox,
            outboxLease: ours ? null : (current.outboxLease ?? null),
          },
          current.version,
        );
        return outbox;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new OutboxContendedError(targetId);
  }
}
