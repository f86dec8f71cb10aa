import { renderBadge } from '../badge.js';
import { READ_CACHE_CONTROL, SVG_CONTENT_TYPE } from '../responses.js';
import type { RouteDefinition } from '../router.js';
import { findTarget, type StatusApiDeps } from '../status-api-deps.js';
import { loadTargetView } from './load-views.js';

/** `GET /badge/{id}.svg`: the target's name and status, coloured by status (grey when stale). */
export function badgeRoute(deps: StatusApiDeps): RouteDefinition {
  return {
    method: 'GET',
    pattern: '/badge/{id}.svg',
    handle: async ({ params }) => {
      const target = findTarget(deps.config, params.id!);
      const view = await loadTargetView(deps, target);
      return {
        status: 200,
        headers: { 'content-type': SVG_CONTENT_TYPE, 'cache-control': READ_CACHE_CONTROL },
        body: renderBadge({ label: target.name, status: view.status, stale: view.stale }),
      };
    },
  };
}
