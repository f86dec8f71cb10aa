import type { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * Prepares `metrics` for a probe. The probe emits no custom metric: each would be billed once per target and
 * region (US$0.30 a month each). What a region sees is in the probe's `probe result` log lines, which the
 * dashboard queries, and a silent region shows in the home region's `StaleRegions`.
 */
export function useProbeDimensions(metrics: Metrics, _region: string): Metrics {
  metrics.clearDefaultDimensions();
  return metrics;
}
