import { ConfigError, type FleetConfig, parseFleetConfig } from '../../shared/config/fleet-config.js';
import { FUNCTION_ENV } from '../../shared/config/function-env.js';

/** The aggregator function's environment is missing something or holds a bad value; one line per problem. */
export class AggregatorEnvironmentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid aggregator function environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
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

const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/;

/** Reads and validates the aggregator's environment, reporting every problem at once. */
export function readAggregatorEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): AggregatorEnvironment {
  const problems: string[] = [];
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name}: is required`);
    return value ?? '';
  };
  const tableName = required(FUNCTION_ENV.tableName);
  const tableRegion = required(FUNCTION_ENV.tableRegion);
  const alertsTopicArn = required(FUNCTION_ENV.alertsTopicArn);
  if (alertsTopicArn !== '' && !ARN.test(alertsTopicArn)) {
    problems.push(`${FUNCTION_ENV.alertsTopicArn}: "${alertsTopicArn}" is not an ARN`);
  }
  const dashboardUrl = env[FUNCTION_ENV.dashboardUrl]?.trim() || undefined;

  let config: FleetConfig | undefined;
  const rawConfig = required(FUNCTION_ENV.fleetConfig);
  if (rawConfig !== '') {
    try {
      config = parseFleetConfig(JSON.parse(rawConfig));
    } catch (error) {
      if (error instanceof ConfigError)
        problems.push(...error.problems.map((p) => `${FUNCTION_ENV.fleetConfig}: ${p}`));
      else problems.push(`${FUNCTION_ENV.fleetConfig}: is not JSON (${(error as Error).message})`);
    }
  }

  const probeFunctions: Record<string, string> = {};
  const rawFunctions = required(FUNCTION_ENV.probeFunctions);
  if (rawFunctions !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawFunctions);
    } catch (error) {
      problems.push(`${FUNCTION_ENV.probeFunctions}: is not JSON (${(error as Error).message})`);
    }
    if (parsed !== undefined) {
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push(`${FUNCTION_ENV.probeFunctions}: must be a JSON object of region → function ARN`);
      } else {
        for (const [region, arn] of Object.entries(parsed)) {
          if (typeof arn !== 'string' || !ARN.test(arn)) {
            problems.push(`${FUNCTION_ENV.probeFunctions}.${region}: ${JSON.stringify(arn)} is not an ARN`);
          } else probeFunctions[region] = arn;
        }
        for (const region of config?.probeRegions ?? []) {
          if (!Object.hasOwn(parsed, region)) {
            problems.push(`${FUNCTION_ENV.probeFunctions}: no probe function for region ${region}`);
          }
        }
      }
    }
  }
  if (problems.length > 0 || config === undefined) throw new AggregatorEnvironmentError(problems);
  return { tableName, tableRegion, config, alertsTopicArn, probeFunctions, dashboardUrl };
}
