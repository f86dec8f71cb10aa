import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoMaintenanceWindowStore } from '../shared/adapters/aws/dynamo-maintenance-window-store.js';
import { bearerTokenOperator, disabledOperator } from '../shared/api/operator-auth.js';
import type { MaintenanceApiDeps } from '../shared/api/status-api-deps.js';
import { MemoryRateLimiter } from '../shared/api/subscriptions/memory-rate-limiter.js';
import type { MaintenanceWindow } from '../shared/maintenance/maintenance-window.js';
import {
  MergedMaintenanceWindowSource,
  operatorCapacity,
} from '../shared/maintenance/merged-window-source.js';
import { OPERATOR_TOKEN_ENV } from './flags.js';

export interface LocalMaintenanceOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The configuration's windows. @default none */
  readonly configured?: readonly MaintenanceWindow[];
  /** Without one, the operator routes answer 403 saying how to enable them. */
  readonly operatorToken?: string;
}

/** Local mode's maintenance windows: the operator's in the embedded table, added with a bearer token. */
export function localMaintenance(options: LocalMaintenanceOptions): MaintenanceApiDeps {
  const configured = options.configured ?? [];
  return {
    windows: new MergedMaintenanceWindowSource(
      configured,
      new DynamoMaintenanceWindowStore({
        client: options.client,
        tableName: options.tableName,
        capacity: operatorCapacity(configured),
      }),
    ),
    operator:
      options.operatorToken === undefined
        ? disabledOperator(`start local mode with --operator-token <token> or ${OPERATOR_TOKEN_ENV} set`)
        : bearerTokenOperator(options.operatorToken),
    limiter: new MemoryRateLimiter(),
  };
}
