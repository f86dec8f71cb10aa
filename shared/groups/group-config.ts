import * as z from 'zod/mini';
import { GROUP_RULES } from './group-status.js';

/** Groups a fleet may have: each is one more state the sweep evaluates and one more line on the status page. */
export const MAX_GROUPS = 20;
/** Members a group may have: at most every target (the target limit, `MAX_TARGETS`). */
export const MAX_GROUP_MEMBERS = 100;
/** Short enough that `group:<id>` stays within a target id's 40 characters wherever a state id goes. */
const GROUP_ID = /^[a-z0-9][a-z0-9-]{0,33}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const groupSchema = z.strictObject({
  id: z.string().check(
    z.regex(GROUP_ID, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a group id (lowercase letters, digits and '-', at most 34)`,
    }),
  ),
  name: z.string().check(
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(80, { error: 'must be at most 80 characters' }),
    z.refine((value) => !UNSAFE_TEXT.test(value), {
      error: 'must not contain control characters or text-direction overrides',
    }),
  ),
  targets: z
    .array(z.string(), { error: 'must be a list of target ids' })
    .check(
      z.minLength(1, { error: 'must list at least one target' }),
      z.maxLength(MAX_GROUP_MEMBERS, { error: `must list at most ${MAX_GROUP_MEMBERS} targets` }),
    ),
  rule: z._default(z.enum(GROUP_RULES, { error: `must be one of ${GROUP_RULES.join(', ')}` }), 'worst'),
});

/** `groups`: named sets of targets with a status of their own (see the service groups documentation). */
export const groupsSchema = z._default(
  z.array(groupSchema).check(z.maxLength(MAX_GROUPS, { error: `at most ${MAX_GROUPS} groups` })),
  [],
);

export type GroupConfig = z.output<typeof groupSchema>;

/** A rule across sections that the schema of one group cannot check. */
export interface GroupProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

/** Group ids unique and apart from target ids; members configured targets, each listed once. */
export function groupProblems(
  targets: readonly { readonly id: string }[],
  groups: readonly GroupConfig[],
): GroupProblem[] {
  const problems: GroupProblem[] = [];
  const targetIds = new Set(targets.map((t) => t.id));
  const seen = new Map<string, number>();
  groups.forEach((g, i) => {
    const first = seen.get(g.id);
    if (first !== undefined) {
      problems.push({
        path: ['groups', i, 'id'],
        message: `"${g.id}" is used twice (also by groups[${first}])`,
      });
    } else seen.set(g.id, i);
    if (targetIds.has(g.id)) {
      problems.push({
        path: ['groups', i, 'id'],
        message: `"${g.id}" is also a target id: a group needs an id of its own (subscriptions filter on it)`,
      });
    }
    const members = new Set<string>();
    g.targets.forEach((id, j) => {
      if (!targetIds.has(id)) {
        problems.push({
          path: ['groups', i, 'targets', j],
          message: `${JSON.stringify(id)} is not a configured target`,
        });
      } else if (members.has(id)) {
        problems.push({ path: ['groups', i, 'targets', j], message: `"${id}" is listed twice` });
      }
      members.add(id);
    });
  });
  return problems;
}
