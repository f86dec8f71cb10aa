import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoRateLimiter } from '../../shared/adapters/aws/dynamo-rate-limiter.js';
import { DynamoResultStore } from '../../shared/adapters/aws/dynamo-result-store.js';
import { DynamoStateStore } from '../../shared/adapters/aws/dynamo-state-store.js';
import { DynamoSubscriptionStore } from '../../shared/adapters/aws/dynamo-subscription-store.js';
import { DynamoTransitionStore } from '../../shared/adapters/aws/dynamo-transition-store.js';
import { SnsEmailSubscriber } from '../../shared/adapters/aws/sns-email-subscriber.js';
import { SubscriptionService } from '../../shared/api/subscriptions/subscription-service.js';
import { readApiEnvironment } from './api-environment.js';
import { createApiHandler } from './create-api-handler.js';

// Read once at cold start: a bad deployment fails here with every problem listed.
const { config, tableName, tableRegion, alertsTopicArn } = readApiEnvironment(process.env);
const logger = new Logger({ serviceName: 'status-api' });
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: tableRegion }), {
  marshallOptions: { removeUndefinedValues: true },
});
const now = () => new Date();

export const handler = createApiHandler({
  config,
  states: new DynamoStateStore({ client: doc, tableName }),
  transitions: new DynamoTransitionStore({ client: doc, tableName }),
  results: new DynamoResultStore({ client: doc, tableName }),
  subscriptions: new SubscriptionService({
    subscriber: new SnsEmailSubscriber({
      client: new SNSClient({}),
      topicArn: alertsTopicArn,
    }),
    store: new DynamoSubscriptionStore({ client: doc, tableName }),
    limiter: new DynamoRateLimiter({ client: doc, tableName }),
    now,
  }),
  now,
  logger: { error: (message, details) => logger.error(message, details as Record<string, never>) },
});
