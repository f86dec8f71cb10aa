import { FunctionEnvironmentError, readFunctionEnvironment } from '../../shared/config/environment-reader.js';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { FUNCTION_ENV } from '../../shared/config/function-env.js';

/** The notifier function's environment is missing something or holds a bad value; one line per problem. */
export class NotifierEnvironmentError extends FunctionEnvironmentError {
  constructor(problems: readonly string[]) {
    super('notifier', problems);
    this.name = 'NotifierEnvironmentError';
  }
}

export interface NotifierEnvironment {
  readonly config: FleetConfig;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly dashboardUrl: string | undefined;
}

/** Reads and validates the notifier's environment, reporting every problem at once. */
export function readNotifierEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): NotifierEnvironment {
  return readFunctionEnvironment(
    env,
    (problems) => new NotifierEnvironmentError(problems),
    (read) => {
      const queueUrl = read.required(FUNCTION_ENV.channelQueueUrl);
      const deadLetterQueueUrl = read.required(FUNCTION_ENV.channelDeadLetterQueueUrl);
      const dashboardUrl = read.optional(FUNCTION_ENV.dashboardUrl);
      const config = read.fleetConfig();
      if (config !== undefined && config.channels.length === 0) {
        read.problems.push(
          `${FUNCTION_ENV.fleetConfigFile}: has no channels, so this function has nothing to do`,
        );
      }
      return { config, queueUrl, deadLetterQueueUrl, dashboardUrl };
    },
  );
}
