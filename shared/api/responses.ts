import type { ApiError } from './api-error.js';

/** Reads may be cached briefly: the consensus changes at most once per probe interval. */
export const READ_CACHE_CONTROL = 'public, max-age=15';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';
export const SVG_CONTENT_TYPE = 'image/svg+xml; charset=utf-8';
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export interface ResponseOptions {
  /** @default 'no-store' */
  readonly cacheControl?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A response with a text body; reads pass `READ_CACHE_CONTROL`, everything else is not stored. */
export function textResponse(
  status: number,
  contentType: string,
  body: string,
  options: ResponseOptions = {},
): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': contentType,
      'cache-control': options.cacheControl ?? 'no-store',
      ...options.headers,
    },
  });
}

/** A JSON response; reads pass `READ_CACHE_CONTROL`, everything else is not stored. */
export function jsonResponse(status: number, body: unknown, options: ResponseOptions = {}): Response {
  return textResponse(status, JSON_CONTENT_TYPE, JSON.stringify(body), options);
}

/** `{ "error": { "code", "message" } }` with the error's own headers (`Allow`, `Retry-After`). */
export function errorResponse(error: ApiError): Response {
  return jsonResponse(
    error.status,
    { error: { code: error.code, message: error.message } },
    { headers: error.headers },
  );
}

/** The generic 500: names the request id so a report can be matched with the log, and nothing else. */
export function internalErrorResponse(requestId: string | null): Response {
  const reference = requestId === null ? '' : ` (request ${requestId})`;
  return jsonResponse(500, {
    error: { code: 'internal_error', message: `the server failed to answer${reference}; try again later` },
  });
}
