import type { Hono } from 'hono';
import { renderBadge } from '../badge.js';
import type { ApiEnv } from '../http-app.js';
import { READ_CACHE_CONTROL, SVG_CONTENT_TYPE, textResponse } from '../responses.js';
import { findTarget, type StatusApiDeps } from '../status-api-deps.js';
import { loadTargetView } from './load-views.js';

/** `GET /badge/{id}.svg`: the target's name and status, coloured by status (grey when stale). */
export function badgeRoute(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.get('/badge/:file{[^/]+\\.svg}', async (c) => {
    const target = findTarget(deps.config, c.req.param('file').slice(0, -'.svg'.length));
    const view = await loadTargetView(deps, target);
    return textResponse(
      200,
      SVG_CONTENT_TYPE,
      renderBadge({ label: target.name, status: view.status, stale: view.stale }),
      { cacheControl: READ_CACHE_CONTROL },
    );
  });
}
