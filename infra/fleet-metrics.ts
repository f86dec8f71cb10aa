import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { type AggregatorMetric, METRICS } from '../shared/metric-names.js';

export interface FleetMetricOptions {
  readonly statistic: string;
  /** @default 1 minute */
  readonly period?: Duration;
  readonly label?: string;
}

/** The fleet's own metrics (EMF, in the fleet's namespace, see `metricsNamespace`), by the names the functions emit. */
export const fleetMetrics = (namespace: string, fleetName: string) => ({
  /** A fleet-wide aggregator metric (emitted in the home region at each sweep, dimension `Fleet` only). */
  aggregator: (name: AggregatorMetric, options: FleetMetricOptions): Metric =>
    new Metric({
      namespace,
      metricName: name,
      dimensionsMap: { [METRICS.fleetDimension]: fleetName },
      statistic: options.statistic,
      period: options.period ?? Duration.minutes(1),
      label: options.label,
    }),
});
