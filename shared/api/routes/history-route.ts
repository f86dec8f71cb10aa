import type { Hono } from 'hono';
import { historyPage } from '../history-page.js';
import type { ApiEnv } from '../http-app.js';
import { isoTimeParam, limitParam } from '../query-params.js';
import { jsonResponse, READ_CACHE_CONTROL } from '../responses.js';
import { findTarget, type StatusApiDeps } from '../status-api-deps.js';

export const HISTORY_LIMIT = { fallback: 50, max: 500 } as const;

/** `GET /targets/{id}/history?limit=&before=`: transitions newest first, paged by the `at` of the last item. */
export function historyRoute(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.get('/targets/:id/history', async (c) => {
    const target = findTarget(deps.config, c.req.param('id'));
    const query = c.req.queries();
    const limit = limitParam(query, HISTORY_LIMIT);
    const before = isoTimeParam(query, 'before');
    const [stored, state] = await Promise.all([
      deps.transitions.list(target.id, { limit: limit + 1, ...(before !== undefined && { before }) }),
      deps.states.get(target.id),
    ]);
    const page = historyPage(stored, state?.outbox ?? [], before, limit);
    return jsonResponse(200, page, { cacheControl: READ_CACHE_CONTROL });
  });
}
