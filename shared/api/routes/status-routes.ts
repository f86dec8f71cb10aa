import type { Hono } from 'hono';
import { findGroup } from '../group-view.js';
import type { ApiEnv } from '../http-app.js';
import { jsonResponse, READ_CACHE_CONTROL } from '../responses.js';
import { findTarget, type StatusApiDeps } from '../status-api-deps.js';
import { statusBody } from '../status-body.js';
import { loadAllViews, loadGroupViews, loadTargetView } from './load-views.js';

/**
 * `GET /status` (every target, every service group, the upcoming maintenance windows and the next filing deadline),
 * `GET /targets/{id}` (one target) and `GET /groups/{id}` (one group with its members), with the votes behind each
 * target's verdict.
 */
export function statusRoutes(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.get('/status', async () => {
    const now = deps.now();
    const [views, windows] = await Promise.all([loadAllViews(deps), deps.maintenance.windows.list(now)]);
    const groups = await loadGroupViews(deps, views);
    return jsonResponse(200, statusBody(views, groups, windows, deps.config, now), {
      cacheControl: READ_CACHE_CONTROL,
    });
  });
  app.get('/groups/:id', async (c) => {
    const group = findGroup(deps.config, c.req.param('id'));
    const members = deps.config.targets.filter((t) => group.targets.includes(t.id));
    const views = await Promise.all(members.map((t) => loadTargetView(deps, t)));
    const [view] = await loadGroupViews(deps, views, [group]);
    return jsonResponse(200, view, { cacheControl: READ_CACHE_CONTROL });
  });
  app.get('/targets/:id', async (c) => {
    const target = findTarget(deps.config, c.req.param('id'));
    return jsonResponse(200, await loadTargetView(deps, target), { cacheControl: READ_CACHE_CONTROL });
  });
}
