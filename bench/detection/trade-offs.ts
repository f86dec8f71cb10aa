import { parseFleetConfig } from '../../shared/config/fleet-config.js';
import { fleet } from './policies/fleet.js';
import { hindsight } from './policies/hindsight.js';
import type { PolicyModel } from './policy.js';
import { type DetectionRun, type PooledRun, poolRuns, runDetection } from './run-detection.js';

/**
 * Notification budgets per flapping hour for which the floor is computed. Odd budgets tell nothing the even budget
 * below does not (an odd count ends an episode told down, while its tail is up), except the target's own 3.
 */
export const FLOOR_BUDGETS: readonly number[] = [2, 3, 4, 6, 8, 10, 12, 16];

/** The two holds of our recovery rule that trade messages for time, and the values swept for each. */
export const HOLD_SWEEPS = {
  /** After a short outage (the default is 90 s; outages of 10 minutes or more still end once every region is back). */
  recoveryHoldSeconds: [60, 90, 120, 150, 180, 240, 300],
  /** While flapping (the default is 900 s). */
  'flapDamping.recoveryHoldSeconds': [300, 450, 600, 900],
} as const satisfies Record<string, readonly number[]>;

export type HoldSetting = keyof typeof HOLD_SWEEPS;

const FLOOR_PREFIX = 'floor:';
const HOLD_PREFIX = 'fleet:';
/** Our default configuration, when the sweeps have to run it themselves. */
const DEFAULT_ID = `${HOLD_PREFIX}default`;

export interface FloorRow {
  /** At most this many notifications per flapping episode (each lasts an hour). */
  readonly budget: number;
  /** Notifications per flapping hour the best placement actually uses. */
  readonly used: number | null;
  /** The fewest minutes per 30 days any monitor with this budget is told the wrong status inside flapping. */
  readonly wrongInside: number;
  /** The same on the main seed alone. */
  readonly wrongInsideMain: number;
}

export interface HoldRow {
  readonly setting: HoldSetting;
  readonly seconds: number;
  /** The shipped default of the setting. */
  readonly isDefault: boolean;
  readonly run: PooledRun;
}

/** The shipped defaults of the swept settings. */
function defaultHolds(): Record<HoldSetting, number> {
  const { policy } = parseFleetConfig({});
  return {
    recoveryHoldSeconds: policy.recoveryHoldSeconds,
    'flapDamping.recoveryHoldSeconds': policy.flapDamping.recoveryHoldSeconds,
  };
}

export interface TradeOffs {
  readonly seeds: readonly number[];
  readonly days: number;
  /** Hindsight (not a monitor): the floor of minutes told wrong inside flapping, by notification budget. */
  readonly floor: readonly FloorRow[];
  /** Our policy with other holds, one setting changed at a time, pooled over the seeds. */
  readonly holds: readonly HoldRow[];
}

export interface TradeOffOptions {
  /** The main seed first. */
  readonly seeds: readonly number[];
  readonly days: number;
  /** The locations the main runs' traces were generated with, so that these traces are the same ones. */
  readonly locations: readonly string[];
  readonly budgets?: readonly number[];
  readonly sweeps?: Partial<Record<HoldSetting, readonly number[]>>;
  /**
   * Our default configuration pooled over the same seeds and traces, when already measured: every swept default is
   * that run, not run again. Without it the default runs once, however many sweeps include it.
   */
  readonly defaultRun?: PooledRun;
  readonly progress: (line: string) => void;
}

type Sweeps = Partial<Record<HoldSetting, readonly number[]>>;

function sweptSettings(sweeps: Sweeps): Array<[HoldSetting, readonly number[]]> {
  return Object.entries(sweeps) as Array<[HoldSetting, readonly number[]]>;
}

function holdPolicy(setting: HoldSetting, seconds: number): PolicyModel {
  const policy =
    setting === 'recoveryHoldSeconds'
      ? { recoveryHoldSeconds: seconds }
      : { flapDamping: { recoveryHoldSeconds: seconds } };
  return fleet({ label: `${setting} ${seconds}`, config: { policy } });
}

function policies(
  budgets: readonly number[],
  sweeps: Sweeps,
  defaults: Record<HoldSetting, number>,
  runDefault: boolean,
): PolicyModel[] {
  return [
    ...sweptSettings(sweeps).flatMap(([setting, values]) =>
      values
        .filter((seconds) => seconds !== defaults[setting])
        .map((seconds) => holdPolicy(setting, seconds)),
    ),
    ...(runDefault ? [{ ...fleet(), id: DEFAULT_ID }] : []),
    ...budgets.map((budget) => ({ ...hindsight(budget), id: `${FLOOR_PREFIX}${budget}` })),
  ];
}

/** The rows of the sweeps in their order; a setting's default is the default configuration's run. */
function holdRows(
  sweeps: Sweeps,
  pooled: readonly PooledRun[],
  defaults: Record<HoldSetting, number>,
  defaultRun: PooledRun | undefined,
): HoldRow[] {
  const byId = new Map(pooled.map((run) => [run.policy, run]));
  return sweptSettings(sweeps).flatMap(([setting, values]) =>
    values.flatMap((seconds) => {
      const isDefault = seconds === defaults[setting];
      const run = isDefault
        ? (defaultRun ?? byId.get(DEFAULT_ID))
        : byId.get(`${HOLD_PREFIX}${setting} ${seconds}`);
      return run === undefined ? [] : [{ setting, seconds, isDefault, run }];
    }),
  );
}

function floorRows(pooled: readonly PooledRun[], main: readonly DetectionRun[]): FloorRow[] {
  return pooled
    .filter((r) => r.policy.startsWith(FLOOR_PREFIX))
    .map((r) => {
      const budget = Number(r.policy.slice(FLOOR_PREFIX.length));
      const own = main.find((m) => m.policy === r.policy);
      return {
        budget,
        used: r.notificationsPerFlappingHour,
        wrongInside: r.wrongMinutes.inside,
        wrongInsideMain: own?.score.wrongMinutes.inside ?? Number.NaN,
      };
    })
    .sort((a, b) => a.budget - b.budget);
}

/**
 * What the flapping targets cost, on the same traces as the main runs (3 regions): the hindsight floor by
 * notification budget, and our policy over a sweep of recovery holds. Both pooled over the seeds.
 */
export async function measureTradeOffs(options: TradeOffOptions): Promise<TradeOffs> {
  const budgets = options.budgets ?? FLOOR_BUDGETS;
  const sweeps = options.sweeps ?? HOLD_SWEEPS;
  const defaults = defaultHolds();
  const runDefault =
    options.defaultRun === undefined &&
    sweptSettings(sweeps).some(([setting, values]) => values.includes(defaults[setting]));
  const bySeed: Array<{ seed: number; days: number; runs: readonly DetectionRun[] }> = [];
  for (const seed of options.seeds) {
    const result = await runDetection({
      seed,
      days: options.days,
      regionCounts: [3],
      locations: options.locations,
      policies: () => policies(budgets, sweeps, defaults, runDefault),
      progress: (line) => options.progress(`trade-offs: ${line}, seed ${seed}`),
    });
    bySeed.push({ seed, days: options.days, runs: result.runs });
  }
  const pooled = poolRuns(bySeed);
  return {
    seeds: options.seeds,
    days: options.days * options.seeds.length,
    floor: floorRows(pooled, bySeed[0]?.runs ?? []),
    holds: holdRows(sweeps, pooled, defaults, options.defaultRun),
  };
}
