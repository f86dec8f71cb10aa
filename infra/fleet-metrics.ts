import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS } from '../shared/metric-names.js';

export interface FleetMetricOptions {
  readonly statistic: string;
  /** @default 1 minute */
  readonly period?: Duration;
  /** The region the metric is emitted in (dashboards read other regions; alarms cannot). */
  readonly region?: string;
  readonly label?: string;
}

type ProbeMetric = (typeof METRICS.probe)[keyof typeof METRICS.probe];
type AggregatorMetric = (typeof METRICS.aggregator)[keyof typeof METRICS.aggregator];

function metric(
  namespace: string,
  name: string,
  dimensionsMap: Record<string, string>,
  options: FleetMetricOptions,
): Metric {
  return new Metric({
    namespace,
    metricName: name,
    dimensionsMap,
    statistic: options.statistic,
    period: options.period ?? Duration.minutes(1),
    region: options.region,
    label: options.label,
  });
}

/** The fleet's own metrics (EMF, in the fleet's namespace, see `metricsNamespace`), by the names the functions emit. */
export const fleetMetrics = (namespace: string) => ({
  /** A probe metric of one target seen from one region (emitted in that region). */
  probeTarget: (name: ProbeMetric, targetId: string, region: string, options: FleetMetricOptions): Metric =>
    metric(
      namespace,
      name,
      { [METRICS.dimensions.target]: targetId, [METRICS.dimensions.region]: region },
      { region, ...options },
    ),
  /** A probe metric of a whole region (`ControlFailed`, `ResultsWritten`). */
  probeRegion: (name: ProbeMetric, region: string, options: FleetMetricOptions): Metric =>
    metric(namespace, name, { [METRICS.dimensions.region]: region }, { region, ...options }),
  /** An aggregator metric of one target (emitted in the home region). */
  aggregator: (name: AggregatorMetric, targetId: string, options: FleetMetricOptions): Metric =>
    metric(namespace, name, { [METRICS.dimensions.target]: targetId }, options),
});
