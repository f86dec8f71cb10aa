import { randomUUID } from 'node:crypto';
import type { Hono, MiddlewareHandler } from 'hono';
import { expandGroupIds } from '../../groups/expand-group-ids.js';
import {
  MAX_MAINTENANCE_WINDOWS,
  type MaintenanceWindow,
  MaintenanceWindowLimitError,
  maintenanceWindowInputSchema,
  toMaintenanceWindow,
  upcomingWindows,
} from '../../maintenance/maintenance-window.js';
import { formatIssues } from '../../validation/zod.js';
import {
  ApiError,
  BadParameterError,
  ConflictError,
  NotFoundError,
  TooManyRequestsError,
} from '../api-error.js';
import { type ApiEnv, requestFacts } from '../http-app.js';
import { limitBody, readJsonBody } from '../json-body.js';
import { windowView } from '../maintenance-view.js';
import { jsonResponse, READ_CACHE_CONTROL } from '../responses.js';
import type { StatusApiDeps } from '../status-api-deps.js';
import type { RateRule } from '../subscriptions/rate-limiter.js';
import { sourceKeyOf } from '../subscriptions/source-key.js';

/** Operator requests per source, authorised or not: bounds token guessing and store writes alike. */
export const OPERATOR_RATE: RateRule = { limit: 60, windowSeconds: 3600 };
/** Ids the routes accept in a path; generated ones are far shorter. */
const MAX_ID_LENGTH = 64;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The rate limit, then the operator check, before the body is read. */
function operatorOnly(deps: StatusApiDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const facts = requestFacts(c);
    const decision = await deps.maintenance.limiter.consume(
      `maintenance:${sourceKeyOf(facts.sourceIp)}`,
      OPERATOR_RATE,
      deps.now(),
    );
    if (!decision.allowed) {
      throw new TooManyRequestsError(
        `too many operator requests from this network; retry in ${decision.retryAfterSeconds} s`,
        decision.retryAfterSeconds,
      );
    }
    deps.maintenance.operator.authorize({ authorization: c.req.header('authorization'), facts });
    await next();
  };
}

/** The window a request body describes, or a 400 naming every problem. */
function parseWindowBody(deps: StatusApiDeps, body: unknown, id: string): MaintenanceWindow {
  const parsed = maintenanceWindowInputSchema.safeParse(body);
  if (!parsed.success)
    throw new ApiError(400, 'bad_parameter', formatIssues(parsed.error.issues, 'body').join('; '));
  const groups = deps.config.groups ?? [];
  const known = [...deps.config.targets.map((t) => t.id), ...groups.map((g) => g.id)];
  const unknown = parsed.data.targets.filter((t) => !known.includes(t));
  if (unknown.length > 0) {
    throw new BadParameterError(
      'targets',
      `no target or group ${unknown.map((t) => JSON.stringify(t.slice(0, 40))).join(', ')}; known: ${known.join(', ')}`,
    );
  }
  if (parsed.data.note !== undefined && UNSAFE_TEXT.test(parsed.data.note)) {
    throw new BadParameterError('note', 'must not contain control or bidirectional formatting characters');
  }
  // A group stands for its members, as in the configuration's windows.
  const targets = expandGroupIds(parsed.data.targets, groups);
  const window = toMaintenanceWindow({ ...parsed.data, targets }, id, 'operator');
  if (Date.parse(window.end) <= deps.now().getTime()) throw new BadParameterError('end', 'is already past');
  return window;
}

/**
 * `GET /maintenance` (public: current and upcoming windows), `POST /maintenance` and `DELETE /maintenance/{id}`
 * (the operator's: IAM in AWS, a bearer token locally). Windows from the configuration cannot be deleted here.
 */
export function maintenanceRoutes(app: Hono<ApiEnv>, deps: StatusApiDeps): void {
  app.get('/maintenance', async () => {
    const now = deps.now();
    const windows = upcomingWindows(await deps.maintenance.windows.list(now), now);
    return jsonResponse(
      200,
      { windows: windows.map((w) => windowView(w, now)) },
      { cacheControl: READ_CACHE_CONTROL },
    );
  });
  app.post('/maintenance', operatorOnly(deps), limitBody, async (c) => {
    const body = await readJsonBody(c);
    const id = deps.maintenance.newId?.() ?? `op-${randomUUID()}`;
    const window = parseWindowBody(deps, body, id);
    // The list drops windows ended long ago, which frees their room before the add.
    await deps.maintenance.windows.list(deps.now());
    try {
      await deps.maintenance.windows.store.add(window);
    } catch (error) {
      if (error instanceof MaintenanceWindowLimitError) {
        throw new ConflictError(
          `at most ${MAX_MAINTENANCE_WINDOWS} maintenance windows (configuration and operator together); delete one first`,
        );
      }
      throw error;
    }
    return jsonResponse(201, windowView(window, deps.now()), {
      headers: { location: `/maintenance/${encodeURIComponent(window.id)}` },
    });
  });
  app.delete('/maintenance/:id', operatorOnly(deps), async (c) => {
    const id = c.req.param('id');
    if (deps.maintenance.windows.isConfigured(id)) {
      throw new ConflictError(
        `window "${id}" comes from the configuration; remove it from the configuration's maintenance section and deploy`,
      );
    }
    if (id.length > MAX_ID_LENGTH || !(await deps.maintenance.windows.store.remove(id))) {
      throw new NotFoundError(`no operator maintenance window "${id.slice(0, MAX_ID_LENGTH)}"`);
    }
    return c.body(null, 204);
  });
}
