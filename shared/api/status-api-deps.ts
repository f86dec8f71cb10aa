import type { FleetConfig, TargetConfig } from '../config/fleet-config.js';
import type { MergedMaintenanceWindowSource } from '../maintenance/merged-window-source.js';
import type { ResultStore } from '../store/result-store.js';
import type { StateStore } from '../store/state-store.js';
import type { TransitionStore } from '../store/transition-store.js';
import { NotFoundError } from './api-error.js';
import type { ApiLogger } from './http-app.js';
import type { OperatorAuthorizer } from './operator-auth.js';
import type { RateLimiter } from './subscriptions/rate-limiter.js';
import type { SubscriptionService } from './subscriptions/subscription-service.js';

/** What the status API reads and calls; the Lambda handler and local mode each provide their own. */
export interface StatusApiDeps {
  readonly config: FleetConfig;
  readonly states: StateStore;
  readonly transitions: TransitionStore;
  readonly results: ResultStore;
  readonly subscriptions: SubscriptionService;
  readonly maintenance: MaintenanceApiDeps;
  readonly now: () => Date;
  readonly logger: ApiLogger;
}

/** The maintenance windows the API shows, and who may add and remove the operator's. */
export interface MaintenanceApiDeps {
  readonly windows: MergedMaintenanceWindowSource;
  /** IAM in AWS, a bearer token in local mode, or off. */
  readonly operator: OperatorAuthorizer;
  /** Counts operator requests per source, authorised or not. */
  readonly limiter: RateLimiter;
  /** The id of a new operator window. @default `op-` and a random UUID */
  readonly newId?: () => string;
}

/** The configured target with this id; 404 otherwise (a state left by a removed target is not served). */
export function findTarget(config: FleetConfig, id: string): TargetConfig {
  const target = config.targets.find((t) => t.id === id);
  if (!target) {
    throw new NotFoundError(
      `no target "${id}"; known targets: ${config.targets.map((t) => t.id).join(', ')}`,
    );
  }
  return target;
}
