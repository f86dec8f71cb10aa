import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_LONG_OUTAGE_MINUTES,
  DEFAULT_RECOVERY_HOLD_SECONDS,
  parseFleetConfig,
  resolvePolicy,
} from '../../../shared/config/fleet-config.js';
import { everyRegionBackTwice, recoveryOf } from '../../../shared/consensus/recovery-rule.js';
import type { ProbeStatus, Vote } from '../../../shared/types.js';
import { vote } from './fixtures.js';
import { JKT, POLICY, SIN, TYO } from './fleet-harness.js';

const MIN = 60_000;

function problems(raw: unknown): readonly string[] {
  try {
    parseFleetConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the recovery rule in the configuration', () => {
  it('holds a short outage 90 s and ends one of 10 minutes or more once every region is back twice', () => {
    expect(DEFAULT_RECOVERY_HOLD_SECONDS).toBe(90);
    expect(DEFAULT_LONG_OUTAGE_MINUTES).toBe(10);
    const policy = resolvePolicy(parseFleetConfig({}));
    expect(policy).toMatchObject({ recoveryHoldMs: 90_000, longOutageMs: 10 * MIN });
  });

  it('turns the long-outage rule off with null', () => {
    const config = parseFleetConfig({ policy: { longOutageMinutes: null } });
    expect(config.policy.longOutageMinutes).toBeNull();
    expect(resolvePolicy(config).longOutageMs).toBeNull();
  });

  it.each<[unknown, string[]]>([
    [
      0,
      ['policy.longOutageMinutes: must be a whole number of minutes from 1 to 1440, or null to always hold'],
    ],
    [
      1441,
      ['policy.longOutageMinutes: must be a whole number of minutes from 1 to 1440, or null to always hold'],
    ],
    [
      2.5,
      ['policy.longOutageMinutes: must be a whole number of minutes from 1 to 1440, or null to always hold'],
    ],
    [
      '10',
      ['policy.longOutageMinutes: must be a whole number of minutes from 1 to 1440, or null to always hold'],
    ],
  ])('refuses longOutageMinutes %j with one message', (value, expected) => {
    expect(problems({ policy: { longOutageMinutes: value } })).toEqual(expected);
  });

  it('reports a bad long-outage value beside other problems, one line each', () => {
    expect(problems({ policy: { longOutageMinutes: -1, recoveryHoldSeconds: -1 } })).toEqual([
      'policy.recoveryHoldSeconds: must not be negative',
      'policy.longOutageMinutes: must be a whole number of minutes from 1 to 1440, or null to always hold',
    ]);
  });
});

describe('recoveryOf', () => {
  const backTwice = (statuses: readonly ProbeStatus[], overrides: Partial<Vote>[] = []): Vote[] =>
    [JKT, SIN, TYO].map((r, i) =>
      vote(r, statuses[i] ?? 'up', { previousStatus: statuses[i] ?? 'up', ...overrides[i] }),
    );

  it.each<{
    name: string;
    spellMs: number | null;
    votes: Vote[];
    flapping?: boolean;
    rule: string;
    holdMs: number;
  }>([
    {
      name: 'a long outage, every region back twice',
      spellMs: 10 * MIN,
      votes: backTwice([]),
      rule: 'recovery_confirmed',
      holdMs: 0,
    },
    {
      name: 'a short outage',
      spellMs: 10 * MIN - 1,
      votes: backTwice([]),
      rule: 'recovery_hold',
      holdMs: 120_000,
    },
    {
      name: 'an outage of unknown length',
      spellMs: null,
      votes: backTwice([]),
      rule: 'recovery_hold',
      holdMs: 120_000,
    },
    {
      name: 'a bare majority',
      spellMs: 30 * MIN,
      votes: backTwice(['up', 'up', 'down']),
      rule: 'recovery_hold',
      holdMs: 120_000,
    },
    {
      name: 'slow answers',
      spellMs: 30 * MIN,
      votes: backTwice(['up', 'degraded', 'up']),
      rule: 'recovery_hold',
      holdMs: 120_000,
    },
    {
      name: 'a first look only',
      spellMs: 30 * MIN,
      votes: backTwice([], [{}, { previousStatus: 'down' }, {}]),
      rule: 'recovery_hold',
      holdMs: 120_000,
    },
    {
      name: 'flapping',
      spellMs: 30 * MIN,
      votes: backTwice([]),
      flapping: true,
      rule: 'flap_damped',
      holdMs: 900_000,
    },
  ])('$name: $rule', ({ spellMs, votes, flapping, rule, holdMs }) => {
    expect(recoveryOf({ to: 'up', flapping: flapping ?? false, spellMs, votes }, POLICY)).toEqual({
      rule,
      holdMs,
    });
  });

  it('holds a recovery to a status better but not up', () => {
    expect(
      recoveryOf({ to: 'degraded', flapping: false, spellMs: 30 * MIN, votes: backTwice([]) }, POLICY),
    ).toEqual({
      rule: 'recovery_hold',
      holdMs: 120_000,
    });
  });

  it('does not count a stale region against every region being back, but does a region set aside', () => {
    const votes = backTwice([], [{}, {}, { status: 'down', previousStatus: 'down', excluded: 'stale' }]);
    expect(everyRegionBackTwice(votes)).toBe(true);
    const aside = backTwice(
      [],
      [{}, {}, { status: 'down', previousStatus: 'down', excluded: 'regional_problem' }],
    );
    expect(everyRegionBackTwice(aside)).toBe(false);
    expect(everyRegionBackTwice(votes.slice(0, 1))).toBe(false);
  });
});
