import { FunctionEnvironmentError, readFunctionEnvironment } from '../../shared/config/environment-reader.js';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { FUNCTION_ENV } from '../../shared/config/function-env.js';

/** The aggregator function's environment is missing something or holds a bad value; one line per problem. */
export class AggregatorEnvironmentError extends FunctionEnvironmentError {
  constructor(problems: readonly string[]) {
    super('aggregator', problems);
    this.name = 'AggregatorEnvironmentError';
  }
}

export interface AggregatorEnvironment {
  readonly tableName: string;
  readonly tableRegion: string;
  readonly config: FleetConfig;
  readonly alertsTopicArn: string;
  /** The probe function's ARN in each probe region (burst confirmation). */
  readonly probeFunctions: Readonly<Record<string, string>>;
  readonly dashboardUrl: string | undefined;
}

/** Reads and validates the aggregator's environment, reporting every problem at once. */
export function readAggregatorEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): AggregatorEnvironment {
  return readFunctionEnvironment(
    env,
    (problems) => new AggregatorEnvironmentError(problems),
    (read) => {
      const table = read.table();
      const alertsTopicArn = read.arn(FUNCTION_ENV.alertsTopicArn);
      const dashboardUrl = read.optional(FUNCTION_ENV.dashboardUrl);
      const config = read.fleetConfig();
      const regions = config?.probeRegions ?? [];
      const probeFunctions = read.arnsByRegion(FUNCTION_ENV.probeFunctions, regions, 'probe function');
      return { ...table, config, alertsTopicArn, probeFunctions, dashboardUrl };
    },
  );
}
