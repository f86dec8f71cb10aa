import type { Hono } from 'hono';
import type { ApiEnv } from '../http-app.js';
import { jsonResponse, READ_CACHE_CONTROL } from '../responses.js';
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
] as const;

/** `GET /`: what this API serves, so a person who opens its address finds the way. */
export function indexRoute(app: Hono<ApiEnv>, _deps: StatusApiDeps): void {
  app.get('/', () => jsonResponse(200, { routes: API_ROUTES }, { cacheControl: READ_CACHE_CONTROL }));
}
