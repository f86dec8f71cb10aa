import type { BundleFigures } from './bundles.js';
import type { DetectionResult, DetectionRun, PooledRun } from './detection/run-detection.js';
import type { TradeOffs } from './detection/trade-offs.js';
import type { HotPathFigures } from './hot-path.js';

/** A section that could not be measured says why instead of holding figures. */
export type Section<T> = T | { readonly error: string };

export function failed<T>(section: Section<T> | undefined): section is { readonly error: string } {
  return section !== undefined && typeof section === 'object' && section !== null && 'error' in section;
}

export interface AggregatorRow {
  readonly regions: number;
  readonly evaluations: number;
  /** DynamoDB requests per evaluation, by command. */
  readonly requestsPerEvaluation: number;
  readonly byCommand: Readonly<Record<string, number>>;
  readonly medianMs: number;
  readonly p95Ms: number;
  /** Evaluations that decide a change of status and publish it (requests: those of the last one). */
  readonly withTransition: {
    readonly evaluations: number;
    readonly requests: number;
    readonly byCommand: Readonly<Record<string, number>>;
    readonly medianMs: number;
  };
}

export interface AggregatorFigures {
  readonly rows: readonly AggregatorRow[];
  /** Least-squares fit of requests per evaluation against regions: requests ≈ slope × regions + intercept. */
  readonly fit: { readonly slope: number; readonly intercept: number; readonly maxResidual: number };
  readonly note: string;
}

export interface TargetCheck {
  readonly id: string;
  readonly description: string;
  readonly target: string;
  readonly actual: string;
  /** `null` when the figure could not be measured. */
  readonly pass: boolean | null;
  /** What the trade-off tables say about the target: whether it can be met, and at what cost. */
  readonly note?: string;
}

export interface BenchResults {
  readonly schema: 1;
  readonly mode: 'full' | 'quick';
  readonly seed: number;
  readonly date: string;
  readonly node: string;
  /** `git rev-parse --short HEAD`, with `+` when the working tree had changes. */
  readonly commit: string | null;
  readonly machine: { readonly platform: string; readonly cpus: number; readonly cpuModel: string };
  readonly wallTimeS: number;
  readonly units: Readonly<Record<string, string>>;
  readonly detection?: Section<
    DetectionResult & {
      readonly days: number;
      readonly intervalS: number;
      /** Full runs: the same policies over more seeds, pooled (events, alerts and flapping hours add up). */
      readonly pooled?: { readonly seeds: readonly number[]; readonly runs: readonly PooledRun[] };
      /** Full runs: our policy under other valid configurations (3 regions, the main seed). */
      readonly variants?: readonly DetectionRun[];
      /** Full runs: the hindsight floor by notification budget and our policy over a sweep of recovery holds. */
      readonly tradeOffs?: TradeOffs;
    }
  >;
  readonly hotPath?: Section<HotPathFigures>;
  readonly aggregator?: Section<AggregatorFigures>;
  readonly bundles?: Section<{ readonly functions: readonly BundleFigures[]; readonly bundling: string }>;
  readonly targets: readonly TargetCheck[];
}

export const UNITS: Readonly<Record<string, string>> = {
  detectS: 'seconds from the start of a global outage or maintenance window to the first alert',
  recoveryS: 'seconds from the end of the event to the all-clear (recovery notice)',
  falseAlerts: 'alerts not overlapping any global event (30 days)',
  missed: 'global outages and maintenance windows of 2 minutes or more without an alert',
  prematureRecoveries: 'all-clears that came before their event ended',
  spurious: 'notifications that no change of the server explains (false alerts, flips and their undoing)',
  notificationsPerFlappingHour: 'notifications (alerts, recoveries, status changes) per hour of flapping',
  wrongMinutes:
    'minutes per 30 days told the wrong status (up vs not up, 5 s after each verdict), outside and inside flapping',
  medianUs: 'microseconds',
  medianMs: 'milliseconds',
  kB: '1000 bytes',
  perSecond: 'completed probes per second',
  requestsPerEvaluation: 'DynamoDB requests (commands sent) per evaluation',
};
