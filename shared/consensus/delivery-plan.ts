import type { BacklogSummary, ConsensusStatus, Transition } from '../types.js';

/** Up to this many waiting changes get a message each; a longer backlog is told in one message. */
export const MAX_INDIVIDUAL_NOTICES = 3;

/** A waiting change that a sent backlog message already told: to be marked `summarised`. */
export interface TellingMark {
  readonly at: string;
  readonly summarisedIn: string;
  readonly messageId: string;
}

export type DeliveryPlan =
  | { readonly kind: 'none'; readonly alreadyTold: readonly TellingMark[] }
  | {
      readonly kind: 'each';
      readonly entries: readonly Transition[];
      readonly alreadyTold: readonly TellingMark[];
    }
  | {
      readonly kind: 'backlog';
      /** The newest waiting change: its message also tells `covered`. */
      readonly newest: Transition;
      readonly summary: BacklogSummary;
      readonly covered: readonly Transition[];
      readonly alreadyTold: readonly TellingMark[];
    };

function waits(t: Transition): boolean {
  return t.audience !== 'ops' && t.notification.state === 'pending';
}

function summaryOf(covered: readonly Transition[], atLeast: boolean): BacklogSummary {
  const toCounts: Partial<Record<ConsensusStatus, number>> = {};
  for (const t of covered) toCounts[t.to] = (toCounts[t.to] ?? 0) + 1;
  const first = covered[0]!;
  return {
    count: covered.length,
    atLeast,
    first: { at: first.at, from: first.from, to: first.to },
    toCounts,
  };
}

/**
 * What to deliver, from the history read oldest first from the delivery cursor (pure). A waiting change inside the
 * range of a sent backlog message (from its first covered change up to the message's own change) was told by it.
 * The rest: up to `MAX_INDIVIDUAL_NOTICES` get a message each, in order; more, or more than one delivery reads
 * (`truncated`, with `newestBeyond` the newest decided change), are told in the newest change's message.
 */
export function planDelivery(
  read: readonly Transition[],
  truncated: boolean,
  newestBeyond: Transition | null,
): DeliveryPlan {
  const tellers = [...read, ...(newestBeyond === null ? [] : [newestBeyond])].filter(
    (t) => t.notification.state === 'sent' && t.notification.summary !== undefined,
  );
  const alreadyTold: TellingMark[] = [];
  const waiting: Transition[] = [];
  for (const t of read.filter(waits)) {
    const teller = tellers.find((s) => s.notification.summary!.first.at <= t.at && t.at < s.at);
    if (teller === undefined) waiting.push(t);
    else
      alreadyTold.push({ at: t.at, summarisedIn: teller.at, messageId: teller.notification.messageId ?? '' });
  }

  if (!truncated) {
    if (waiting.length === 0) return { kind: 'none', alreadyTold };
    if (waiting.length <= MAX_INDIVIDUAL_NOTICES) return { kind: 'each', entries: waiting, alreadyTold };
    const covered = waiting.slice(0, -1);
    return {
      kind: 'backlog',
      newest: waiting.at(-1)!,
      summary: summaryOf(covered, false),
      covered,
      alreadyTold,
    };
  }
  if (waiting.length === 0) return { kind: 'none', alreadyTold };
  if (newestBeyond !== null && waits(newestBeyond) && newestBeyond.at > waiting.at(-1)!.at) {
    return {
      kind: 'backlog',
      newest: newestBeyond,
      summary: summaryOf(waiting, true),
      covered: waiting,
      alreadyTold,
    };
  }
  // The newest change is out of reach (not recorded yet): tell the oldest ones in order meanwhile.
  return { kind: 'each', entries: waiting.slice(0, MAX_INDIVIDUAL_NOTICES), alreadyTold };
}
