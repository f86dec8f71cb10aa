import { ConfigError, type FleetConfig, parseFleetConfig } from '../../shared/config/fleet-config.js';
import { FUNCTION_ENV } from '../../shared/config/function-env.js';

/** The probe function's environment is missing something or holds a bad value; one line per problem. */
export class ProbeEnvironmentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid probe function environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProbeEnvironmentError';
  }
}

export interface ProbeEnvironment {
  readonly tableName: string;
  readonly tableRegion: string;
  /** The region this probe speaks for. */
  readonly region: string;
  readonly config: FleetConfig;
}

/** Reads and validates the probe function's environment, reporting every problem at once. */
export function readProbeEnvironment(env: Readonly<Record<string, string | undefined>>): ProbeEnvironment {
  const problems: string[] = [];
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name}: is required`);
    return value ?? '';
  };
  const tableName = required(FUNCTION_ENV.tableName);
  const tableRegion = required(FUNCTION_ENV.tableRegion);
  const region = required(FUNCTION_ENV.probeRegion);
  const rawConfig = required(FUNCTION_ENV.fleetConfig);
  let config: FleetConfig | undefined;
  if (rawConfig !== '') {
    try {
      config = parseFleetConfig(JSON.parse(rawConfig));
    } catch (error) {
      if (error instanceof ConfigError) {
        problems.push(...error.problems.map((p) => `${FUNCTION_ENV.fleetConfig}: ${p}`));
      } else {
        problems.push(`${FUNCTION_ENV.fleetConfig}: is not JSON (${(error as Error).message})`);
      }
    }
  }
  if (config !== undefined && region !== '' && !config.probeRegions.includes(region)) {
    problems.push(
      `${FUNCTION_ENV.probeRegion}: "${region}" is not one of the probe regions (${config.probeRegions.join(', ')})`,
    );
  }
  if (problems.length > 0 || config === undefined) throw new ProbeEnvironmentError(problems);
  return { tableName, tableRegion, region, config };
}
