import { jsonResponse, READ_CACHE_CONTROL } from '../responses.js';
import type { RouteDefinition } from '../router.js';
import { findTarget, type StatusApiDeps } from '../status-api-deps.js';
import { loadAllViews, loadTargetView } from './load-views.js';

/** `GET /status` (every target) and `GET /targets/{id}` (one), with the votes behind each verdict. */
export function statusRoutes(deps: StatusApiDeps): RouteDefinition[] {
  return [
    {
      method: 'GET',
      pattern: '/status',
      handle: async () =>
        jsonResponse(200, { targets: await loadAllViews(deps) }, { cacheControl: READ_CACHE_CONTROL }),
    },
    {
      method: 'GET',
      pattern: '/targets/{id}',
      handle: async ({ params }) => {
        const target = findTarget(deps.config, params.id!);
        return jsonResponse(200, await loadTargetView(deps, target), { cacheControl: READ_CACHE_CONTROL });
      },
    },
  ];
}
