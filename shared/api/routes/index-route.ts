import { jsonResponse, READ_CACHE_CONTROL } from '../responses.js';
import type { RouteDefinition } from '../router.js';

/** `GET /`: what this API serves, so a person who opens its address finds the way. */
export function indexRoute(routes: readonly RouteDefinition[]): RouteDefinition {
  return {
    method: 'GET',
    pattern: '/',
    handle: async () =>
      jsonResponse(
        200,
        { routes: routes.map((r) => `${r.method} ${r.pattern}`) },
        { cacheControl: READ_CACHE_CONTROL },
      ),
  };
}
