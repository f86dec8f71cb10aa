import { historyPage } from '../history-page.js';
import { isoTimeParam, limitParam } from '../query-params.js';
import { jsonResponse, READ_CACHE_CONTROL } from '../responses.js';
import type { RouteDefinition } from '../router.js';
import { findTarget, type StatusApiDeps } from '../status-api-deps.js';

export const HISTORY_LIMIT = { fallback: 50, max: 500 } as const;

/** `GET /targets/{id}/history?limit=&before=`: transitions newest first, paged by the `at` of the last item. */
export function historyRoute(deps: StatusApiDeps): RouteDefinition {
  return {
    method: 'GET',
    pattern: '/targets/{id}/history',
    handle: async ({ request, params }) => {
      const target = findTarget(deps.config, params.id!);
      const limit = limitParam(request.query, HISTORY_LIMIT);
      const before = isoTimeParam(request.query, 'before');
      const [stored, state] = await Promise.all([
        deps.transitions.list(target.id, { limit: limit + 1, ...(before !== undefined && { before }) }),
        deps.states.get(target.id),
      ]);
      const page = historyPage(stored, state?.outbox ?? [], before, limit);
      return jsonResponse(200, page, { cacheControl: READ_CACHE_CONTROL });
    },
  };
}
