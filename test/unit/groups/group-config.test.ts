import { describe, expect, it } from 'vitest';
import { ConfigError, parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { MAX_GROUPS } from '../../../shared/groups/group-config.js';

const target = (id: string) => ({
  id,
  name: id.toUpperCase(),
  url: `https://${id}.example.test/`,
  check: 'http',
});
const targets = [target('svc-wsdl'), target('enofa'), target('coretax')];

function problemsOf(groups: unknown): readonly string[] {
  try {
    parseFleetConfig({ targets, groups });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('configuration was accepted');
}

describe('groups in the fleet configuration (docs/service-groups.md#configuration)', () => {
  it('has none by default, and the worst-of rule when a group names none', () => {
    expect(parseFleetConfig({ targets }).groups).toEqual([]);
    const config = parseFleetConfig({
      targets,
      groups: [{ id: 'faktur', name: 'Buat & unggah faktur', targets: ['svc-wsdl', 'coretax'] }],
    });
    expect(config.groups).toEqual([
      { id: 'faktur', name: 'Buat & unggah faktur', targets: ['svc-wsdl', 'coretax'], rule: 'worst' },
    ]);
  });

  it.each<[string, unknown, string[]]>([
    [
      'an id that is a target id',
      [{ id: 'enofa', name: 'E', targets: ['enofa'] }],
      [
        'groups[0].id: "enofa" is also a target id: a group needs an id of its own (subscriptions filter on it)',
      ],
    ],
    [
      'an id used twice',
      [
        { id: 'g', name: 'G', targets: ['enofa'] },
        { id: 'g', name: 'H', targets: ['coretax'] },
      ],
      ['groups[1].id: "g" is used twice (also by groups[0])'],
    ],
    [
      'a member that is no configured target, and one listed twice',
      [{ id: 'g', name: 'G', targets: ['enofa', 'djponline', 'enofa'] }],
      [
        'groups[0].targets[1]: "djponline" is not a configured target',
        'groups[0].targets[2]: "enofa" is listed twice',
      ],
    ],
    [
      'a member that is another group',
      [
        { id: 'a', name: 'A', targets: ['enofa'] },
        { id: 'b', name: 'B', targets: ['a'] },
      ],
      ['groups[1].targets[0]: "a" is not a configured target'],
    ],
    [
      'no members, an unknown rule, an id with a colon, a name with a direction override',
      [{ id: 'group:x', name: 'x\u202ey', targets: [], rule: 'best' }],
      [
        'groups[0].id: "group:x" is not a group id (lowercase letters, digits and \'-\', at most 34)',
        'groups[0].name: must not contain control characters or text-direction overrides',
        'groups[0].targets: must list at least one target',
        'groups[0].rule: must be one of worst, any-up',
      ],
    ],
    [
      'an id too long for the state key, and an unknown field',
      [{ id: 'a'.repeat(35), name: 'A', targets: ['enofa'], members: [] }],
      [
        `groups[0].id: "${'a'.repeat(35)}" is not a group id (lowercase letters, digits and '-', at most 34)`,
        expect.stringMatching(/^groups\[0\]\.members: unknown field$/) as unknown as string,
      ],
    ],
    ['not a list', { id: 'g' }, [expect.stringMatching(/^groups: /) as unknown as string]],
  ])('refuses %s', (_what, groups, expected) => {
    expect(problemsOf(groups)).toEqual(expect.arrayContaining(expected));
    expect(problemsOf(groups)).toHaveLength(expected.length);
  });

  it(`accepts ${MAX_GROUPS} groups and refuses one more`, () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `g${i}`, name: `G${i}`, targets: ['enofa'] }));
    expect(parseFleetConfig({ targets, groups: many(MAX_GROUPS) }).groups).toHaveLength(MAX_GROUPS);
    expect(problemsOf(many(MAX_GROUPS + 1))).toEqual([`groups: at most ${MAX_GROUPS} groups`]);
  });
});
