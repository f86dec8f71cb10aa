import { readFileSync } from 'node:fs';
import { ConfigError, type FleetConfig, parseFleetConfig } from './fleet-config.js';

export interface FleetConfigSources {
  /** The `fleet` context value (from `cdk.json` or `-c fleet='{...}'`); a JSON string is parsed. */
  readonly context?: unknown;
  /** A JSON file whose top-level fields replace those of the context. */
  readonly file?: string;
}

/** A file's text without the UTF-8 byte-order mark some editors write at its start. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(withoutByteOrderMark(text));
  } catch (error) {
    throw new ConfigError([`${origin}: is not valid JSON (${(error as Error).message})`]);
  }
}

function asObject(value: unknown, origin: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  const parsed = typeof value === 'string' ? parseJson(value, origin) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError([`${origin}: must be a JSON object`]);
  }
  return parsed as Record<string, unknown>;
}

/** Reads the fleet configuration from its sources, file over context, then validates it. */
export function loadFleetConfig(sources: FleetConfigSources = {}): FleetConfig {
  const base = asObject(sources.context, 'fleet (context)');
  let overlay: Record<string, unknown> = {};
  if (sources.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(sources.file, 'utf8');
    } catch (error) {
      throw new ConfigError([
        `${sources.file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      ]);
    }
    overlay = asObject(text, sources.file);
  }
  return parseFleetConfig({ ...base, ...overlay });
}
