import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { TrieRouter } from 'hono/router/trie-router';
import { secureHeaders } from 'hono/secure-headers';
import { ApiError, MethodNotAllowedError, NotFoundError } from './api-error.js';
import { errorResponse, internalErrorResponse } from './responses.js';

/**
 * What only the platform knows about a request: the Lambda adapter reads it from API Gateway's event, local mode
 * from the socket. Never from a request header, which any client can set.
 */
export interface RequestFacts {
  /** The client's address as the edge saw it, for per-client throttling; `null` when unknown. */
  readonly sourceIp: string | null;
  /** An id that ties a logged failure to the response the client got. */
  readonly requestId: string | null;
  /** The API's own origin (`https://host[:port]`): API Gateway's domain name, the local listener's address. */
  readonly origin: string | null;
  /** The method as the client sent it, when the platform had to stand another in for it (`CONNECT`, `TRACE`). */
  readonly method?: string;
  /**
   * The caller API Gateway authorised with IAM (its ARN), on the routes that have the IAM authorizer; absent
   * elsewhere and in local mode. Only the platform sets it, from the signed request it verified.
   */
  readonly iamCaller?: string;
}

/** What each adapter passes as Hono's `env`: the facts of the request. */
export interface ApiBindings {
  readonly facts?: RequestFacts;
}

export type ApiEnv = { Bindings: ApiBindings };
export type ApiContext = Context<ApiEnv>;

/** Where the API reports internal failures (the Powertools logger fits). */
export interface ApiLogger {
  error(message: string, details: Record<string, unknown>): void;
}

const NO_FACTS: RequestFacts = { sourceIp: null, requestId: null, origin: null };

export function requestFacts(c: ApiContext): RequestFacts {
  return c.env?.facts ?? NO_FACTS;
}

/** The method the client sent, for messages. */
export function requestMethod(c: ApiContext): string {
  return requestFacts(c).method ?? c.req.method;
}

/** The path as received, still percent-encoded (Hono's `c.req.path` is decoded and has no trailing slash). */
export function rawPath(c: ApiContext): string {
  return new URL(c.req.url).pathname;
}

const PREFLIGHT_MAX_AGE_SECONDS = 86_400;
// One element each: Hono joins list items with a bare comma, and these headers have always been sent spaced.
const ALLOW_HEADERS = ['accept, content-type, if-none-match'];
const EXPOSE_HEADERS = ['etag, retry-after, x-next-before'];

/**
 * The methods each path answers, from the routes registered on `app` (GET brings HEAD, every path OPTIONS), as
 * Hono's method-not-allowed middleware finds them. Built at the first request, when every route is known.
 */
function methodsByPath(app: Hono<ApiEnv>): (path: string) => string[] {
  let router: TrieRouter<string[]> | undefined;
  return (path) => {
    if (!router) {
      const byPattern = new Map<string, Set<string>>();
      for (const route of app.routes) {
        if (route.method === 'ALL' || route.method === 'HEAD') continue;
        const methods = byPattern.get(route.path) ?? new Set<string>();
        methods.add(route.method);
        if (route.method === 'GET') methods.add('HEAD');
        byPattern.set(route.path, methods);
      }
      router = new TrieRouter<string[]>();
      for (const [pattern, methods] of byPattern) router.add('ALL', pattern, [...methods, 'OPTIONS']);
    }
    const found = new Set<string>();
    for (const [methods] of router.match('ALL', path)[0]) for (const m of methods) found.add(m);
    return [...found];
  };
}

/**
 * A Hono app with what every route of the API shares: 404 and 405 (with `Allow`) as JSON errors, the CORS
 * preflight of each route and `Access-Control-Allow-Origin: *` on every answer, ETag and 304 on successful reads,
 * `nosniff` and the other secure headers, HEAD like GET without a body (Hono's own), one trailing slash ignored,
 * and a logged, generic 500 for anything unexpected. Register routes on it, then serve it.
 */
export function createApiApp(logger: ApiLogger): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const allowed = methodsByPath(app);

  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => {
        throw new MethodNotAllowedError(requestMethod(c as ApiContext), rawPath(c as ApiContext), [
          ...methods,
          'OPTIONS',
        ]);
      },
    }),
  );
  app.use(async (c, next) => {
    if (c.req.method !== 'OPTIONS') return next();
    const methods = allowed(c.req.path);
    if (methods.length === 0) throw new NotFoundError(`no route for OPTIONS ${rawPath(c)}`);
    c.header('allow', methods.join(', '));
    return next();
  });
  app.use(
    cors({
      origin: '*',
      allowMethods: (_origin, c) => [allowed(c.req.path).join(', ')],
      allowHeaders: ALLOW_HEADERS,
      exposeHeaders: EXPOSE_HEADERS,
      maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    }),
  );
  app.use(
    secureHeaders({
      // What every answer needs; the pages add their own (a content security policy, no framing).
      crossOriginResourcePolicy: false,
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
      referrerPolicy: false,
      strictTransportSecurity: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xFrameOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    }),
  );
  app.use(
    etag({
      // SHA-1 as Hono's default, computed in place: WebCrypto's asynchronous digest costs a thread-pool round trip.
      generateDigest: (body) => {
        const digest = createHash('sha1').update(body).digest();
        return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength) as ArrayBuffer;
      },
      retainedHeaders: [
        ...RETAINED_304_HEADERS,
        'access-control-allow-origin',
        'access-control-expose-headers',
      ],
    }),
  );

  app.notFound((c) => errorResponse(new NotFoundError(`no route for ${requestMethod(c)} ${rawPath(c)}`)));
  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(error);
    const { requestId } = requestFacts(c);
    logger.error('request failed', {
      method: requestMethod(c),
      path: rawPath(c),
      requestId,
      error:
        error instanceof Error
          ? { name: error.name, message: error.message, stack: error.stack }
          : String(error),
    });
    return internalErrorResponse(requestId);
  });
  return app;
}
