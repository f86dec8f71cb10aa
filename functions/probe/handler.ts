import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoResultStore } from '../../shared/adapters/aws/dynamo-result-store.js';
import { SqsRunQueue } from '../../shared/adapters/aws/sqs-run-queue.js';
import { probeUserAgent } from '../../shared/probe/user-agent.js';
import { createProbeHandler } from './create-probe-handler.js';
import { readProbeEnvironment } from './probe-environment.js';

// Read once at cold start: a bad deployment fails here with every problem listed.
const env = readProbeEnvironment(process.env);

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: env.tableRegion }), {
  marshallOptions: { removeUndefinedValues: true },
});

export const handler = createProbeHandler({
  config: env.config,
  region: env.region,
  store: new DynamoResultStore({
    client,
    tableName: env.tableName,
    retentionDays: env.config.resultRetentionDays,
  }),
  logger: new Logger({ serviceName: 'efaktur-probe', persistentKeys: { probeRegion: env.region } }),
  probe: { userAgent: probeUserAgent(env.region) },
  runs: new SqsRunQueue({ client: new SQSClient({}), queueUrl: env.runQueueUrl }),
});
