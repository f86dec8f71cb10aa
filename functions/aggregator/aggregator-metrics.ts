import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EvaluationReport } from '../../shared/consensus/evaluate-target.js';
import { METRICS, STATUS_LEVEL } from '../../shared/metric-names.js';

/** Makes `metrics` emit exactly the documented dimensions (Powertools adds `service` by default). */
export function useAggregatorDimensions(metrics: Metrics): Metrics {
  metrics.clearDefaultDimensions();
  return metrics;
}

/** One EMF record per evaluated target, with the Target dimension the dashboard and alarms read. */
export function publishEvaluationMetrics(metrics: Metrics, report: EvaluationReport): void {
  const m = METRICS.aggregator;
  metrics.addDimension(METRICS.dimensions.target, report.targetId);
  metrics.addMetric(m.consensusStatus, MetricUnit.NoUnit, STATUS_LEVEL[report.status]);
  metrics.addMetric(m.transitions, MetricUnit.Count, report.transitions.length);
  metrics.addMetric(m.staleRegions, MetricUnit.Count, report.staleRegions.length);
  metrics.addMetric(m.notificationsPending, MetricUnit.Count, report.delivery.pending);
  metrics.addMetric(m.oldestPendingSeconds, MetricUnit.Seconds, report.delivery.oldestPendingSeconds);
  metrics.addMetric(m.notificationFailures, MetricUnit.Count, report.delivery.failures.length);
  metrics.addMetric(m.bursts, MetricUnit.Count, report.burst === null ? 0 : 1);
  metrics.publishStoredMetrics();
}
