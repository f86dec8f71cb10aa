import type { Context } from 'hono';
import { accepts } from 'hono/accepts';

const JSON_TYPE = 'application/json';
const HTML_TYPE = 'text/html';

/** Whether `Accept` asks for NDJSON more than for JSON; wildcards and no header mean JSON. */
export function wantsNdjson(c: Context): boolean {
  const type = accepts(c, {
    header: 'Accept',
    supports: [JSON_TYPE, 'application/x-ndjson', 'application/ndjson'],
    default: JSON_TYPE,
  });
  return type !== JSON_TYPE;
}

/** Whether `Accept` asks for HTML more than for JSON (a browser does); wildcards and no header mean JSON. */
export function wantsHtml(c: Context): boolean {
  return accepts(c, { header: 'Accept', supports: [JSON_TYPE, HTML_TYPE], default: JSON_TYPE }) === HTML_TYPE;
}
