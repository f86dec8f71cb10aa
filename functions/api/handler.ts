import { Logger } from '@aws-lambda-powertools/logger';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoRateLimiter } from '../../shared/adapters/aws/dynamo-rate-limiter.js';
import { DynamoSubscriptionStore } from '../../shared/adapters/aws/dynamo-subscription-store.js';
import { SnsEmailSubscriber } from '../../shared/adapters/aws/sns-email-subscriber.js';
import { SubscriptionService } from '../../shared/api/subscriptions/subscription-service.js';
import { homeTableStores } from '../compose/fleet-stores.js';
import { readApiEnvironment } from './api-environment.js';
import { createApiHandler } from './create-api-handler.js';

// Read once at cold start: a bad deployment fails here with every problem listed.
const env = readApiEnvironment(process.env);
const logger = new Logger({ serviceName: 'status-api' });
const { doc: client, tableName, states, transitions, results } = homeTableStores(env);
const now = () => new Date();

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
  now,
  logger: { error: (message, details) => logger.error(message, details as Record<string, never>) },
});
