import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type ApiRequest,
  type ApiResponse,
  normalizeHeaders,
  parseQueryString,
} from '../../shared/api/api-request.js';

/** A DNS name as API Gateway reports its own (default or custom) domain; anything else is not trusted. */
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** The API's origin from the domain API Gateway answered on (its own, not the `Host` header a client sent). */
export function originOf(event: APIGatewayProxyEventV2): string | null {
  const domain = event.requestContext?.domainName;
  return typeof domain === 'string' && DOMAIN_NAME.test(domain) ? `https://${domain.toLowerCase()}` : null;
}

/** An API Gateway HTTP API (payload 2.0) event as the router's request. */
export function fromApiGatewayEvent(event: APIGatewayProxyEventV2): ApiRequest {
  const body =
    event.body === undefined || event.body === null
      ? null
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  return {
    method: (event.requestContext?.http?.method ?? 'GET').toUpperCase(),
    path: event.rawPath ?? '/',
    query: parseQueryString(event.rawQueryString ?? ''),
    headers: normalizeHeaders(event.headers ?? {}),
    body,
    sourceIp: event.requestContext?.http?.sourceIp ?? null,
    requestId: event.requestContext?.requestId ?? null,
    origin: originOf(event),
  };
}

export function toApiGatewayResult(response: ApiResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    headers: { ...response.headers },
    body: response.body,
    isBase64Encoded: false,
  };
}
