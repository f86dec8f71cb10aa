import type { ConsensusState, Transition } from '../types.js';
import type { StatusApiDeps } from './status-api-deps.js';

const PAGE_SIZE = 500;
/** 20 000 transitions in a window is far beyond any damped history; past it the figures would be guesses. */
const MAX_PAGES = 40;

/** More transitions since the window start than one read takes: a window that long cannot be answered. */
export class HistoryTooLongError extends Error {
  constructor(
    readonly targetId: string,
    readonly since: string,
    readonly limit: number,
  ) {
    super(`more than ${limit} transitions of ${targetId} since ${since}`);
    this.name = 'HistoryTooLongError';
  }
}

/** What is recorded of one target from a time on: enough to rebuild its statuses over a window. */
export interface HistoryWindow {
  /** The newest transition before the window, which tells the status at its start; `null` when none. */
  readonly lastBefore: Transition | null;
  /** Transitions at or after the window start, newest first, with those still only in the state's outbox. */
  readonly inWindow: readonly Transition[];
  readonly state: ConsensusState | null;
}

async function transitionsSince(
  deps: Pick<StatusApiDeps, 'transitions'>,
  targetId: string,
  since: string,
): Promise<Transition[]> {
  const all: Transition[] = [];
  let before: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const items = await deps.transitions.list(targetId, {
      since,
      limit: PAGE_SIZE,
      ...(before !== undefined && { before }),
    });
    all.push(...items);
    if (items.length < PAGE_SIZE) return all;
    before = items.at(-1)!.at;
  }
  throw new HistoryTooLongError(targetId, since, PAGE_SIZE * MAX_PAGES);
}

/** Reads the history of `targetId` from `from` on (a few queries; paged past 500 transitions). */
export async function loadHistoryWindow(
  deps: Pick<StatusApiDeps, 'transitions' | 'states'>,
  targetId: string,
  from: Date,
): Promise<HistoryWindow> {
  const since = from.toISOString();
  const [lastBefore, stored, state] = await Promise.all([
    deps.transitions.list(targetId, { before: since, limit: 1 }),
    transitionsSince(deps, targetId, since),
    deps.states.get(targetId),
  ]);
  const known = new Set(stored.map((t) => t.at));
  const pending = (state?.outbox ?? []).filter((t) => t.at >= since && !known.has(t.at));
  const inWindow = [...stored, ...pending].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { lastBefore: lastBefore[0] ?? null, inWindow, state };
}
