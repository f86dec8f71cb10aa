import type { AlertPublisher } from '../alerts/alert-publisher.js';
import { type StateStore, VersionConflictError } from '../store/state-store.js';
import type { TransitionStore } from '../store/transition-store.js';
import type { ConsensusState, DeliveryCursor, Transition } from '../types.js';
import { deliveryDue, deliveryOf } from './delivery-cursor.js';
import { type DeliveryPlan, planDelivery } from './delivery-plan.js';

/** What one flush of a target's outbox and delivery queue did. */
export interface DeliveryReport {
  /** Transitions published now, with their message ids. */
  readonly published: readonly { readonly at: string; readonly messageId: string }[];
  /** Changes marked as told by a backlog message (published now or by an earlier flush). */
  readonly summarised: number;
  /** Publish attempts that failed; what they were for waits for the next attempt. */
  readonly failures: readonly { readonly at: string; readonly error: string }[];
  /** Another evaluation holds the outbox lease and is delivering. */
  readonly busy: boolean;
  /** Changes still waiting for subscribers after this flush (at least 1 while any waits). */
  readonly pending: number;
  /** Age of the oldest change still waiting, in seconds (0 when none). */
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
  /** Transitions one delivery reads from the history at most. @default MAX_DELIVERY_SCAN */
  readonly scanLimit?: number;
  /** @default DELIVERY_BACKOFF */
  readonly backoff?: DeliveryBackoff;
}

/** The state item kept changing under the outbox flush; the next sweep will try again. */
export class OutboxContendedError extends Error {
  constructor(readonly targetId: string) {
    super(`outbox of ${targetId}: the consensus state kept changing, giving up for now`);
    this.name = 'OutboxContendedError';
  }
}

/** Transitions one delivery reads from the history at most; the rest wait for the next one. */
export const MAX_DELIVERY_SCAN = 2000;
const PAGE_SIZE = 100;
/** History writes at once when marking the changes a backlog message told. */
const MARK_CONCURRENCY = 16;
/** After failed deliveries the next attempt waits, doubling from `firstMs` up to `maxMs`. */
export interface DeliveryBackoff {
  readonly firstMs: number;
  readonly maxMs: number;
}
/** The longest back-off: a recovered publisher is used again within two minutes. */
export const DELIVERY_BACKOFF: DeliveryBackoff = { firstMs: 30_000, maxMs: 120_000 };

/** The back-off for a probe interval: half an interval doubling to two, within `DELIVERY_BACKOFF`. */
export function deliveryBackoff(intervalMs: number): DeliveryBackoff {
  return {
    firstMs: Math.min(DELIVERY_BACKOFF.firstMs, Math.max(1, Math.round(intervalMs / 2))),
    maxMs: Math.min(DELIVERY_BACKOFF.maxMs, Math.max(1, 2 * intervalMs)),
  };
}
/** Flushes in a row when new transitions arrive while one runs. */
const MAX_ROUNDS = 3;

/** Whether `owner` may publish the outbox of `state` at `nowMs`. */
export function leaseIsFree(state: ConsensusState, owner: string, nowMs: number): boolean {
  const lease = state.outboxLease;
  return lease === undefined || lease === null || lease.owner === owner || Date.parse(lease.until) <= nowMs;
}

/** Whether a state has work for a flush: transitions to record, or a delivery that is due. */
export function needsFlush(state: ConsensusState, nowMs: number): boolean {
  return state.outbox.length > 0 || deliveryDue(deliveryOf(state), nowMs);
}

/** The report of a flush that did not deliver: what waits, as the state's cursor says. */
export function waitingReport(state: ConsensusState | null, now: Date, busy = false): DeliveryReport {
  const since = deliveryOf(state).since;
  return {
    published: [],
    summarised: 0,
    failures: [],
    busy,
    pending: since === null ? 0 : 1,
    oldestPendingSeconds: since === null ? 0 : ageSeconds(since, now),
  };
}

function ageSeconds(at: string, now: Date): number {
  return Math.max(0, Math.round((now.getTime() - Date.parse(at)) / 1000));
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function justAfter(at: string): string {
  return new Date(Date.parse(at) + 1).toISOString();
}

/** What one delivery attempt found and did, for the cursor written back with the lease. */
interface DeliveryOutcome {
  readonly published: { at: string; messageId: string }[];
  readonly failures: { at: string; error: string }[];
  summarised: number;
  /** The oldest transition read that is not final yet (`null`: every one read is). */
  readonly openSince: string | null;
  /** The newest transition read (`null`: none). */
  readonly readThrough: string | null;
  /** More transitions wait than one delivery reads. */
  readonly truncated: boolean;
  readonly stillWaiting: number;
}

/**
 * Records the transitions a target's state carries in its outbox, then tells subscribers what waits for them,
 * each change exactly once in normal operation. The history holds every transition and its notification state;
 * the state item holds only a cursor (`DeliveryCursor`), so nothing grows while delivery fails. Up to
 * `MAX_INDIVIDUAL_NOTICES` waiting changes get a message each, in order; a longer backlog gets one message, the
 * newest change's, that also tells the others (`BacklogSummary`), and those are marked `summarised`.
 * A lease in the state keeps two flushers apart; a crash between publish and mark repeats at most one message.
 */
export class Outbox {
  constructor(private readonly options: OutboxOptions) {}

  /**
   * Flushes `targetId`; `held` is a state this flusher has just saved with its own lease, `recorded` the `at`s of
   * outbox entries the caller has already recorded in the history.
   */
  async flush(
    targetId: string,
    now: Date,
    held: ConsensusState | null = null,
    recorded: ReadonlySet<string> = new Set(),
  ): Promise<DeliveryReport> {
    const published: DeliveryOutcome['published'] = [];
    const failures: DeliveryOutcome['failures'] = [];
    let summarised = 0;
    let state = held !== null && held.outboxLease?.owner === this.options.owner ? held : null;
    let last: ConsensusState | null = held;
    let outcome: DeliveryOutcome | null = null;

    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (state === null) {
        const acquired = await this.acquire(targetId, now);
        if (acquired.state === null) {
          if (round === 0) return waitingReport(acquired.current, now, acquired.busy);
          last = acquired.current;
          break;
        }
        state = acquired.state;
      }
      const done = new Set(recorded);
      outcome = null;
      try {
        for (const entry of state.outbox) {
          if (done.has(entry.at)) continue;
          await this.options.transitions.record(entry);
          done.add(entry.at);
        }
        if (deliveryDue(deliveryOf(state), now.getTime())) outcome = await this.deliver(state);
      } finally {
        // Also after an unexpected error: give the lease back and keep the recorded entries out of the outbox.
        last = await this.release(targetId, done, outcome, now);
      }
      if (outcome !== null) {
        published.push(...outcome.published);
        failures.push(...outcome.failures);
        summarised += outcome.summarised;
      }
      if (failures.length > 0 || last === null || !needsFlush(last, now.getTime())) break;
      state = null;
    }

    const cursor = deliveryOf(last);
    const waiting = outcome === null ? (cursor.since === null ? 0 : 1) : outcome.stillWaiting;
    return {
      published,
      summarised,
      failures,
      busy: false,
      pending: cursor.since === null ? 0 : Math.max(1, waiting),
      oldestPendingSeconds: cursor.since === null ? 0 : ageSeconds(cursor.since, now),
    };
  }

  /** Reads what waits from the cursor on (bounded), then publishes and marks as `planDelivery` says. */
  private async deliver(state: ConsensusState): Promise<DeliveryOutcome> {
    const { transitions } = this.options;
    const cursor = deliveryOf(state);
    const read = await this.readFrom(state.targetId, cursor.since!);
    let newestBeyond: Transition | null = null;
    if (read.truncated && cursor.newest !== null) {
      newestBeyond = await transitions.get(state.targetId, cursor.newest);
    }
    const plan = planDelivery(read.entries, read.truncated, newestBeyond);
    const outcome: DeliveryOutcome = {
      published: [],
      failures: [],
      summarised: 0,
      openSince: null,
      readThrough: read.entries.at(-1)?.at ?? null,
      truncated: read.truncated,
      stillWaiting: 0,
    };
    const final = new Set<string>();
    outcome.summarised += await this.markSummarised(state.targetId, plan.alreadyTold, final);
    await this.execute(state.targetId, plan, outcome, final);
    const open = read.entries.filter(
      (t) => t.audience !== 'ops' && t.notification.state === 'pending' && !final.has(t.at),
    );
    return {
      ...outcome,
      openSince: open[0]?.at ?? null,
      stillWaiting: open.length + (read.truncated ? 1 : 0),
    };
  }

  private async execute(
    targetId: string,
    plan: DeliveryPlan,
    outcome: DeliveryOutcome,
    final: Set<string>,
  ): Promise<void> {
    if (plan.kind === 'each') {
      for (const entry of plan.entries) {
        const result = await this.publishOne(entry);
        if (result.kind === 'failed') {
          outcome.failures.push({ at: entry.at, error: result.error });
          return;
        }
        outcome.published.push({ at: entry.at, messageId: result.messageId });
        final.add(entry.at);
      }
      return;
    }
    if (plan.kind !== 'backlog') return;
    const { newest, summary, covered } = plan;
    const result = await this.publishOne({ ...newest, notification: { ...newest.notification, summary } });
    if (result.kind === 'failed') {
      outcome.failures.push({ at: newest.at, error: result.error });
      return;
    }
    outcome.published.push({ at: newest.at, messageId: result.messageId });
    final.add(newest.at);
    outcome.summarised += await this.markSummarised(
      targetId,
      covered.map((t) => ({ at: t.at, summarisedIn: newest.at, messageId: result.messageId })),
      final,
    );
  }

  /** Publishes one transition (with its backlog summary, if any) and marks it sent. */
  private async publishOne(
    entry: Transition,
  ): Promise<{ kind: 'published'; messageId: string } | { kind: 'failed'; error: string }> {
    const { transitions, publisher } = this.options;
    let messageId: string;
    try {
      messageId = await publisher.publish(entry);
    } catch (error) {
      const text = errorText(error);
      await transitions.markFailed(entry.targetId, entry.at, text).catch(() => undefined);
      return { kind: 'failed', error: text };
    }
    try {
      await transitions.markSent(entry.targetId, entry.at, messageId, entry.notification.summary);
    } catch (error) {
      // Published but not marked: it is published once more later (at most one duplicate).
      return { kind: 'failed', error: `published as ${messageId} but not marked sent: ${errorText(error)}` };
    }
    return { kind: 'published', messageId };
  }

  /** Marks changes as told by a backlog message, a few at a time; returns how many were marked. */
  private async markSummarised(
    targetId: string,
    marks: readonly { at: string; summarisedIn: string; messageId: string }[],
    final: Set<string>,
  ): Promise<number> {
    let marked = 0;
    for (let i = 0; i < marks.length; i += MARK_CONCURRENCY) {
      const batch = marks.slice(i, i + MARK_CONCURRENCY);
      const results = await Promise.allSettled(
        batch.map((m) =>
          this.options.transitions.markSummarised(targetId, m.at, m.summarisedIn, m.messageId),
        ),
      );
      // A mark that failed stays pending inside its backlog message's range: the next flush marks it.
      results.forEach((r, j) => {
        if (r.status === 'fulfilled') {
          marked++;
          final.add(batch[j]!.at);
        }
      });
    }
    return marked;
  }

  /** The history from `since` on, oldest first, at most `MAX_DELIVERY_SCAN` transitions. */
  private async readFrom(
    targetId: string,
    since: string,
  ): Promise<{ entries: Transition[]; truncated: boolean }> {
    const entries: Transition[] = [];
    let from = since;
    for (;;) {
      const page = await this.options.transitions.list(targetId, {
        limit: Math.min(PAGE_SIZE, this.options.scanLimit ?? MAX_DELIVERY_SCAN),
        since: from,
        order: 'oldest-first',
      });
      entries.push(...page);
      if (page.length < Math.min(PAGE_SIZE, this.options.scanLimit ?? MAX_DELIVERY_SCAN)) {
        return { entries, truncated: false };
      }
      if (entries.length >= (this.options.scanLimit ?? MAX_DELIVERY_SCAN))
        return { entries, truncated: true };
      from = justAfter(page.at(-1)!.at);
    }
  }

  /** Takes the lease when the state has work for a flush and nobody else holds it. */
  private async acquire(
    targetId: string,
    now: Date,
  ): Promise<{ state: ConsensusState | null; busy: boolean; current: ConsensusState | null }> {
    const { states, owner, leaseMs, maxAttempts } = this.options;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const current = await states.get(targetId);
      if (current === null || !needsFlush(current, now.getTime()))
        return { state: null, busy: false, current };
      if (!leaseIsFree(current, owner, now.getTime())) return { state: null, busy: true, current };
      const leased: ConsensusState = {
        ...current,
        version: current.version + 1,
        outboxLease: { owner, until: new Date(now.getTime() + leaseMs).toISOString() },
      };
      // flusher A ─ get (v7, no lease) ─ put lease=A if version = 7 ──► v8: A publishes
      // flusher B ─ get (v7, no lease) ─ put lease=B if version = 7 ──► conflict → get v8 → lease A is live → busy
      try {
        await states.save(leased, current.version);
        return { state: leased, busy: false, current: leased };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new OutboxContendedError(targetId);
  }

  /**
   * Removes the recorded entries from the outbox, moves the delivery cursor past what is final (only while the
   * lease is still this flusher's) and gives the lease back; returns the state as saved.
   */
  private async release(
    targetId: string,
    recorded: ReadonlySet<string>,
    outcome: DeliveryOutcome | null,
    now: Date,
  ): Promise<ConsensusState | null> {
    const { states, owner, maxAttempts } = this.options;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const current = await states.get(targetId);
      if (current === null) return null;
      const ours = current.outboxLease?.owner === owner;
      const outbox = current.outbox.filter((t) => !recorded.has(t.at));
      if (!ours && outbox.length === current.outbox.length) return current;
      const next: ConsensusState = {
        ...current,
        version: current.version + 1,
        outbox,
        ...(ours &&
          outcome !== null && {
            delivery: advance(deliveryOf(current), outcome, now, this.options.backoff ?? DELIVERY_BACKOFF),
          }),
        outboxLease: ours ? null : (current.outboxLease ?? null),
      };
      // Conditional on the version read: an evaluation that saved meanwhile makes this read and retry.
      try {
        await states.save(next, current.version);
        return next;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new OutboxContendedError(targetId);
  }
}

/** The cursor after a delivery attempt; transitions decided while it ran (newer than it read) keep waiting. */
function advance(
  cursor: DeliveryCursor,
  outcome: DeliveryOutcome,
  now: Date,
  backoff: DeliveryBackoff,
): DeliveryCursor {
  let since = outcome.openSince;
  if (since === null && outcome.readThrough === null) since = cursor.since;
  else if (
    since === null &&
    (outcome.truncated || (cursor.newest !== null && cursor.newest > outcome.readThrough!))
  ) {
    since = justAfter(outcome.readThrough!);
  }
  const failures = outcome.failures.length > 0 ? cursor.failures + 1 : 0;
  const backoffMs = Math.min(backoff.firstMs * 2 ** Math.min(30, Math.max(0, failures - 1)), backoff.maxMs);
  return {
    ...cursor,
    since,
    failures,
    retryAt: failures > 0 ? new Date(now.getTime() + backoffMs).toISOString() : null,
  };
}
