import { performance } from 'node:perf_hooks';
import { percentile, round } from '../stats.js';
import { type PolicyScore, score, type WrongMinutes } from './metrics.js';
import type { PolicyModel } from './policy.js';
import { generateTrace, type NoiseModel, type Trace } from './trace.js';

export interface DetectionRun {
  readonly policy: string;
  readonly name: string;
  readonly regions: number;
  /** Probing places the policy uses (regions, checkers, nodes). */
  readonly observers: number;
  readonly score: PolicyScore;
  /** Wall-clock milliseconds the simulation took (not a property of the policy). */
  readonly simulationMs: number;
}

export interface TraceSummary {
  readonly regions: readonly string[];
  readonly seed: number;
  readonly days: number;
  readonly noiseRate: number;
  readonly noise: NoiseModel;
  readonly globalOutages: number;
  readonly outageMinutes: { readonly min: number; readonly max: number };
  readonly maintenanceWindows: number;
  readonly flappingEpisodes: number;
  /** Path outages of our regions (every other location has its own, at the same rate). */
  readonly regionalOutages: number;
  readonly regionalOutageHours: number;
  /** Locations with path outages of their own, ours and the anchors'. */
  readonly locations: number;
}

export function summarizeTrace(trace: Trace): TraceSummary {
  const minutes = trace.outages.map((o) => (o.endMs - o.startMs) / 60_000);
  const ours = trace.regional.filter((r) => trace.regions.includes(r.location));
  return {
    regions: trace.regions,
    seed: trace.seed,
    days: trace.durationMs / 86_400_000,
    noiseRate: trace.noiseRate,
    noise: trace.noise,
    globalOutages: trace.outages.length,
    outageMinutes: { min: Math.min(...minutes), max: Math.max(...minutes) },
    maintenanceWindows: trace.maintenance.length,
    flappingEpisodes: trace.flapping.length,
    regionalOutages: ours.length,
    regionalOutageHours: ours.reduce((sum, r) => sum + (r.endMs - r.startMs) / 3_600_000, 0),
    locations: new Set([...trace.regions, ...trace.regional.map((r) => r.location)]).size,
  };
}

/** The probe regions of the default configuration, extended to five. */
export const TRACE_REGIONS: Readonly<Record<3 | 5, readonly string[]>> = {
  3: ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'],
  5: ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1', 'ap-south-1', 'ap-southeast-2'],
};

export interface DetectionOptions {
  readonly seed: number;
  readonly days: number;
  readonly regionCounts: ReadonlyArray<3 | 5>;
  /** Locations besides our regions that observers probe from (the anchors'). @default [] */
  readonly locations?: readonly string[];
  /** @default 'attempt' */
  readonly noise?: NoiseModel;
  /** The policies to run on a trace (built per trace, so a model may depend on the region count). */
  readonly policies: (trace: Trace) => Promise<PolicyModel[]> | PolicyModel[];
  readonly progress: (line: string) => void;
}

export interface DetectionResult {
  readonly traces: readonly TraceSummary[];
  readonly runs: readonly DetectionRun[];
}

/** Runs every policy over one trace per region count. The same seed gives the same global events. */
export async function runDetection(options: DetectionOptions): Promise<DetectionResult> {
  const traces: TraceSummary[] = [];
  const runs: DetectionRun[] = [];
  for (const count of options.regionCounts) {
    const trace = generateTrace({
      seed: options.seed,
      regions: TRACE_REGIONS[count],
      days: options.days,
      locations: options.locations ?? [],
      noise: options.noise ?? 'attempt',
    });
    traces.push(summarizeTrace(trace));
    for (const policy of await options.policies(trace)) {
      options.progress(`detection: ${policy.name}, ${count} regions, ${options.days} simulated days`);
      const started = performance.now();
      const notifications = await policy.run(trace);
      runs.push({
        policy: policy.id,
        name: policy.name,
        regions: count,
        observers: policy.observers(trace),
        score: score(trace, notifications),
        simulationMs: Math.round(performance.now() - started),
      });
    }
  }
  return { traces, runs };
}

/** One policy's figures pooled over several traces (seeds) of one fleet size. */
export interface PooledRun {
  readonly policy: string;
  readonly name: string;
  readonly regions: number;
  readonly seeds: readonly number[];
  readonly days: number;
  readonly events: number;
  readonly detectS: { readonly p50: number | null; readonly p95: number | null; readonly max: number | null };
  readonly recoveryS: {
    readonly p50: number | null;
    readonly p95: number | null;
    readonly max: number | null;
  };
  readonly falseAlerts: number;
  readonly missed: number;
  readonly prematureRecoveries: number;
  readonly spurious: number;
  readonly notificationsPerFlappingHour: number | null;
  /** Per 30 days, over all the pooled days. */
  readonly wrongMinutes: WrongMinutes;
}

/** Pools runs of the same policy and fleet size: events, alerts and flapping hours add up across seeds. */
export function poolRuns(
  runsBySeed: ReadonlyArray<{ seed: number; days: number; runs: readonly DetectionRun[] }>,
): PooledRun[] {
  const groups = new Map<string, { seeds: number[]; days: number; runs: DetectionRun[] }>();
  for (const { seed, days, runs } of runsBySeed) {
    for (const run of runs) {
      const key = `${run.policy}\u0000${run.regions}`;
      const group = groups.get(key) ?? { seeds: [], days: 0, runs: [] };
      group.seeds.push(seed);
      group.days += days;
      group.runs.push(run);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map(({ seeds, days, runs }) => {
    const first = runs[0] as DetectionRun;
    const events = runs.flatMap((r) => r.score.perEvent);
    const detect = events.flatMap((e) => (e.detectS === null ? [] : [e.detectS]));
    const recovery = events.flatMap((e) => (e.recoveryS === null ? [] : [e.recoveryS]));
    const flappingHours = runs.reduce((sum, r) => sum + r.score.flappingHours, 0);
    const flappingNotifications = runs.reduce((sum, r) => sum + r.score.flappingNotifications, 0);
    const wrongOutside = runs.reduce((sum, run) => sum + run.score.wrongMs.outside, 0);
    const wrongInside = runs.reduce((sum, run) => sum + run.score.wrongMs.inside, 0);
    const r = (v: number | null) => (v === null ? null : round(v));
    return {
      policy: first.policy,
      name: first.name,
      regions: first.regions,
      seeds,
      days,
      events: events.length,
      detectS: {
        p50: r(percentile(detect, 50)),
        p95: r(percentile(detect, 95)),
        max: r(percentile(detect, 100)),
      },
      recoveryS: {
        p50: r(percentile(recovery, 50)),
        p95: r(percentile(recovery, 95)),
        max: r(percentile(recovery, 100)),
      },
      falseAlerts: runs.reduce((sum, run) => sum + run.score.falseAlerts, 0),
      missed: runs.reduce((sum, run) => sum + run.score.missed, 0),
      prematureRecoveries: runs.reduce((sum, run) => sum + run.score.prematureRecoveries, 0),
      spurious: runs.reduce((sum, run) => sum + run.score.spurious, 0),
      notificationsPerFlappingHour:
        flappingHours > 0 ? round(flappingNotifications / flappingHours, 2) : null,
      wrongMinutes: {
        outside: round((wrongOutside / 60_000) * (30 / days)),
        inside: round((wrongInside / 60_000) * (30 / days)),
      },
    };
  });
}
