import { FunctionEnvironmentError, readFunctionEnvironment } from '../../shared/config/environment-reader.js';
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
  return readFunctionEnvironment(
    env,
    (problems) => new ApiEnvironmentError(problems),
    (read) => ({
      ...read.table(),
      alertsTopicArn: read.arn(FUNCTION_ENV.alertsTopicArn),
      config: read.fleetConfig(),
    }),
  );
}
