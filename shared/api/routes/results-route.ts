import type { Hono } from 'hono';
import { toResultLine } from '../../replay/result-line.js';
import { BadParameterError } from '../api-error.js';
import type { ApiEnv } from '../http-app.js';
import { wantsNdjson } from '../negotiation.js';
import { enumParam, isoTimeParam, limitParam } from '../query-params.js';
import { jsonResponse, NDJSON_CONTENT_TYPE, READ_CACHE_CONTROL, textResponse } from '../responses.js';
import { mergeResultPage } from '../result-page.js';
import { findTarget, type StatusApiDeps } from '../status-api-deps.js';

export const RESULTS_LIMIT = { fallback: 100, max: 1000 } as const;

/**
 * `GET /targets/{id}/results?region=&since=&before=&limit=`: raw probe results, newest first, one region or all
 * configured regions merged. `Accept: application/x-ndjson` gives one replay-tool line per result instead.
 */
export function resultsRoute(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.get('/targets/:id/results', async (c) => {
    const target = findTarget(deps.config, c.req.param('id'));
    const query = c.req.queries();
    const regions = deps.config.probeRegions;
    const region = query.region === undefined ? undefined : enumParam(query, 'region', regions, regions[0]!);
    const since = isoTimeParam(query, 'since');
    const before = isoTimeParam(query, 'before');
    const limit = limitParam(query, RESULTS_LIMIT);
    if (since !== undefined && before !== undefined && since >= before) {
      throw new BadParameterError('since', 'must be earlier than before');
    }
    const range = {
      limit: limit + 1,
      ...(since !== undefined && { since }),
      ...(before !== undefined && { before }),
    };
    const lists = await Promise.all(
      (region === undefined ? regions : [region]).map((r) => deps.results.list(target.id, r, range)),
    );
    const page = mergeResultPage(lists, limit);
    const headers: Record<string, string> = { vary: 'accept' };
    if (!wantsNdjson(c)) return jsonResponse(200, page, { cacheControl: READ_CACHE_CONTROL, headers });
    if (page.nextBefore !== null) headers['x-next-before'] = page.nextBefore;
    return textResponse(
      200,
      NDJSON_CONTENT_TYPE,
      page.items.map((r) => `${JSON.stringify(toResultLine(r))}\n`).join(''),
      { cacheControl: READ_CACHE_CONTROL, headers },
    );
  });
}
