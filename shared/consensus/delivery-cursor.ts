import type { ConsensusState, DeliveryCursor, Transition } from '../types.js';

/** Nothing waits for delivery. */
export const IDLE_DELIVERY: DeliveryCursor = { since: null, newest: null, failures: 0, retryAt: null };

/** The delivery cursor of a state (states saved before the cursor existed have none: nothing waits). */
export function deliveryOf(state: ConsensusState | null): DeliveryCursor {
  return state?.delivery ?? IDLE_DELIVERY;
}

function waits(t: Transition): boolean {
  return t.audience !== 'ops' && t.notification.state === 'pending';
}

/** The cursor once `transitions` (newer than every transition before them) are decided. */
export function enqueue(cursor: DeliveryCursor, transitions: readonly Transition[]): DeliveryCursor {
  const waiting = transitions.filter(waits);
  if (waiting.length === 0) return cursor;
  const first = waiting.reduce((min, t) => (t.at < min ? t.at : min), waiting[0]!.at);
  const last = waiting.reduce((max, t) => (t.at > max ? t.at : max), waiting[0]!.at);
  return {
    ...cursor,
    since: cursor.since === null || first < cursor.since ? first : cursor.since,
    newest: cursor.newest === null || last > cursor.newest ? last : cursor.newest,
  };
}

/**
 * The state to decide from once its outbox has been recorded in the history: an empty outbox, and a cursor that
 * covers what the outbox still had to deliver (states saved before the cursor existed kept that in the outbox).
 */
export function afterRecording(state: ConsensusState): ConsensusState {
  if (state.outbox.length === 0 && state.delivery !== undefined) return state;
  return { ...state, outbox: [], delivery: enqueue(deliveryOf(state), state.outbox) };
}

/** Whether a delivery attempt is due: something waits and no back-off holds it. */
export function deliveryDue(cursor: DeliveryCursor, nowMs: number): boolean {
  return cursor.since !== null && (cursor.retryAt === null || Date.parse(cursor.retryAt) <= nowMs);
}
