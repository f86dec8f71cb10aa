import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { isObject } from '../validation/is-object.js';
import { ConfigError, type FleetConfig, parseFleetConfig } from './fleet-config.js';
import { FUNCTION_ENV } from './function-env.js';
import { withoutByteOrderMark } from './load-fleet-config.js';

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

/** Stands for each region in an ARN pattern (see `arnsByRegion`). */
export const REGION_PLACEHOLDER = '{region}';

const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/;

/** Far above any valid configuration (100 targets take about 60 KB): a larger file is refused unread. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/** Reads a configuration file's text; throws with a `code` (ENOENT, EFBIG, …) when it cannot. */
export type ConfigFileReader = (path: string) => string;

function readBoundedFile(path: string): string {
  // The size first, so that a huge file is never loaded (a file growing in between is caught below).
  const tooBig = () => Object.assign(new Error(`over ${MAX_CONFIG_FILE_BYTES} bytes`), { code: 'EFBIG' });
  if (statSync(path).size > MAX_CONFIG_FILE_BYTES) throw tooBig();
  const bytes = readFileSync(path);
  if (bytes.length > MAX_CONFIG_FILE_BYTES) throw tooBig();
  return bytes.toString('utf8');
}

/**
 * Reads a handler's environment (passed in: `shared/` never reads `process.env`) and collects every problem, so a
 * bad deployment fails at cold start with all of them listed, not one per redeploy.
 */
export class EnvironmentReader {
  readonly problems: string[] = [];

  constructor(
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly readFile: ConfigFileReader = readBoundedFile,
  ) {}

  /** The fleet table's name and home region, which the probe, aggregator and API functions all read. */
  table(): { readonly tableName: string; readonly tableRegion: string } {
    return {
      tableName: this.required(FUNCTION_ENV.tableName),
      tableRegion: this.required(FUNCTION_ENV.tableRegion),
    };
  }

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

  /**
   * The fleet configuration the CDK app handed over, validated by the same rules as at synth time: inline in
   * `FLEET_CONFIG`, or else in the file `FLEET_CONFIG_FILE` names (relative to `LAMBDA_TASK_ROOT`).
   */
  fleetConfig(): FleetConfig | undefined {
    const inline = this.optional(FUNCTION_ENV.fleetConfig);
    const file = this.optional(FUNCTION_ENV.fleetConfigFile);
    const origin =
      inline === undefined && file !== undefined ? FUNCTION_ENV.fleetConfigFile : FUNCTION_ENV.fleetConfig;
    const raw =
      inline === undefined && file !== undefined ? this.fileJson(file) : this.json(FUNCTION_ENV.fleetConfig);
    if (raw === undefined) return undefined;
    try {
      return parseFleetConfig(raw);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.problems.push(...error.problems.map((p) => `${origin}: ${p}`));
      return undefined;
    }
  }

  private fileJson(file: string): unknown {
    const name = FUNCTION_ENV.fleetConfigFile;
    const root = this.optional('LAMBDA_TASK_ROOT');
    if (!isAbsolute(file) && root === undefined) {
      this.problems.push(`${name}: "${file}" is relative, and LAMBDA_TASK_ROOT is not set`);
      return undefined;
    }
    const path = isAbsolute(file) ? file : join(root!, file);
    let text: string;
    try {
      text = this.readFile(path);
    } catch (error) {
      this.problems.push(
        `${name}: ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
      return undefined;
    }
    try {
      return JSON.parse(withoutByteOrderMark(text)) as unknown;
    } catch (error) {
      this.problems.push(`${name}: ${path} is not JSON (${(error as Error).message})`);
      return undefined;
    }
  }

  /**
   * A map of region → ARN, one entry (`what`, e.g. "probe function") for each of `regions`: a JSON object, or a JSON
   * string whose `{region}` placeholders each region fills in (one ARN pattern stays small for 30 regions).
   */
  arnsByRegion(name: string, regions: readonly string[], what: string): Record<string, string> {
    const out: Record<string, string> = {};
    let parsed = this.json(name);
    if (parsed === undefined) return out;
    if (typeof parsed === 'string' && parsed.includes(REGION_PLACEHOLDER)) {
      const pattern = parsed;
      parsed = Object.fromEntries(regions.map((r) => [r, pattern.replaceAll(REGION_PLACEHOLDER, r)]));
    }
    if (!isObject(parsed)) {
      this.problems.push(
        `${name}: must be a JSON object of region → ${what} ARN, or an ARN pattern with {region}`,
      );
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

/**
 * Reads one function's environment by its spec: the spec takes what the function needs from one reader, which
 * collects every problem, and they are thrown together (as the function's own error) once the spec has run.
 */
export function readFunctionEnvironment<T extends { readonly config: FleetConfig | undefined }>(
  env: Readonly<Record<string, string | undefined>>,
  toError: (problems: readonly string[]) => FunctionEnvironmentError,
  spec: (read: EnvironmentReader) => T,
): T & { readonly config: FleetConfig } {
  const read = new EnvironmentReader(env);
  const values = spec(read);
  if (read.problems.length > 0 || values.config === undefined) throw toError(read.problems);
  return values as T & { readonly config: FleetConfig };
}
