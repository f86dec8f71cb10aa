import { ConfigError, parseFleetConfig } from '../config/fleet-config.js';

/** Longer names are refused before they are echoed in a message; AWS region names and target ids are far shorter. */
const MAX_NAME_CHARS = 64;

/** What the fleet configuration says about one field of `raw`: `null` when it accepts it. */
function configProblem(raw: Record<string, unknown>, field: string): string | null {
  try {
    parseFleetConfig(raw);
    return null;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problem = error.problems.find((p) => p.startsWith(`${field}: `));
    return problem === undefined ? null : problem.slice(field.length + 2);
  }
}

function tooLong(name: string, what: string): string | null {
  return name.length > MAX_NAME_CHARS
    ? `is not ${what} (${name.length} characters, at most ${MAX_NAME_CHARS})`
    : null;
}

/**
 * Why `name` is not a region name the fleet configuration accepts (`null`: it is). Names are case-sensitive
 * and lowercase, as AWS writes them: `AP-Southeast-1` is refused with the name it probably means.
 */
export function regionNameProblem(name: string): string | null {
  const long = tooLong(name, 'an AWS region name');
  if (long !== null) return long;
  const problem = configProblem({ homeRegion: name }, 'homeRegion');
  if (problem === null) return null;
  const lower = name.trim().toLowerCase();
  return lower !== name && configProblem({ homeRegion: lower }, 'homeRegion') === null
    ? `${problem} (region names are lowercase: "${lower}")`
    : problem;
}

/** Why `id` is not a target id the fleet configuration accepts (`null`: it is). */
export function targetIdProblem(id: string): string | null {
  const long = tooLong(id, 'a target id');
  if (long !== null) return long;
  const target = { id, name: 'replay', url: 'https://example.com/', check: 'http' };
  const problem = configProblem({ targets: [target] }, 'targets[0].id');
  if (problem === null) return null;
  const lower = id.trim().toLowerCase();
  return lower !== id && configProblem({ targets: [{ ...target, id: lower }] }, 'targets[0].id') === null
    ? `${problem} (target ids are lowercase: "${lower}")`
    : problem;
}
