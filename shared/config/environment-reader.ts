import { ConfigError, type FleetConfig, parseFleetConfig } from './fleet-config.js';
import { FUNCTION_ENV } from './function-env.js';

/** A function's environment is missing something or holds a bad value; one line per problem. */
export class FunctionEnvironmentError extends Error {
  constructor(
    readonly functionName: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${functionName} function environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'FunctionEnvironmentError';
  }
}

const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/;

/**
 * Reads a handler's environment (passed in: `shared/` never reads `process.env`) and collects every problem, so a
 * bad deployment fails at cold start with all of them listed, not one per redeploy.
 */
export class EnvironmentReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  optional(name: string): string | undefined {
    return this.env[name]?.trim() || undefined;
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) this.problems.push(`${name}: is required`);
    return value ?? '';
  }

  arn(name: string): string {
    const value = this.required(name);
    if (value !== '' && !ARN.test(value)) this.problems.push(`${name}: "${value}" is not an ARN`);
    return value;
  }

  /** A required variable holding JSON; `undefined` when absent or not JSON. */
  json(name: string): unknown {
    const raw = this.required(name);
    if (raw === '') return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch (error) {
      this.problems.push(`${name}: is not JSON (${(error as Error).message})`);
      return undefined;
    }
  }

  /** The fleet configuration the CDK app handed over, validated by the same rules as at synth time. */
  fleetConfig(): FleetConfig | undefined {
    const raw = this.json(FUNCTION_ENV.fleetConfig);
    if (raw === undefined) return undefined;
    try {
      return parseFleetConfig(raw);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.problems.push(...error.problems.map((p) => `${FUNCTION_ENV.fleetConfig}: ${p}`));
      return undefined;
    }
  }

  /** A map of region → ARN, one entry (`what`, e.g. "probe function") for each of `regions`. */
  arnsByRegion(name: string, regions: readonly string[], what: string): Record<string, string> {
    const out: Record<string, string> = {};
    const parsed = this.json(name);
    if (parsed === undefined) return out;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.problems.push(`${name}: must be a JSON object of region → ${what} ARN`);
      return out;
    }
    for (const [region, arn] of Object.entries(parsed)) {
      if (typeof arn !== 'string' || !ARN.test(arn)) {
        this.problems.push(`${name}.${region}: ${JSON.stringify(arn)} is not an ARN`);
      } else out[region] = arn;
    }
    for (const region of regions) {
      if (!Object.hasOwn(parsed, region)) this.problems.push(`${name}: no ${what} for region ${region}`);
    }
    return out;
  }
}
