import { toResultLine } from '../../replay/result-line.js';
import { prefersNdjson } from '../accept.js';
import { BadParameterError } from '../api-error.js';
import { enumParam, isoTimeParam, limitParam } from '../query-params.js';
import { jsonResponse, NDJSON_CONTENT_TYPE, READ_CACHE_CONTROL } from '../responses.js';
import { mergeResultPage } from '../result-page.js';
import type { RouteDefinition } from '../router.js';
import { findTarget, type StatusApiDeps } from '../status-api-deps.js';

export const RESULTS_LIMIT = { fallback: 100, max: 1000 } as const;

/**
 * `GET /targets/{id}/results?region=&since=&before=&limit=`: raw probe results, newest first, one region or all
 * configured regions merged. `Accept: application/x-ndjson` gives one replay-tool line per result instead.
 */
export function resultsRoute(deps: StatusApiDeps): RouteDefinition {
  return {
    method: 'GET',
    pattern: '/targets/{id}/results',
    handle: async ({ request, params }) => {
      const target = findTarget(deps.config, params.id!);
      const regions = deps.config.probeRegions;
      const region =
        request.query.region === undefined
          ? undefined
          : enumParam(request.query, 'region', regions, regions[0]!);
      const since = isoTimeParam(request.query, 'since');
      const before = isoTimeParam(request.query, 'before');
      const limit = limitParam(request.query, RESULTS_LIMIT);
      if (since !== undefined && before !== undefined && since >= before) {
        throw new BadParameterError('since', 'must be earlier than before');
      }
      const query = {
        limit: limit + 1,
        ...(since !== undefined && { since }),
        ...(before !== undefined && { before }),
      };
      const lists = await Promise.all(
        (region === undefined ? regions : [region]).map((r) => deps.results.list(target.id, r, query)),
      );
      const page = mergeResultPage(lists, limit);
      const headers: Record<string, string> = { vary: 'accept' };
      if (!prefersNdjson(request.headers.accept)) {
        return jsonResponse(200, page, { cacheControl: READ_CACHE_CONTROL, headers });
      }
      if (page.nextBefore !== null) headers['x-next-before'] = page.nextBefore;
      return {
        status: 200,
        headers: { 'content-type': NDJSON_CONTENT_TYPE, 'cache-control': READ_CACHE_CONTROL, ...headers },
        body: page.items.map((r) => `${JSON.stringify(toResultLine(r))}\n`).join(''),
      };
    },
  };
}
