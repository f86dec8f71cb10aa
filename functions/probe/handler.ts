import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { fleetDocumentClient } from '../../shared/adapters/aws/document-client.js';
import { DynamoResultStore } from '../../shared/adapters/aws/dynamo-result-store.js';
import { SqsRunQueue } from '../../shared/adapters/aws/sqs-run-queue.js';
import { composeProbe } from '../compose/probes.js';
import { readProbeEnvironment } from './probe-environment.js';

// Read once at cold start: a bad deployment fails here with every problem listed.
const env = readProbeEnvironment(process.env);
const { config, region } = env;
const logger = new Logger({ serviceName: 'efaktur-probe', persistentKeys: { probeRegion: region } });

export const handler = composeProbe({
  config,
  region,
  // The probe writes results only: the result store alone keeps its bundle small.
  store: new DynamoResultStore({
    client: fleetDocumentClient(new DynamoDBClient({ region: env.tableRegion })),
    tableName: env.tableName,
    retentionDays: config.resultRetentionDays,
  }),
  sinks: { logger },
  runs: new SqsRunQueue({ client: new SQSClient({}), queueUrl: env.runQueueUrl }),
});
