import type { Hono } from 'hono';
import { loadHistoryWindow } from '../history-window.js';
import type { ApiEnv } from '../http-app.js';
import { enumParam } from '../query-params.js';
import { jsonResponse, READ_CACHE_CONTROL } from '../responses.js';
import { findTarget, type StatusApiDeps } from '../status-api-deps.js';
import { buildTimeline, computeUptime, UPTIME_WINDOWS, windowMs } from '../uptime.js';

/** `GET /targets/{id}/uptime?window=24h|7d|30d|90d`, computed from transitions, never from raw results. */
export function uptimeRoute(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.get('/targets/:id/uptime', async (c) => {
    const target = findTarget(deps.config, c.req.param('id'));
    const window = enumParam(c.req.queries(), 'window', UPTIME_WINDOWS, '24h');
    const to = deps.now();
    const from = new Date(to.getTime() - windowMs(window));
    const history = await loadHistoryWindow(deps, target.id, from);
    const timeline = buildTimeline(from, history.lastBefore, history.inWindow, history.state);
    const figures = computeUptime(timeline, from, to);
    return jsonResponse(
      200,
      { targetId: target.id, window, from: from.toISOString(), to: to.toISOString(), ...figures },
      { cacheControl: READ_CACHE_CONTROL },
    );
  });
}
