import { EnvironmentReader, FunctionEnvironmentError } from '../../shared/config/environment-reader.js';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { FUNCTION_ENV } from '../../shared/config/function-env.js';

/** The API function's environment is missing something or holds a bad value; one line per problem. */
export class ApiEnvironmentError extends FunctionEnvironmentError {
  constructor(problems: readonly string[]) {
    super('status API', problems);
    this.name = 'ApiEnvironmentError';
  }
}

export interface ApiEnvironment {
  readonly tableName: string;
  readonly tableRegion: string;
  readonly config: FleetConfig;
  /** The alerts topic that public email subscriptions join. */
  readonly alertsTopicArn: string;
}

/** Reads and validates the API function's environment, reporting every problem at once. */
export function readApiEnvironment(env: Readonly<Record<string, string | undefined>>): ApiEnvironment {
  const read = new EnvironmentReader(env);
  const tableName = read.required(FUNCTION_ENV.tableName);
  const tableRegion = read.required(FUNCTION_ENV.tableRegion);
  const alertsTopicArn = read.arn(FUNCTION_ENV.alertsTopicArn);
  const config = read.fleetConfig();
  if (read.problems.length > 0 || config === undefined) throw new ApiEnvironmentError(read.problems);
  return { tableName, tableRegion, config, alertsTopicArn };
}
