import type { Audience, ConsensusStatus, NotificationState, Rule, Transition } from '../types.js';
import { type VoteView, voteView } from './target-view.js';

/** A transition with its evidence, as `GET /targets/{id}/history` shows it. */
export interface TransitionView {
  readonly at: string;
  readonly from: ConsensusStatus;
  readonly to: ConsensusStatus;
  readonly fromSince: string;
  readonly rule: Rule;
  readonly votes: readonly VoteView[];
  /** `ops`: a change only operators hear about (to or from `unknown`); `subscribers` otherwise. */
  readonly audience: Audience;
  /** Whether subscribers have been told: `pending` until the publish is confirmed, `skipped` for `ops` changes. */
  readonly notification: NotificationState;
}

export interface HistoryPage {
  readonly items: readonly TransitionView[];
  readonly nextBefore: string | null;
}

export function transitionView(t: Transition): TransitionView {
  return {
    at: t.at,
    from: t.from,
    to: t.to,
    fromSince: t.fromSince,
    rule: t.rule,
    votes: t.votes.map(voteView),
    audience: t.audience ?? 'subscribers',
    notification: t.notification.state,
  };
}

/**
 * A page of history, newest first, from up to `limit + 1` stored transitions under the cursor and the state's
 * outbox (transitions saved with the state and not yet recorded on their own; the stored copy wins).
 */
export function historyPage(
  stored: readonly Transition[],
  outbox: readonly Transition[],
  before: string | undefined,
  limit: number,
): HistoryPage {
  const byAt = new Map<string, Transition>();
  for (const t of outbox) if (before === undefined || t.at < before) byAt.set(t.at, t);
  for (const t of stored) byAt.set(t.at, t);
  const merged = [...byAt.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const items = merged.slice(0, limit);
  return {
    items: items.map(transitionView),
    nextBefore: merged.length > limit ? items.at(-1)!.at : null,
  };
}
