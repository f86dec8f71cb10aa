import { ApiError, MethodNotAllowedError, NotFoundError } from './api-error.js';
import type { ApiRequest, ApiResponse } from './api-request.js';
import { etagOf, ifNoneMatchMatches } from './etag.js';
import { errorResponse, internalErrorResponse } from './responses.js';

export type RouteMethod = 'GET' | 'POST';

export interface RouteContext {
  readonly request: ApiRequest;
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
}

export interface RouteDefinition {
  readonly method: RouteMethod;
  /** A path with `{name}` placeholders, each matching one non-empty segment or part of one (`/badge/{id}.svg`). */
  readonly pattern: string;
  readonly handle: (context: RouteContext) => Promise<ApiResponse>;
}

/** Where the router reports internal failures (the Powertools logger fits). */
export interface ApiLogger {
  error(message: string, details: Record<string, unknown>): void;
}

interface CompiledRoute extends RouteDefinition {
  readonly regex: RegExp;
  readonly names: readonly string[];
}

/** Headers every response carries: the API is public and read by browsers on other origins. */
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'etag, retry-after, x-next-before',
  'x-content-type-options': 'nosniff',
};

const PREFLIGHT_MAX_AGE_SECONDS = 86_400;

function compile(route: RouteDefinition): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split(/(\{[a-zA-Z]+\})/)
    .map((part) => {
      const name = /^\{([a-zA-Z]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+?)';
    })
    .join('');
  return { ...route, regex: new RegExp(`^${source}$`), names };
}

function decodeParams(match: RegExpExecArray, names: readonly string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    try {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    } catch {
      return null;
    }
  }
  return params;
}

function withHeaders(response: ApiResponse, headers: Readonly<Record<string, string>>): ApiResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}

/**
 * Method + path pattern → route. Answers 404 for unknown paths, 405 with `Allow` for a known path and another
 * method, the CORS preflight for `OPTIONS`, `HEAD` like `GET` without a body, and `304` to a matching
 * `If-None-Match` on any successful read. A route's unexpected failure becomes a logged, generic 500.
 */
export class Router {
  private readonly routes: readonly CompiledRoute[];

  constructor(
    routes: readonly RouteDefinition[],
    private readonly logger: ApiLogger,
  ) {
    this.routes = routes.map(compile);
  }

  async handle(request: ApiRequest): Promise<ApiResponse> {
    let response: ApiResponse;
    try {
      response = await this.dispatch(request);
    } catch (error) {
      response = this.failure(error, request);
    }
    // A HEAD answer has no body, whatever it is: a 404 or a 405 as much as a 200.
    if (request.method === 'HEAD') response = { ...response, body: '' };
    return withHeaders(response, COMMON_HEADERS);
  }

  private async dispatch(request: ApiRequest): Promise<ApiResponse> {
    const path =
      request.path.length > 1 && request.path.endsWith('/') ? request.path.slice(0, -1) : request.path;
    const matches: { route: CompiledRoute; params: Record<string, string> }[] = [];
    for (const route of this.routes) {
      const match = route.regex.exec(path);
      const params = match ? decodeParams(match, route.names) : null;
      if (params) matches.push({ route, params });
    }
    if (matches.length === 0) {
      return errorResponse(new NotFoundError(`no route for ${request.method} ${request.path}`));
    }
    const methods = new Set<string>(matches.map((m) => m.route.method));
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    const allowed = [...methods];
    if (request.method === 'OPTIONS') return this.preflight(allowed);

    const lookup = request.method === 'HEAD' ? 'GET' : request.method;
    const found = matches.find((m) => m.route.method === lookup);
    if (!found) return errorResponse(new MethodNotAllowedError(request.method, request.path, allowed));

    let response: ApiResponse;
    try {
      response = await found.route.handle({ request, params: found.params });
    } catch (error) {
      response = this.failure(error, request);
    }
    if (lookup === 'GET' && response.status === 200) response = this.conditional(request, response);
    return response;
  }

  private preflight(allowed: readonly string[]): ApiResponse {
    return {
      status: 204,
      headers: {
        allow: allowed.join(', '),
        'access-control-allow-methods': allowed.join(', '),
        'access-control-allow-headers': 'accept, content-type, if-none-match',
        'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      },
      body: '',
    };
  }

  private conditional(request: ApiRequest, response: ApiResponse): ApiResponse {
    const etag = response.headers.etag ?? etagOf(response.body);
    if (!ifNoneMatchMatches(request.headers['if-none-match'], etag)) {
      return withHeaders(response, { etag });
    }
    // A 304 repeats the validators and caching headers of the 200 it stands for, and nothing else.
    const kept = ['cache-control', 'vary', 'content-location', 'expires'];
    const headers: Record<string, string> = { etag };
    for (const name of kept) {
      const value = response.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    return { status: 304, headers, body: '' };
  }

  private failure(error: unknown, request: ApiRequest): ApiResponse {
    if (error instanceof ApiError) return errorResponse(error);
    this.logger.error('request failed', {
      method: request.method,
      path: request.path,
      requestId: request.requestId,
      error:
        error instanceof Error
          ? { name: error.name, message: error.message, stack: error.stack }
          : String(error),
    });
    return internalErrorResponse(request.requestId);
  }
}
