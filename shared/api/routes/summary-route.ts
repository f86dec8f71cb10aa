import type { Hono } from 'hono';
import { isFailing, type Transition } from '../../types.js';
import { type ApiContext, type ApiEnv, requestFacts } from '../http-app.js';
import { jsonResponse, READ_CACHE_CONTROL } from '../responses.js';
import type { StatusApiDeps } from '../status-api-deps.js';
import { statuspageSummary } from '../statuspage-summary.js';
import { loadAllViews, loadGroupViews } from './load-views.js';

export const SUMMARY_PAGE = {
  id: 'efaktur-probe-fleet',
  name: 'e-Faktur probe fleet',
  timeZone: 'Asia/Jakarta',
};

/**
 * The public address of the API: the configured `statusUrl`, else the origin the platform reports. Never built
 * from `Host` or `X-Forwarded-*`: any client sets those, and this response is cached publicly.
 */
export function publicUrl(deps: StatusApiDeps, c: ApiContext): string {
  return deps.config.statusUrl ?? requestFacts(c).origin ?? '';
}

/** `GET /summary.json`: the fleet in Atlassian Statuspage v2 form, for existing status tooling. */
export function summaryRoute(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.get('/summary.json', async (c) => {
    const now = deps.now();
    const [views, windows] = await Promise.all([loadAllViews(deps), deps.maintenance.windows.list(now)]);
    const groups = await loadGroupViews(deps, views);
    const lastTransitions = new Map<string, Transition>();
    await Promise.all(
      views
        .filter((v) => isFailing(v.status))
        .map(async (v) => {
          const [last] = await deps.transitions.list(v.id, { limit: 1 });
          if (last !== undefined) lastTransitions.set(v.id, last);
        }),
    );
    const summary = statuspageSummary({
      page: {
        id: SUMMARY_PAGE.id,
        name: SUMMARY_PAGE.name,
        url: publicUrl(deps, c),
        time_zone: SUMMARY_PAGE.timeZone,
      },
      targets: views,
      lastTransitions,
      now,
      locale: deps.config.locale,
      groups,
      maintenances: windows,
    });
    return jsonResponse(200, summary, { cacheControl: READ_CACHE_CONTROL });
  });
}
