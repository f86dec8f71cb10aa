import { describe, expect, it } from 'vitest';
import { parseFleetConfig, resolvePolicy } from '../../../shared/config/fleet-config.js';
import { decide } from '../../../shared/consensus/decide.js';
import type { Observation } from '../../../shared/consensus/observation.js';
import {
  ConflictingResultsError,
  ReplayEngine,
  ReplayOrderError,
  replay,
} from '../../../shared/consensus/replay.js';
import { votesFrom } from '../../../shared/consensus/votes-from.js';
import type { ResultLine } from '../../../shared/replay/result-line.js';
import {
  type ConsensusPolicy,
  type ConsensusState,
  type ProbeStatus,
  REASON_CODES,
  type ReasonCode,
  statusOfReason,
  type Transition,
} from '../../../shared/types.js';
import { POLICY, T0 } from '../consensus/fleet-harness.js';
import { generateHistory, mulberry32 } from '../consensus/history-generator.js';

const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];

/**
 * The replay as it was: an evaluation after each result and one at every minute of the clock between the first and
 * the last result. Slow over long spans, but obviously right: the event-driven replay must decide exactly the same.
 */
function replayEveryMinute(
  lines: readonly ResultLine[],
  regions: readonly string[],
  policy: ConsensusPolicy,
) {
  const sorted = lines
    .map((line, index) => ({ line, index, ms: Date.parse(line.checkedAt) }))
    .sort(
      (a, b) =>
        a.ms - b.ms ||
        (a.line.region < b.line.region ? -1 : a.line.region > b.line.region ? 1 : 0) ||
        a.index - b.index,
    );
  const latest = new Map<string, Observation[]>();
  let state: ConsensusState | null = null;
  const transitions: Transition[] = [];
  const evaluate = (ms: number) => {
    const now = new Date(ms);
    const { votes } = votesFrom([...latest.values()].flat(), regions, policy, now);
    const decision = decide(state, { targetId: 'target', regions, votes }, policy, now);
    state = decision.next;
    transitions.push(...decision.transitions);
  };
  let nextSweep = Math.ceil((sorted[0]?.ms ?? 0) / 60_000) * 60_000;
  for (const { line, ms } of sorted) {
    for (; nextSweep < ms; nextSweep += 60_000) evaluate(nextSweep);
    const observation: Observation = {
      region: line.region,
      checkedAt: line.checkedAt,
      status: line.status,
      reason: line.reason,
      detail: line.detail ?? '',
      latencyMs: line.latencyMs ?? null,
      control: line.control ?? null,
    };
    latest.set(line.region, [observation, ...(latest.get(line.region) ?? [])].slice(0, 2));
    evaluate(ms);
  }
  if (nextSweep === sorted.at(-1)?.ms) evaluate(nextSweep);
  return transitions;
}

const REASONS: Record<ProbeStatus, readonly ReasonCode[]> = {
  up: REASON_CODES.filter((r) => statusOfReason(r) === 'up'),
  degraded: ['slow'],
  maintenance: ['maintenance_page'],
  down: ['timeout', 'refused', 'http_status'],
};

const FIVE = [...REGIONS, 'eu-west-1', 'us-east-1'];

interface ChoppyOptions {
  readonly rounds: number;
  readonly regions?: readonly string[];
  /** Seconds between rounds, at least `minGapS`; each result is up to `minGapS` late within its round. */
  readonly minGapS?: number;
  readonly maxGapS?: number;
}

/**
 * A hostile history for the differential test: regions that fall silent (votes go stale), outages that come and
 * go (holds, flapping), regions failing or slow alone for a while (set aside), failed controls, degraded and
 * maintenance spells, irregular times.
 */
function choppyHistory(seed: number, options: ChoppyOptions): ResultLine[] {
  const { rounds, regions = REGIONS, minGapS = 20, maxGapS = 90 } = options;
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const lines: ResultLine[] = [];
  let fleetStatus: ProbeStatus = 'up';
  const silentUntil = new Map<string, number>();
  const alone = new Map<string, { status: ProbeStatus; until: number }>();
  let s = 0;
  for (let k = 0; k < rounds; k++) {
    s += minGapS + Math.floor(random() * (maxGapS - minGapS));
    if (random() < 0.08) fleetStatus = pick(['up', 'up', 'down', 'degraded', 'maintenance'] as const);
    for (const region of regions) {
      if ((silentUntil.get(region) ?? 0) > s) continue;
      if (random() < 0.03) silentUntil.set(region, s + 60 + Math.floor(random() * 10 * maxGapS));
      if (random() < 0.02)
        alone.set(region, {
          status: pick(['down', 'degraded'] as const),
          until: k + 5 + Math.floor(random() * 30),
        });
      const own = alone.get(region);
      const status: ProbeStatus =
        own !== undefined && own.until > k
          ? own.status
          : random() < 0.1
            ? pick(['up', 'down', 'degraded'] as const)
            : fleetStatus;
      lines.push({
        region,
        // Rounds are at least `minGapS` apart: each region's times stay distinct.
        checkedAt: new Date(T0 + (s + Math.floor(random() * minGapS)) * 1000).toISOString(),
        status,
        reason: pick(REASONS[status]),
        latencyMs: Math.floor(random() * 5000),
        ...(random() < 0.05 && { control: false }),
        detail: `${status} ${k}`,
      });
    }
  }
  return lines;
}

const line = (region: string, checkedAt: string, status: ProbeStatus = 'up'): ResultLine => ({
  region,
  checkedAt,
  status,
  reason: status === 'up' ? 'ok' : 'timeout',
});

const FLAPPY = resolvePolicy(
  parseFleetConfig({
    probeIntervalSeconds: 30,
    policy: {
      recoveryHoldSeconds: 90,
      flapDamping: { windowMinutes: 20, threshold: 2, recoveryHoldSeconds: 400 },
    },
  }),
);
/** Five-minute probes, every minute swept: most sweeps have no result and no vote going stale near them. */
const SPARSE = resolvePolicy(
  parseFleetConfig({
    probeIntervalSeconds: 300,
    policy: {
      recoveryHoldSeconds: 600,
      flapDamping: { windowMinutes: 90, threshold: 2, recoveryHoldSeconds: 1800 },
    },
  }),
);

type Case = readonly [name: string, lines: ResultLine[], regions: readonly string[], policy: ConsensusPolicy];

const CASES: Case[] = [
  ['a noisy day', generateHistory({ seed: 3, hours: 24, noise: 0.05 }), REGIONS, POLICY],
  [
    'an outage',
    generateHistory({ seed: 12, hours: 6, noise: 0.02, globalOutage: { fromS: 7200, toS: 9000 } }),
    REGIONS,
    POLICY,
  ],
  [
    'a regional outage',
    generateHistory({
      seed: 2,
      hours: 6,
      noise: 0.03,
      regionalOutage: { region: 'ap-northeast-1', fromS: 3600, toS: 14_400 },
    }),
    REGIONS,
    POLICY,
  ],
  ...[1, 2, 3, 4].map(
    (seed): Case => [`choppy ${seed}`, choppyHistory(seed, { rounds: 1500 }), REGIONS, POLICY],
  ),
  ...[5, 6, 7].map(
    (seed): Case => [`choppy ${seed}, flapping`, choppyHistory(seed, { rounds: 1500 }), REGIONS, FLAPPY],
  ),
  ...[8, 9, 10, 11, 12, 13].map(
    (seed): Case => [
      `choppy ${seed}, five regions, sparse`,
      choppyHistory(seed, { rounds: 400, regions: FIVE, minGapS: 150, maxGapS: 450 }),
      FIVE,
      SPARSE,
    ],
  ),
];

describe('replay decides only at the moments that can change the decision', () => {
  it.each(CASES)(
    '%s: the same transitions as an evaluation every minute',
    (_name, lines, regions, policy) => {
      const expected = replayEveryMinute(lines, regions, policy);
      const actual = replay(lines, { regions, policy });
      expect(expected.length).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
    },
  );

  it('ends a flapping hold at the first sweep after the oldest outage leaves the flap window', () => {
    const policy = resolvePolicy(
      parseFleetConfig({
        probeIntervalSeconds: 300,
        policy: {
          recoveryHoldSeconds: 300,
          flapDamping: { windowMinutes: 33, threshold: 2, recoveryHoldSeconds: 3600 },
        },
      }),
    );
    // Every region every five minutes, 10 s past: up, down twice (an outage), up, down twice, up for good.
    const rounds: ProbeStatus[] = ['up', 'down', 'down', 'up', 'up', 'down', 'down', 'up', 'up', 'up', 'up'];
    const lines = rounds.flatMap((status, k) =>
      REGIONS.map((r) => line(r, new Date(T0 + (k * 300 + 10) * 1000).toISOString(), status)),
    );
    const transitions = replay(lines, { regions: REGIONS, policy });
    expect(transitions).toEqual(replayEveryMinute(lines, REGIONS, policy));
    const clock = (t: Transition) =>
      `${new Date(Date.parse(t.at) - T0).toISOString().slice(14, 19)} ${t.to} ${t.rule}`;
    expect(transitions.map(clock)).toEqual([
      '00:10 up initial',
      '10:10 down quorum_down',
      '20:10 up recovery_hold',
      '30:10 down quorum_down',
      // Two outages within 33 minutes: the hold is an hour, until the first one leaves the window at 43:10.
      '44:00 up recovery_hold',
    ]);
  });

  it('the cases do reach every timed rule (else the comparison above proves little)', () => {
    const seen = new Set(
      CASES.flatMap(([, lines, regions, policy]) =>
        replay(lines, { regions, policy }).flatMap((t) => [
          t.rule,
          ...t.votes.flatMap((v) => v.excluded ?? []),
        ]),
      ),
    );
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'insufficient_votes',
        'recovery_hold',
        'flap_damped',
        'stale',
        'regional_problem',
      ]),
    );
  });

  it.each<[string, ResultLine[], number]>([
    [
      'two lines 56 years apart',
      [line(REGIONS[0]!, '1970-01-01T00:00:00Z'), line(REGIONS[0]!, '2026-03-15T00:00:00Z')],
      4,
    ],
    [
      'three regions, then one result 56 years later',
      [...REGIONS.map((r) => line(r, '1970-01-01T00:00:00Z')), line(REGIONS[1]!, '2026-03-15T00:00:00.000Z')],
      8,
    ],
  ])('%s: a handful of evaluations', (_name, lines, most) => {
    let evaluations = 0;
    const transitions = replay(lines, { regions: REGIONS, onEvaluate: () => evaluations++ });
    expect(evaluations).toBeGreaterThanOrEqual(lines.length);
    expect(evaluations).toBeLessThanOrEqual(most);
    expect(transitions.every((t) => t.targetId === 'target')).toBe(true);
  });

  it('a stray result years later adds a few evaluations, not one per minute of the gap', () => {
    const day = generateHistory({ seed: 5, hours: 24, noise: 0.03 });
    const stray = { ...day[0]!, checkedAt: '2030-01-01T00:00:00.000Z' };
    const count = (lines: readonly ResultLine[]) => {
      let evaluations = 0;
      replay(lines, { regions: REGIONS, onEvaluate: () => evaluations++ });
      return evaluations;
    };
    const withoutStray = count(day);
    const withStray = count([...day, stray]);
    expect(withoutStray).toBeLessThanOrEqual(2 * day.length);
    // The stray result, its sweeps, and the sweeps after the day's last results that it brings within the replay.
    expect(withStray - withoutStray).toBeLessThanOrEqual(10);
  });

  it('goes unknown when the regions fall silent, at the first sweep after their results go stale', () => {
    const lines = [
      ...REGIONS.map((r) => line(r, '2026-03-15T07:00:00Z')),
      line(REGIONS[0]!, '2026-03-16T07:00:00Z'),
    ];
    const transitions = replay(lines, { regions: REGIONS, policy: POLICY });
    expect(transitions.map((t) => [t.at, `${t.from}→${t.to}`, t.rule])).toEqual([
      ['2026-03-15T07:00:00.000Z', 'unknown→up', 'initial'],
      // Stale from 07:02:30 (2.5 intervals); the sweep is on the minute.
      ['2026-03-15T07:03:00.000Z', 'up→unknown', 'insufficient_votes'],
    ]);
  });
});

describe('replay counts each result once', () => {
  const day = generateHistory({ seed: 21, hours: 3, noise: 0.04, globalOutage: { fromS: 3600, toS: 5400 } });

  it('every line twice or three times decides exactly as every line once', () => {
    const once = replay(day, { regions: REGIONS });
    expect(once.filter((t) => t.audience !== 'ops').map((t) => `${t.from}→${t.to}`)).toEqual([
      'up→down',
      'down→up',
    ]);
    expect(replay([...day, ...day], { regions: REGIONS })).toEqual(once);
    expect(
      replay(
        day.flatMap((l) => [l, l, l]),
        { regions: REGIONS },
      ),
    ).toEqual(once);
  });

  it('the same result written in another zone or with other extra fields is the same result', () => {
    const jakarta = day.map((l) => ({
      ...l,
      checkedAt: new Date(Date.parse(l.checkedAt) + 7 * 3600_000).toISOString().replace('Z', '+07:00'),
    }));
    expect(replay([...day, ...jakarta], { regions: REGIONS })).toEqual(replay(day, { regions: REGIONS }));
  });

  it('refuses the same target, region and time with a different result, naming both lines', () => {
    const lines = [...day.slice(0, 5), { ...day[1]!, status: 'down' as const, reason: 'timeout' as const }];
    const error = (() => {
      try {
        replay(lines, { regions: REGIONS });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConflictingResultsError);
    expect((error as Error).message).toBe(
      'line 6: same target, region and checkedAt as line 2, but a different result',
    );
  });

  it('keeps results of other targets or regions at the same instant apart', () => {
    const t = '2026-03-15T07:00:00.000Z';
    const lines = REGIONS.flatMap((r) => [
      { ...line(r, t), target: 'svc-wsdl' },
      {
        ...line(r, t),
        status: 'maintenance' as const,
        reason: 'maintenance_page' as const,
        target: 'svc-qr',
      },
    ]);
    expect(replay(lines, { regions: REGIONS }).map((x) => `${x.targetId}:${x.to}`)).toEqual([
      'svc-qr:maintenance',
      'svc-wsdl:up',
    ]);
  });
});

describe('ReplayEngine', () => {
  it('refuses results out of time order (its callers sort them)', () => {
    const engine = new ReplayEngine({ regions: REGIONS, policy: POLICY, onTransition: () => {} });
    const record = (line: number, ms: number) => ({
      line,
      ms,
      target: 'target',
      observation: {
        region: REGIONS[0]!,
        checkedAt: new Date(ms).toISOString(),
        status: 'up' as const,
        reason: 'ok' as const,
        detail: '',
        latencyMs: null,
        control: null,
      },
    });
    engine.add(record(1, T0));
    expect(() => engine.add(record(2, T0 - 1))).toThrow(ReplayOrderError);
    expect(engine.evaluationCount).toBe(1);
  });

  it.each([0, -60_000, 0.5, Number.NaN])('refuses a sweep period of %s ms', (sweepEveryMs) => {
    expect(
      () => new ReplayEngine({ regions: REGIONS, policy: POLICY, sweepEveryMs, onTransition: () => {} }),
    ).toThrow(RangeError);
  });
});
