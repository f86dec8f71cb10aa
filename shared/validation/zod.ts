import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini keeps Lambda bundles small (the classic API alone is ~450 kB minified); it ships without messages,
// so English defaults are loaded once here for every schema that leaves a rule's message to zod.
z.config(en());

export { z };

/** `a.b[2].c`, the way the configuration reference names fields. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** One `field: rule` line per problem; unknown fields are named one by one. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root = '(root)'): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${formatIssuePath([...issue.path, key])}: unknown field`)
      : [`${formatIssuePath(issue.path) || root}: ${issue.message}`],
  );
}

/** Per-parse error map: a missing field says so plainly instead of naming the type it lacks. */
export const requiredFieldMessage = {
  error: (issue: z.core.$ZodRawIssue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
};
