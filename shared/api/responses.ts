import type { ApiError } from './api-error.js';
import type { ApiResponse } from './api-request.js';

/** Reads may be cached briefly: the consensus changes at most once per probe interval. */
export const READ_CACHE_CONTROL = 'public, max-age=15';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';
export const SVG_CONTENT_TYPE = 'image/svg+xml; charset=utf-8';

/** A JSON response; reads pass `READ_CACHE_CONTROL`, everything else is not stored. */
export function jsonResponse(
  status: number,
  body: unknown,
  options: { readonly cacheControl?: string; readonly headers?: Readonly<Record<string, string>> } = {},
): ApiResponse {
  return {
    status,
    headers: {
      'content-type': JSON_CONTENT_TYPE,
      'cache-control': options.cacheControl ?? 'no-store',
      ...options.headers,
    },
    body: JSON.stringify(body),
  };
}

/** `{ "error": { "code", "message" } }` with the error's own headers (`Allow`, `Retry-After`). */
export function errorResponse(error: ApiError): ApiResponse {
  return jsonResponse(
    error.status,
    { error: { code: error.code, message: error.message } },
    { headers: error.headers },
  );
}

/** The generic 500: names the request id so a report can be matched with the log, and nothing else. */
export function internalErrorResponse(requestId: string | null): ApiResponse {
  const reference = requestId === null ? '' : ` (request ${requestId})`;
  return jsonResponse(500, {
    error: { code: 'internal_error', message: `the server failed to answer${reference}; try again later` },
  });
}
