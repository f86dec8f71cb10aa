/**
 * The router's view of an HTTP exchange, independent of API Gateway and node:http, so the Lambda and local mode
 * serve the same routes through thin adapters.
 */
export interface ApiRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path as received, still percent-encoded, without the query string. */
  readonly path: string;
  /** Query parameters, each with every value it was given. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** Header values by lower-case name; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The decoded body text, `null` when there is none. */
  readonly body: string | null;
  /** The client's address as the edge saw it, for per-client throttling; `null` when unknown. */
  readonly sourceIp: string | null;
  /** An id that ties a logged failure to the response the client got. */
  readonly requestId: string | null;
  /**
   * The API's own origin (`https://host[:port]`) as the platform knows it: API Gateway's domain name, the local
   * listener's address. Never taken from a request header, which any client can set. `null` when unknown.
   */
  readonly origin: string | null;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A record without a prototype: client-chosen names such as `constructor` or `__proto__` are then plain keys,
 * never `Object.prototype` members.
 */
function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Builds `ApiRequest.query` from a raw query string (`a=1&b=2`, no leading `?`). */
export function parseQueryString(raw: string): Record<string, string[]> {
  const query = emptyRecord<string[]>();
  for (const [name, value] of new URLSearchParams(raw)) {
    const values = query[name] ?? [];
    values.push(value);
    query[name] = values;
  }
  return query;
}

/** Header names folded to lower case; repeated values (arrays) joined as HTTP allows. */
export function normalizeHeaders(
  raw: Readonly<Record<string, string | readonly string[] | number | boolean | undefined>>,
): Record<string, string> {
  const headers = emptyRecord<string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? text : `${headers[key]}, ${text}`;
  }
  return headers;
}
