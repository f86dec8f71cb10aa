import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { internalErrorResponse } from '../../shared/api/responses.js';
import { createStatusApi } from '../../shared/api/status-api.js';
import type { StatusApiDeps } from '../../shared/api/status-api-deps.js';
import { fromApiGatewayEvent, toApiGatewayResult } from './api-gateway-request.js';

export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The Lambda handler over given dependencies: adapt the event, route it, adapt the response. Nothing escapes as a
 * Lambda error: API Gateway would answer that with its own body, which is not the API's JSON error.
 */
export function createApiHandler(deps: StatusApiDeps): ApiHandler {
  const router = createStatusApi(deps);
  return async (event) => {
    try {
      return toApiGatewayResult(await router.handle(fromApiGatewayEvent(event)));
    } catch (error) {
      const requestId = event?.requestContext?.requestId ?? null;
      deps.logger.error('request failed before routing', {
        requestId,
        error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
      });
      return toApiGatewayResult(internalErrorResponse(requestId));
    }
  };
}
