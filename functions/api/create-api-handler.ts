import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import type { ApiEnv } from '../../shared/api/http-app.js';
import { internalErrorResponse, JSON_CONTENT_TYPE } from '../../shared/api/responses.js';
import { createStatusApi } from '../../shared/api/status-api.js';
import type { StatusApiDeps } from '../../shared/api/status-api-deps.js';
import { prepareEvent } from './lambda-event.js';

export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

async function internalError(requestId: string | null): Promise<APIGatewayProxyStructuredResultV2> {
  const response = internalErrorResponse(requestId);
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
    isBase64Encoded: false,
  };
}

/**
 * The Lambda handler over given dependencies: Hono's Lambda adapter serves the status API, with the request's
 * facts (source address, request id, API Gateway's own domain) from the event. Nothing escapes as a Lambda error:
 * API Gateway would answer that with its own body, which is not the API's JSON error.
 */
export function createApiHandler(deps: StatusApiDeps): ApiHandler {
  const app = createStatusApi(deps);
  const facts = new WeakMap<object, ReturnType<typeof prepareEvent>['facts']>();
  // The adapter needs only `fetch`: this one hands the app the facts of the event it is serving.
  const serve = handle(
    {
      fetch: (request: Request, env: { event: object }) =>
        app.fetch(request, { ...env, facts: facts.get(env.event) }),
    } as unknown as Hono<ApiEnv>,
    // Every answer of the API is text (JSON, NDJSON, SVG, HTML, CSV): never base64 for API Gateway to decode.
    { isContentTypeBinary: () => false },
  );
  return async (event) => {
    const requestId = event?.requestContext?.requestId ?? null;
    try {
      const prepared = prepareEvent(event);
      facts.set(prepared.event, prepared.facts);
      const result = (await serve(
        prepared.event as unknown as LambdaEvent,
      )) as APIGatewayProxyStructuredResultV2;
      const contentType = String(result.headers?.['content-type'] ?? '');
      if ((result.statusCode ?? 500) >= 400 && !contentType.startsWith(JSON_CONTENT_TYPE)) {
        // The adapter's own plain-text refusal of an event it could not read: never the API's answer.
        throw new Error(`the Lambda adapter answered ${result.statusCode} ${result.body}`);
      }
      return result;
    } catch (error) {
      deps.logger.error('request failed before routing', {
        requestId,
        error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
      });
      return internalError(requestId);
    }
  };
}
