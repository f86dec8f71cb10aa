import { BadParameterError } from './api-error.js';
import type { ApiRequest } from './api-request.js';

type Query = ApiRequest['query'];

/** The one value of a query parameter; `undefined` when absent, a 400 when repeated. */
export function singleParam(query: Query, name: string): string | undefined {
  const values = query[name];
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw new BadParameterError(name, 'must be given at most once');
  return values[0];
}

/** `limit`: a whole number between 1 and `max`, `fallback` when absent. */
export function limitParam(
  query: Query,
  options: { readonly fallback: number; readonly max: number },
): number {
  const raw = singleParam(query, 'limit');
  if (raw === undefined) return options.fallback;
  const rule = `must be an integer between 1 and ${options.max}`;
  if (!/^\d{1,9}$/.test(raw)) throw new BadParameterError('limit', rule);
  const value = Number(raw);
  if (value < 1 || value > options.max) throw new BadParameterError('limit', rule);
  return value;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * An ISO 8601 time with a zone (`Z` or an offset), normalised to UTC milliseconds (`…T03:00:00.000Z`) because
 * stored times are compared as strings. A `+` that arrived unencoded reads as a space, so a space before the
 * offset is taken as `+`.
 */
export function isoTimeParam(query: Query, name: string): string | undefined {
  const raw = singleParam(query, name);
  if (raw === undefined) return undefined;
  const text = raw.replace(/ (\d{2}:?\d{2})$/, '+$1');
  const rule = 'must be an ISO 8601 time with a zone, e.g. 2026-03-15T03:00:00Z';
  if (!ISO_TIME.test(text)) throw new BadParameterError(name, rule);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new BadParameterError(name, rule);
  return new Date(ms).toISOString();
}

/** One of a closed list of values, `fallback` when absent. */
export function enumParam<T extends string>(
  query: Query,
  name: string,
  values: readonly T[],
  fallback: T,
): T {
  const raw = singleParam(query, name);
  if (raw === undefined) return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new BadParameterError(name, `must be one of ${values.join(', ')}`);
  }
  return raw as T;
}
