import { Logger } from '@aws-lambda-powertools/logger';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoMaintenanceWindowStore } from '../../shared/adapters/aws/dynamo-maintenance-window-store.js';
import { DynamoRateLimiter } from '../../shared/adapters/aws/dynamo-rate-limiter.js';
import { DynamoSubscriptionStore } from '../../shared/adapters/aws/dynamo-subscription-store.js';
import { SnsEmailSubscriber } from '../../shared/adapters/aws/sns-email-subscriber.js';
import { iamOperatorAuthorizer } from '../../shared/api/operator-auth.js';
import { SubscriptionService } from '../../shared/api/subscriptions/subscription-service.js';
import {
  configuredWindows,
  MergedMaintenanceWindowSource,
  operatorCapacity,
} from '../../shared/maintenance/merged-window-source.js';
import { homeTableStores } from '../compose/fleet-stores.js';
import { readApiEnvironment } from './api-environment.js';
import { createApiHandler } from './create-api-handler.js';

// Read once at cold start: a bad deployment fails here with every problem listed.
const env = readApiEnvironment(process.env);
const logger = new Logger({ serviceName: 'status-api' });
const { doc: client, tableName, states, transitions, results } = homeTableStores(env);
const now = () => new Date();
const configured = configuredWindows(env.config.maintenance);

export const handler = createApiHandler({
  config: env.config,
  states,
  transitions,
  results,
  subscriptions: new SubscriptionService({
    subscriber: new SnsEmailSubscriber({ client: new SNSClient({}), topicArn: env.alertsTopicArn }),
    store: new DynamoSubscriptionStore({ client, tableName }),
    limiter: new DynamoRateLimiter({ client, tableName }),
    now,
  }),
  maintenance: {
    windows: new MergedMaintenanceWindowSource(
      configured,
      new DynamoMaintenanceWindowStore({ client, tableName, capacity: operatorCapacity(configured) }),
      (error) =>
        logger.warn('operator maintenance windows unreadable; the configuration windows are shown', {
          error: error instanceof Error ? error.message : String(error),
        }),
    ),
    // API Gateway's IAM authorizer guards POST and DELETE /maintenance; this refuses them should it be missing.
    operator: iamOperatorAuthorizer,
    limiter: new DynamoRateLimiter({ client, tableName }),
  },
  now,
  logger: { error: (message, details) => logger.error(message, details as Record<string, never>) },
});
