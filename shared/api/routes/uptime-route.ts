import type { Transition } from '../../types.js';
import { enumParam } from '../query-params.js';
import { jsonResponse, READ_CACHE_CONTROL } from '../responses.js';
import type { RouteDefinition } from '../router.js';
import { findTarget, type StatusApiDeps } from '../status-api-deps.js';
import { buildTimeline, computeUptime, UPTIME_WINDOWS, windowMs } from '../uptime.js';

const PAGE_SIZE = 500;
/** 20 000 transitions in a window is far beyond any damped history; past it the figures would be guesses. */
const MAX_PAGES = 40;

async function transitionsSince(deps: StatusApiDeps, targetId: string, since: string): Promise<Transition[]> {
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
  throw new Error(`more than ${PAGE_SIZE * MAX_PAGES} transitions of ${targetId} since ${since}`);
}

/** `GET /targets/{id}/uptime?window=24h|7d|30d|90d`, computed from transitions, never from raw results. */
export function uptimeRoute(deps: StatusApiDeps): RouteDefinition {
  return {
    method: 'GET',
    pattern: '/targets/{id}/uptime',
    handle: async ({ request, params }) => {
      const target = findTarget(deps.config, params.id!);
      const window = enumParam(request.query, 'window', UPTIME_WINDOWS, '24h');
      const to = deps.now();
      const from = new Date(to.getTime() - windowMs(window));
      const [lastBefore, inWindow, state] = await Promise.all([
        deps.transitions.list(target.id, { before: from.toISOString(), limit: 1 }),
        transitionsSince(deps, target.id, from.toISOString()),
        deps.states.get(target.id),
      ]);
      const known = new Set(inWindow.map((t) => t.at));
      const pending = (state?.outbox ?? []).filter((t) => t.at >= from.toISOString() && !known.has(t.at));
      const timeline = buildTimeline(from, lastBefore[0] ?? null, [...inWindow, ...pending], state);
      const figures = computeUptime(timeline, from, to);
      return jsonResponse(
        200,
        { targetId: target.id, window, from: from.toISOString(), to: to.toISOString(), ...figures },
        { cacheControl: READ_CACHE_CONTROL },
      );
    },
  };
}
