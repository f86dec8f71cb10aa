import type { Hono } from 'hono';
import { type ApiEnv, createApiApp } from './http-app.js';
import { badgeRoute } from './routes/badge-route.js';
import { historyRoute } from './routes/history-route.js';
import { indexRoute } from './routes/index-route.js';
import { maintenanceRoutes } from './routes/maintenance-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { resultsRoute } from './routes/results-route.js';
import { statusRoutes } from './routes/status-routes.js';
import { subscriptionFormRoute } from './routes/subscription-form-route.js';
import { subscriptionsRoute } from './routes/subscriptions-route.js';
import { summaryRoute } from './routes/summary-route.js';
import { uptimeRoute } from './routes/uptime-route.js';
import type { StatusApiDeps } from './status-api-deps.js';

/**
 * The public status API on one Hono app, for the Lambda handler and local mode alike: serve it with `app.fetch`,
 * each adapter passing the request's facts as `env`.
 */
export function createStatusApi(deps: StatusApiDeps): Hono<ApiEnv> {
  const app = createApiApp(deps.logger);
  indexRoute(app, deps);
  statusRoutes(app, deps);
  historyRoute(app, deps);
  resultsRoute(app, deps);
  uptimeRoute(app, deps);
  badgeRoute(app, deps);
  summaryRoute(app, deps);
  subscriptionsRoute(app, deps);
  subscriptionFormRoute(app, deps);
  reportRoutes(app, deps);
  maintenanceRoutes(app, deps);
  return app;
}
