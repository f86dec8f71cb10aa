import { config, type core } from 'zod/mini';

// Schemas use zod/mini (imported as `* as z` where they are built): it tree-shakes, where the classic API alone
// adds ~450 kB to a Lambda bundle. It ships without messages; rules name theirs, and this covers the rest.
config({
  localeError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined
          ? 'is required'
          : `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
      case 'invalid_value':
        return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
      case 'too_small':
        return `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
      case 'too_big':
        return `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
      case 'invalid_format':
        return `must be a valid ${issue.format}`;
      case 'unrecognized_keys':
        return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      default:
        return 'is not valid';
    }
  },
});

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
export function formatIssues(issues: readonly core.$ZodIssue[], root = '(root)'): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${formatIssuePath([...issue.path, key])}: unknown field`)
      : [`${formatIssuePath(issue.path) || root}: ${issue.message}`],
  );
}

/** Per-parse error map: a missing field says so plainly instead of naming the type it lacks. */
export const requiredFieldMessage = {
  error: (issue: core.$ZodRawIssue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
};
