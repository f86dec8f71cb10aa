import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS } from '../../shared/metric-names.js';
import type { ProbeResult } from '../../shared/types.js';

/**
 * Makes `metrics` emit exactly the documented dimensions: Powertools adds a `service` dimension by default,
 * which the dashboard and alarms do not expect.
 */
export function useProbeDimensions(metrics: Metrics, region: string): Metrics {
  metrics.clearDefaultDimensions();
  metrics.setDefaultDimensions({ [METRICS.dimensions.region]: region });
  return metrics;
}

/** One EMF record per target (latency, success, certificate days left), then the run's own figures. */
export function publishProbeMetrics(
  metrics: Metrics,
  results: readonly ProbeResult[],
  written: number,
): void {
  for (const result of results) {
    metrics.addDimension(METRICS.dimensions.target, result.targetId);
    metrics.addMetric(METRICS.probe.latency, MetricUnit.Milliseconds, result.latencyMs);
    const success = result.status === 'up' || result.status === 'degraded' ? 1 : 0;
    metrics.addMetric(METRICS.probe.success, MetricUnit.Count, success);
    if (result.tls !== null)
      metrics.addMetric(METRICS.probe.tlsDaysLeft, MetricUnit.Count, result.tls.daysLeft);
    metrics.publishStoredMetrics();
  }
  const control = results[0]?.control;
  if (control) metrics.addMetric(METRICS.probe.controlFailed, MetricUnit.Count, control.ok ? 0 : 1);
  metrics.addMetric(METRICS.probe.resultsWritten, MetricUnit.Count, written);
  metrics.publishStoredMetrics();
}
