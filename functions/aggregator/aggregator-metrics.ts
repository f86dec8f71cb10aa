import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { GroupEvaluationReport } from '../../shared/consensus/evaluate-group.js';
import type { EvaluationReport } from '../../shared/consensus/evaluate-target.js';
import { METRICS } from '../../shared/metric-names.js';

/**
 * Makes `metrics` emit exactly the documented dimension, `Fleet` (Powertools adds `service` by default); local mode
 * passes no fleet name and its metrics are discarded.
 */
export function useAggregatorDimensions(metrics: Metrics, fleetName?: string): Metrics {
  metrics.clearDefaultDimensions();
  if (fleetName !== undefined) metrics.setDefaultDimensions({ [METRICS.fleetDimension]: fleetName });
  return metrics;
}

/** The fleet-wide figures of one sweep (see `METRICS.aggregator`). */
export interface SweepFigures {
  readonly staleRegions: number;
  readonly unknownTargets: number;
  readonly oldestPendingSeconds: number;
}

/** The figures of a sweep; a group's unsent alerts count as a target's (one alarm for every alert left unsent). */
export function sweepFigures(
  reports: readonly EvaluationReport[],
  groups: readonly GroupEvaluationReport[] = [],
): SweepFigures {
  return {
    staleRegions: Math.max(0, ...reports.map((r) => r.staleRegions.length)),
    unknownTargets: reports.filter((r) => r.status === 'unknown').length,
    oldestPendingSeconds: Math.max(
      0,
      ...reports.map((r) => r.delivery.oldestPendingSeconds),
      ...groups.map((r) => r.delivery.oldestPendingSeconds),
    ),
  };
}

/**
 * One EMF record per sweep, with the `Fleet` dimension only: three custom metrics for the whole fleet, whatever its targets and
 * regions. Which target and region is in the sweep's log lines (`consensus`), which the dashboard queries.
 */
export function publishSweepMetrics(
  metrics: Metrics,
  reports: readonly EvaluationReport[],
  groups: readonly GroupEvaluationReport[] = [],
): SweepFigures {
  const m = METRICS.aggregator;
  const figures = sweepFigures(reports, groups);
  metrics.addMetric(m.staleRegions, MetricUnit.Count, figures.staleRegions);
  metrics.addMetric(m.unknownTargets, MetricUnit.Count, figures.unknownTargets);
  metrics.addMetric(m.oldestPendingSeconds, MetricUnit.Seconds, figures.oldestPendingSeconds);
  metrics.publishStoredMetrics();
  return figures;
}
