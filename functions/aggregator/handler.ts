import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoResultStore } from '../../shared/adapters/aws/dynamo-result-store.js';
import { DynamoStateStore } from '../../shared/adapters/aws/dynamo-state-store.js';
import { DynamoTransitionStore } from '../../shared/adapters/aws/dynamo-transition-store.js';
import { LambdaProbeTrigger } from '../../shared/adapters/aws/lambda-probe-trigger.js';
import { SnsAlertPublisher } from '../../shared/adapters/aws/sns-alert-publisher.js';
import { resolvePolicy } from '../../shared/config/fleet-config.js';
import { TargetEvaluator } from '../../shared/consensus/evaluate-target.js';
import { configWindowsOf, MemoryMaintenanceWindowSource } from '../../shared/maintenance/window-sources.js';
import { metricsNamespace } from '../../shared/metric-names.js';
import { PrefetchedStateStore } from '../../shared/store/prefetched-state-store.js';
import { readAggregatorEnvironment } from './aggregator-environment.js';
import { useAggregatorDimensions } from './aggregator-metrics.js';
import { createAggregatorHandler } from './create-aggregator-handler.js';

// Read once at cold start: a bad deployment fails here with every problem listed.
const env = readAggregatorEnvironment(process.env);
const { config } = env;

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: env.tableRegion }), {
  marshallOptions: { removeUndefinedValues: true },
});
const results = new DynamoResultStore({ client: doc, tableName: env.tableName });
const states = new DynamoStateStore({ client: doc, tableName: env.tableName });
const transitions = new DynamoTransitionStore({ client: doc, tableName: env.tableName });
const publisher = new SnsAlertPublisher({
  client: new SNSClient({}),
  topicArn: env.alertsTopicArn,
  locale: config.locale,
  targetNames: Object.fromEntries(config.targets.map((t) => [t.id, t.name])),
  ...(config.statusUrl !== undefined && { statusUrl: config.statusUrl }),
  ...(env.dashboardUrl !== undefined && { dashboardUrl: env.dashboardUrl }),
});
const trigger = new LambdaProbeTrigger({ functions: env.probeFunctions });
const policy = resolvePolicy(config);
// The configuration's windows; the operator's store joins them here once it exists (see window-sources.ts).
const windows = new MemoryMaintenanceWindowSource(configWindowsOf(config.maintenance));

export const handler = createAggregatorHandler({
  targetIds: config.targets.map((t) => t.id),
  readStates: (targetIds) => states.getMany(targetIds),
  evaluatorFor: (owner, prefetched) =>
    new TargetEvaluator({
      results,
      states: prefetched === undefined ? states : new PrefetchedStateStore(states, prefetched),
      transitions,
      publisher,
      trigger,
      policy,
      regions: config.probeRegions,
      windows,
      owner,
    }),
  logger: new Logger({ serviceName: 'efaktur-aggregator' }),
  metrics: useAggregatorDimensions(
    new Metrics({ namespace: metricsNamespace(config.fleetName), serviceName: 'efaktur-aggregator' }),
    config.fleetName,
  ),
});
