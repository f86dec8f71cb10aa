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
  /** The validated fleet configuration as JSON, without subscribers (see `configForFunctions`). */
  fleetConfig: 'FLEET_CONFIG',
  /** The probe region a probe function speaks for. */
  probeRegion: 'PROBE_REGION',
  /** ARN of the SNS topic that carries alerts to subscribers. */
  alertsTopicArn: 'ALERTS_TOPIC_ARN',
  /** JSON object mapping each probe region to its probe function's ARN, for burst confirmation. */
  probeFunctions: 'PROBE_FUNCTIONS',
  /** Link to the CloudWatch dashboard, for messages. */
  dashboardUrl: 'DASHBOARD_URL',
  /** The probe's own SQS queue URL: schedule ticks enqueue their runs there. */
  runQueueUrl: 'PROBE_RUN_QUEUE_URL',
} as const;

/** The configuration handed to functions: subscribers' addresses stay out of Lambda environments and logs. */
export function configForFunctions(config: FleetConfig): string {
  return JSON.stringify({ ...config, subscribers: { ...config.subscribers, email: [], sms: [] } });
}
