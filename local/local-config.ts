import { readFileSync } from 'node:fs';
import { ConfigError, type FleetConfig, parseFleetConfig } from '../shared/config/fleet-config.js';
import { loadFleetConfig, withoutByteOrderMark } from '../shared/config/load-fleet-config.js';
import type { CheckKind } from '../shared/types.js';

export interface LocalConfigSources {
  /** The CDK app's `cdk.json`, whose `context.fleet` is the base configuration. */
  readonly cdkJsonPath: string;
  /** `--config`: a JSON file whose top-level fields replace those of `context.fleet`. */
  readonly file?: string;
  /** `--regions` */
  readonly regions?: readonly string[];
  /** `--interval`, in whole seconds. */
  readonly intervalSeconds?: number;
  /** `--target` and `--check`: this one URL replaces the configured targets. */
  readonly target?: { readonly url: string; readonly check: CheckKind };
}

/** `context.fleet` of a `cdk.json`, as the CDK app reads it; a missing file means the defaults. */
export function readCdkFleetContext(cdkJsonPath: string): unknown {
  let text: string;
  try {
    text = readFileSync(cdkJsonPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([`${cdkJsonPath}: cannot be read (${(error as NodeJS.ErrnoException).code})`]);
  }
  try {
    const json = JSON.parse(withoutByteOrderMark(text)) as { context?: { fleet?: unknown } };
    return json?.context?.fleet;
  } catch (error) {
    throw new ConfigError([`${cdkJsonPath}: is not valid JSON (${(error as Error).message})`]);
  }
}

/** A target id for a bare URL: its host and port, e.g. `svc-efaktur-pajak-go-id`, `127-0-0-1-8080`. */
export function targetIdOf(url: string): string {
  const { hostname, port } = new URL(url);
  const id = `${hostname}${port ? `-${port}` : ''}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return id === '' ? 'target' : id;
}

function targetNameOf(url: string): string {
  const { host, pathname } = new URL(url);
  const name = `${host}${pathname === '/' ? '' : pathname}`;
  return name.length <= 80 ? name : `${name.slice(0, 79)}…`;
}

const FLAG_OF_FIELD: readonly [string, string][] = [
  ['probeRegions', '--regions'],
  ['probeIntervalSeconds', '--interval'],
  ['targets', '--target'],
];

/**
 * The configuration local mode runs: `cdk.json`'s `context.fleet`, the `--config` file over it (both validated
 * as the CDK app does), then the command-line overrides, validated again by the same rules.
 */
export function resolveLocalConfig(sources: LocalConfigSources): FleetConfig {
  const base = loadFleetConfig({ context: readCdkFleetContext(sources.cdkJsonPath), file: sources.file });
  const overrides: Partial<Record<keyof FleetConfig, unknown>> = {};
  if (sources.regions !== undefined) overrides.probeRegions = [...sources.regions];
  if (sources.intervalSeconds !== undefined) overrides.probeIntervalSeconds = sources.intervalSeconds;
  if (sources.target !== undefined) {
    overrides.targets = [
      {
        id: targetIdOf(sources.target.url),
        name: targetNameOf(sources.target.url),
        url: sources.target.url,
        check: sources.target.check,
      },
    ];
  }
  if (Object.keys(overrides).length === 0) return base;
  try {
    return parseFleetConfig({ ...base, ...overrides });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Name the flag the person typed next to the field the rule speaks of.
    throw new ConfigError(
      error.problems.map((problem) => {
        const flag = FLAG_OF_FIELD.find(
          ([field]) =>
            field in overrides && (problem.startsWith(`${field}:`) || problem.startsWith(`${field}[`)),
        );
        return flag ? `${flag[1]} (${problem})` : problem;
      }),
    );
  }
}
