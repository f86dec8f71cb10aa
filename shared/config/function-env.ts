import type { FleetConfig } from './fleet-config.js';

/**
 * Environment variable names shared by the CDK app (which sets them) and the handlers (which read and validate
 * them once at module load). One list, so the two sides cannot drift apart.
 */
export const FUNCTION_ENV = {
  /** The fleet table's name. */
  tableName: 'FLEET_TABLE_NAME',
  /** The home region, where the fleet table lives (probes write across regions). */
  tableRegion: 'FLEET_TABLE_REGION',
  /** The validated fleet configuration as JSON, without subscribers (see `configForFunctions`); wins over the file. */
  fleetConfig: 'FLEET_CONFIG',
  /**
   * A file holding that JSON instead, relative to `LAMBDA_TASK_ROOT` (the function's code): the deployed functions
   * carry the configuration in their bundle, as Lambda's 4 KB environment would hold only about ten targets.
   */
  fleetConfigFile: 'FLEET_CONFIG_FILE',
  /** The probe region a probe function speaks for. */
  probeRegion: 'PROBE_REGION',
  /** ARN of the SNS topic that carries alerts to subscribers. */
  alertsTopicArn: 'ALERTS_TOPIC_ARN',
  /** Each probe region's probe function ARN, for burst confirmation: a JSON object, or an ARN pattern with `{region}`. */
  probeFunctions: 'PROBE_FUNCTIONS',
  /** Link to the CloudWatch dashboard, for messages. */
  dashboardUrl: 'DASHBOARD_URL',
  /** The probe's own SQS queue URL: schedule ticks enqueue their runs there. */
  runQueueUrl: 'PROBE_RUN_QUEUE_URL',
} as const;

/** The file name the deployed bundles carry the configuration in (see `FUNCTION_ENV.fleetConfigFile`). */
export const FLEET_CONFIG_BUNDLE_FILE = 'fleet-config.json';

/** The configuration handed to functions: subscribers' addresses stay out of Lambda environments and logs. */
export function configForFunctions(config: FleetConfig): string {
  return JSON.stringify({ ...config, subscribers: { ...config.subscribers, email: [], sms: [] } });
}
