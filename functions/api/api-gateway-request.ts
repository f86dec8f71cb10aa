import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type ApiRequest,
  type ApiResponse,
  normalizeHeaders,
  parseQueryString,
} from '../../shared/api/api-request.js';

/** An API Gateway HTTP API (payload 2.0) event as the router's request. */
export function fromApiGatewayEvent(event: APIGatewayProxyEventV2): ApiRequest {
  const body =
    event.body === undefined || event.body === null
      ? null
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    query: parseQueryString(event.rawQueryString ?? ''),
    headers: normalizeHeaders(event.headers ?? {}),
    body,
    sourceIp: event.requestContext.http.sourceIp ?? null,
    requestId: event.requestContext.requestId ?? null,
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
