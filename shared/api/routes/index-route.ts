import type { Hono } from 'hono';
import type { ApiEnv } from '../http-app.js';
import { wantsHtml } from '../negotiation.js';
import { loadStatusPage, pollMs } from '../page/load-pages.js';
import { STATUS_PAGE_HEADERS } from '../page/page-headers.js';
import { FORM_OUTCOMES } from '../page/page-text.js';
import { renderStatusPage } from '../page/status-page.js';
import { enumParam } from '../query-params.js';
import { HTML_CONTENT_TYPE, jsonResponse, READ_CACHE_CONTROL, textResponse } from '../responses.js';
import type { StatusApiDeps } from '../status-api-deps.js';

/** The JSON API's routes, as `GET /` lists them. */
export const API_ROUTES = [
  'GET /status',
  'GET /targets/{id}',
  'GET /targets/{id}/history',
  'GET /targets/{id}/results',
  'GET /targets/{id}/uptime',
  'GET /badge/{id}.svg',
  'GET /summary.json',
  'POST /subscriptions',
  'GET /maintenance',
  'POST /maintenance (operator)',
  'DELETE /maintenance/{id} (operator)',
] as const;

/** The pages for people, and the files they download. */
export const PAGE_ROUTES = [
  'GET / (Accept: text/html, or ?format=html)',
  'GET /report?from=&to=&target=&lang=',
  'GET /incidents.csv?from=&to=&target=&lang=',
  'POST /subscriptions/form',
] as const;

export const LANGUAGES = ['id', 'en'] as const;

/**
 * `GET /`: for a browser (`Accept: text/html`, or `?format=html`) the status page; for anything else (`curl`, an
 * API client, `?format=json`) what this API serves, so a person who opens its address finds the way.
 */
export function indexRoute(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.get('/', async (c) => {
    const query = c.req.queries();
    const format =
      query.format === undefined ? undefined : enumParam(query, 'format', ['html', 'json'], 'json');
    const headers = { vary: 'accept' };
    if (format === 'json' || (format === undefined && !wantsHtml(c))) {
      return jsonResponse(
        200,
        { routes: API_ROUTES, pages: PAGE_ROUTES },
        { cacheControl: READ_CACHE_CONTROL, headers },
      );
    }
    const locale = enumParam(query, 'lang', LANGUAGES, deps.config.locale);
    const outcome =
      query.subscription === undefined ? null : enumParam(query, 'subscription', FORM_OUTCOMES, 'invalid');
    const now = deps.now();
    const data = await loadStatusPage(deps, now);
    const html = await renderStatusPage({
      locale,
      targets: data.targets,
      groups: data.groups,
      policy: data.policy,
      now,
      statusEtag: data.statusEtag,
      pollMs: pollMs(deps),
      outcome,
      maintenance: data.maintenance,
      nextDeadline: data.nextDeadline,
    });
    return textResponse(200, HTML_CONTENT_TYPE, html, {
      cacheControl: READ_CACHE_CONTROL,
      headers: { ...headers, ...STATUS_PAGE_HEADERS },
    });
  });
}
