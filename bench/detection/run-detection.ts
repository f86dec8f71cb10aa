import { performance } from 'node:perf_hooks';
import { type PolicyScore, score } from './metrics.js';
import type { PolicyModel } from './policy.js';
import { generateTrace, type Trace } from './trace.js';

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
  readonly globalOutages: number;
  readonly outageMinutes: { readonly min: number; readonly max: number };
  readonly maintenanceWindows: number;
  readonly flappingEpisodes: number;
  readonly regionalOutages: number;
  readonly regionalOutageHours: number;
}

export function summarizeTrace(trace: Trace): TraceSummary {
  const minutes = trace.outages.map((o) => (o.endMs - o.startMs) / 60_000);
  return {
    regions: trace.regions,
    seed: trace.seed,
    days: trace.durationMs / 86_400_000,
    noiseRate: trace.noiseRate,
    globalOutages: trace.outages.length,
    outageMinutes: { min: Math.min(...minutes), max: Math.max(...minutes) },
    maintenanceWindows: trace.maintenance.length,
    flappingEpisodes: trace.flapping.length,
    regionalOutages: trace.regional.length,
    regionalOutageHours: trace.regional.reduce((sum, r) => sum + (r.endMs - r.startMs) / 3_600_000, 0),
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
    const trace = generateTrace({ seed: options.seed, regions: TRACE_REGIONS[count], days: options.days });
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
