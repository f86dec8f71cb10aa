import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoMaintenanceWindowStore } from '../../shared/adapters/aws/dynamo-maintenance-window-store.js';
import { LambdaProbeTrigger } from '../../shared/adapters/aws/lambda-probe-trigger.js';
import { composeAggregator } from '../compose/aggregator.js';
import { snsAlertPublisher } from '../compose/alert-publisher.js';
import { homeTableStores } from '../compose/fleet-stores.js';
import { lambdaSinks } from '../compose/sinks.js';
import { readAggregatorEnvironment } from './aggregator-environment.js';

// Read once at cold start: a bad deployment fails here with every problem listed.
const env = readAggregatorEnvironment(process.env);
const { config } = env;
const stores = homeTableStores(env);

export const handler = composeAggregator({
  config,
  stores,
  batchStates: stores.states,
  publisher: snsAlertPublisher(config, {
    client: new SNSClient({}),
    topicArn: env.alertsTopicArn,
    dashboardUrl: env.dashboardUrl,
  }),
  trigger: new LambdaProbeTrigger({ functions: env.probeFunctions }),
  sinks: lambdaSinks('efaktur-aggregator', config.fleetName),
  fleetName: config.fleetName,
  // Read-only: this role may query the table's maintenance items but not write them.
  operatorWindows: new DynamoMaintenanceWindowStore({
    client: stores.doc,
    tableName: stores.tableName,
    readOnly: true,
  }),
});
