import type { Hono } from 'hono';
import type { ApiEnv } from '../http-app.js';
import { jsonResponse, READ_CACHE_CONTROL } from '../responses.js';
import { findTarget, type StatusApiDeps } from '../status-api-deps.js';
import { statusBody } from '../status-body.js';
import { loadAllViews, loadTargetView } from './load-views.js';

/**
 * `GET /status` (every target, the upcoming maintenance windows and the next filing deadline) and
 * `GET /targets/{id}` (one), with the votes behind each verdict.
 */
export function statusRoutes(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.get('/status', async () => {
    const now = deps.now();
    const [views, windows] = await Promise.all([loadAllViews(deps), deps.maintenance.windows.list(now)]);
    return jsonResponse(200, statusBody(views, windows, deps.config, now), {
      cacheControl: READ_CACHE_CONTROL,
    });
  });
  app.get('/targets/:id', async (c) => {
    const target = findTarget(deps.config, c.req.param('id'));
    return jsonResponse(200, await loadTargetView(deps, target), { cacheControl: READ_CACHE_CONTROL });
  });
}
