import { FunctionEnvironmentError, readFunctionEnvironment } from '../../shared/config/environment-reader.js';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { FUNCTION_ENV } from '../../shared/config/function-env.js';

/** The probe function's environment is missing something or holds a bad value; one line per problem. */
export class ProbeEnvironmentError extends FunctionEnvironmentError {
  constructor(problems: readonly string[]) {
    super('probe', problems);
    this.name = 'ProbeEnvironmentError';
  }
}

export interface ProbeEnvironment {
  readonly tableName: string;
  readonly tableRegion: string;
  /** The region this probe speaks for. */
  readonly region: string;
  readonly config: FleetConfig;
  /** The probe's own SQS queue, where schedule ticks put the runs they plan. */
  readonly runQueueUrl: string;
}

/** Reads and validates the probe function's environment, reporting every problem at once. */
export function readProbeEnvironment(env: Readonly<Record<string, string | undefined>>): ProbeEnvironment {
  return readFunctionEnvironment(
    env,
    (problems) => new ProbeEnvironmentError(problems),
    (read) => {
      const table = read.table();
      const region = read.required(FUNCTION_ENV.probeRegion);
      const runQueueUrl = read.required(FUNCTION_ENV.runQueueUrl);
      if (runQueueUrl !== '' && !/^https:\/\/\S+$/.test(runQueueUrl)) {
        read.problems.push(`${FUNCTION_ENV.runQueueUrl}: "${runQueueUrl}" is not an SQS queue URL`);
      }
      const config = read.fleetConfig();
      if (config !== undefined && region !== '' && !config.probeRegions.includes(region)) {
        read.problems.push(
          `${FUNCTION_ENV.probeRegion}: "${region}" is not one of the probe regions (${config.probeRegions.join(', ')})`,
        );
      }
      return { ...table, region, config, runQueueUrl };
    },
  );
}
