import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RequestFacts } from '../../shared/api/http-app.js';

/** A DNS name as API Gateway reports its own (default or custom) domain; anything else is not trusted. */
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Methods fetch's `Request` refuses to carry; they stand in as this one, which no route answers. */
const UNSUPPORTED_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
export const STAND_IN_METHOD = 'UNSUPPORTED';

/** The caller API Gateway's IAM authorizer verified; `undefined` on a route without it. */
export function iamCallerOf(event: APIGatewayProxyEventV2): string | undefined {
  const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: unknown } } } | undefined)
    ?.authorizer?.iam;
  return typeof iam?.userArn === 'string' && iam.userArn !== '' ? iam.userArn : undefined;
}

/** The API's origin from the domain API Gateway answered on (its own, not the `Host` header a client sent). */
export function originOf(event: APIGatewayProxyEventV2): string | null {
  const domain = event.requestContext?.domainName;
  return typeof domain === 'string' && DOMAIN_NAME.test(domain) ? `https://${domain.toLowerCase()}` : null;
}

/** A header fetch's `Headers` can hold: a token name, a value without NUL, CR or LF, no lone surrogates. */
function usableHeaders(raw: APIGatewayProxyEventV2['headers'] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (typeof value !== 'string' || !TOKEN.test(name)) continue;
    const text = value.replace(LONE_SURROGATE, '\uFFFD');
    if (!/[\0\r\n]/.test(text)) headers[name.toLowerCase()] = text;
  }
  return headers;
}

export interface PreparedEvent {
  /** The event with what fetch's `Request` would refuse made safe; Hono's Lambda adapter reads this one. */
  readonly event: APIGatewayProxyEventV2;
  readonly facts: RequestFacts;
}

/**
 * Hono's Lambda adapter turns the event into a fetch `Request`, which throws on what a client can send through
 * API Gateway: a `TRACE` or `CONNECT`, a body on a GET, a header value with a NUL or a lone surrogate. Such an
 * event would be answered in plain text, not the API's JSON; this keeps every event servable.
 */
export function prepareEvent(event: APIGatewayProxyEventV2): PreparedEvent {
  const context = event.requestContext;
  const sent = String(context?.http?.method ?? 'GET').toUpperCase();
  const usable = TOKEN.test(sent) && !UNSUPPORTED_METHODS.has(sent);
  const method = usable ? sent : STAND_IN_METHOD;
  const origin = originOf(event);
  const rawPath = typeof event.rawPath === 'string' && event.rawPath.startsWith('/') ? event.rawPath : '/';
  const hasBody =
    typeof event.body === 'string' && event.body !== '' && method !== 'GET' && method !== 'HEAD';
  const body = !hasBody
    ? undefined
    : event.isBase64Encoded
      ? Buffer.from(event.body!, 'base64').toString('base64')
      : event.body!;
  const { cookies: _cookies, body: _body, ...rest } = event;
  return {
    event: {
      ...rest,
      rawPath,
      rawQueryString: typeof event.rawQueryString === 'string' ? event.rawQueryString : '',
      headers: usableHeaders(event.headers),
      requestContext: {
        ...context,
        domainName: origin === null ? 'localhost' : new URL(origin).hostname,
        http: { ...context?.http, method, path: rawPath },
      },
      isBase64Encoded: hasBody && event.isBase64Encoded === true,
      ...(body !== undefined && { body }),
    },
    facts: {
      sourceIp: typeof context?.http?.sourceIp === 'string' ? context.http.sourceIp : null,
      requestId: typeof context?.requestId === 'string' ? context.requestId : null,
      origin,
      ...(!usable && { method: sent }),
      ...(iamCallerOf(event) !== undefined && { iamCaller: iamCallerOf(event) }),
    },
  };
}
