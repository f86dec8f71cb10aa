import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createStatusApi } from '../../shared/api/status-api.js';
import type { StatusApiDeps } from '../../shared/api/status-api-deps.js';
import { fromApiGatewayEvent, toApiGatewayResult } from './api-gateway-request.js';

export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** The Lambda handler over given dependencies: adapt the event, route it, adapt the response. */
export function createApiHandler(deps: StatusApiDeps): ApiHandler {
  const router = createStatusApi(deps);
  return async (event) => toApiGatewayResult(await router.handle(fromApiGatewayEvent(event)));
}
