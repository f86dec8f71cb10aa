import type { Context } from 'hono';
import { accepts } from 'hono/accepts';

const JSON_TYPE = 'application/json';
const HTML_TYPE = 'text/html';

/**
 * Longer than any client's `Accept` (a browser's is a few hundred bytes; API Gateway allows 10 KB of headers in all).
 * Parsing a longer one costs seconds of CPU, so it is ignored and JSON served, as with no header.
 */
export const MAX_ACCEPT_LENGTH = 4096;

/** The media type `Accept` prefers among `supports`; JSON for wildcards, no header, or one too long to read. */
function negotiate(c: Context, supports: string[]): string {
  if ((c.req.header('Accept')?.length ?? 0) > MAX_ACCEPT_LENGTH) return JSON_TYPE;
  return accepts(c, { header: 'Accept', supports, default: JSON_TYPE });
}

/** Whether `Accept` asks for NDJSON more than for JSON; wildcards and no header mean JSON. */
export function wantsNdjson(c: Context): boolean {
  return negotiate(c, [JSON_TYPE, 'application/x-ndjson', 'application/ndjson']) !== JSON_TYPE;
}

/** Whether `Accept` asks for HTML more than for JSON (a browser does); wildcards and no header mean JSON. */
export function wantsHtml(c: Context): boolean {
  return negotiate(c, [JSON_TYPE, HTML_TYPE]) === HTML_TYPE;
}
