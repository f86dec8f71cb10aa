import type { Hono } from 'hono';
import { resolvePolicy } from '../../config/fleet-config.js';
import { BadParameterError } from '../api-error.js';
import { wibDateKey } from '../daily-shares.js';
import { HistoryTooLongError } from '../history-window.js';
import type { ApiEnv } from '../http-app.js';
import { incidentsCsv } from '../page/incidents-csv.js';
import { loadReport, type TargetReport } from '../page/load-report.js';
import { MAX_REPORT_INCIDENTS, REPORT_HEADERS, renderReport } from '../page/report-page.js';
import { enumParam, type Query } from '../query-params.js';
import { windowParams } from '../report-window.js';
import { CSV_CONTENT_TYPE, HTML_CONTENT_TYPE, READ_CACHE_CONTROL, textResponse } from '../responses.js';
import type { StatusApiDeps } from '../status-api-deps.js';
import { LANGUAGES } from './index-route.js';
import { publicUrl } from './summary-route.js';

/** Rows one export holds: about 3 MB, well inside a Lambda response. */
export const MAX_EXPORT_INCIDENTS = 10_000;

/** The window, the language and the targets a report or an export asks for, each checked like the rest of the API. */
async function readReport(deps: StatusApiDeps, query: Query, limit: number) {
  const now = deps.now();
  const { from, to } = windowParams(query, now);
  const locale = enumParam(query, 'lang', LANGUAGES, deps.config.locale);
  const ids = deps.config.targets.map((t) => t.id);
  const target = query.target === undefined ? null : enumParam(query, 'target', ids, ids[0]!);
  const targets = deps.config.targets.filter((t) => target === null || t.id === target);
  let reports: TargetReport[];
  try {
    reports = await loadReport(deps, targets, from, to, now);
  } catch (error) {
    if (error instanceof HistoryTooLongError) {
      throw new BadParameterError('from', 'the window holds too many status changes; choose a shorter one');
    }
    throw error;
  }
  const count = reports.reduce((sum, r) => sum + r.incidents.length, 0);
  if (count > limit) {
    throw new BadParameterError(
      'from',
      `the window holds more than ${limit} incidents; choose a shorter one`,
    );
  }
  return { now, from, to, locale, target, reports };
}

/**
 * `GET /report?from=&to=&target=&lang=`: a printable page (A4) of a window's incidents with the configuration that
 * decided them; `GET /incidents.csv` with the same parameters: one row per outage or maintenance, for Excel.
 */
export function reportRoutes(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.get('/report', async (c) => {
    const read = await readReport(deps, c.req.queries(), MAX_REPORT_INCIDENTS);
    const html = await renderReport({
      locale: read.locale,
      config: deps.config,
      policy: resolvePolicy(deps.config),
      reports: read.reports,
      from: read.from,
      to: read.to,
      now: read.now,
      target: read.target,
      pageUrl: publicUrl(deps, c),
    });
    return textResponse(200, HTML_CONTENT_TYPE, html, {
      cacheControl: READ_CACHE_CONTROL,
      headers: REPORT_HEADERS,
    });
  });

  app.get('/incidents.csv', async (c) => {
    const read = await readReport(deps, c.req.queries(), MAX_EXPORT_INCIDENTS);
    const name = read.locale === 'id' ? 'insiden-efaktur' : 'efaktur-incidents';
    const file = `${name}_${wibDateKey(read.from.getTime())}_${wibDateKey(read.to.getTime() - 1)}.csv`;
    return textResponse(200, CSV_CONTENT_TYPE, incidentsCsv(read.reports, read.locale, read.now), {
      cacheControl: READ_CACHE_CONTROL,
      headers: { 'content-disposition': `attachment; filename="${file}"` },
    });
  });
}
