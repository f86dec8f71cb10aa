import { Router } from './router.js';
import { badgeRoute } from './routes/badge-route.js';
import { historyRoute } from './routes/history-route.js';
import { indexRoute } from './routes/index-route.js';
import { resultsRoute } from './routes/results-route.js';
import { statusRoutes } from './routes/status-routes.js';
import { subscriptionsRoute } from './routes/subscriptions-route.js';
import { summaryRoute } from './routes/summary-route.js';
import { uptimeRoute } from './routes/uptime-route.js';
import type { StatusApiDeps } from './status-api-deps.js';

/** The public status API: every route, on one router, for the Lambda handler and local mode alike. */
export function createStatusApi(deps: StatusApiDeps): Router {
  const routes = [
    ...statusRoutes(deps),
    historyRoute(deps),
    resultsRoute(deps),
    uptimeRoute(deps),
    badgeRoute(deps),
    summaryRoute(deps),
    subscriptionsRoute(deps),
  ];
  return new Router([indexRoute(routes), ...routes], deps.logger);
}
