import { DEFAULT_FLEET_NAME } from './config/fleet-config.js';

/**
 * CloudWatch metric names, emitted as EMF by the functions and read by the dashboard and alarms.
 * One list so that a renamed metric cannot silently empty a graph or an alarm.
 *
 * Every custom metric is fleet-wide (one dimension, `Fleet`, whose value is the fleet's name): each costs the same
 * whatever the number of targets and regions; per-target and per-region detail is in the structured logs the
 * dashboard queries.
 */
export const METRICS = {
  /** The namespace of the default fleet; see `metricsNamespace`. */
  namespace: 'EfakturFleet',
  /** The one dimension of every metric: the fleet's name (an EMF record needs a dimension set). */
  fleetDimension: 'Fleet',
  aggregator: {
    /** The most regions that did not vote on any one target, at a sweep. */
    staleRegions: 'StaleRegions',
    /** Targets whose consensus was `unknown` (too few regions vote), at a sweep. */
    unknownTargets: 'UnknownTargets',
    /** Age in seconds of the oldest unpublished transition of any target, at a sweep (0: none waits). */
    oldestPendingSeconds: 'OldestPendingNotificationSeconds',
  },
} as const;

export type AggregatorMetric = (typeof METRICS.aggregator)[keyof typeof METRICS.aggregator];

/** A custom metric the code emits, as CloudWatch bills it: one metric per name and set of dimension values. */
export interface EmittedMetric {
  readonly name: AggregatorMetric;
  /** The function that emits it, in its region (the aggregator: the home region). */
  readonly emitter: 'aggregator';
  /** Dimension names (`Fleet` only: one metric in the fleet). */
  readonly dimensions: readonly string[];
  /** When it is emitted. */
  readonly when: 'sweep';
}

/**
 * Every custom metric the functions emit. The handlers emit exactly these (a test compares them), and `npm run
 * cost` bills exactly these, so the estimate cannot drift from the code.
 */
export const EMITTED_METRICS: readonly EmittedMetric[] = Object.values(METRICS.aggregator).map((name) => ({
  name,
  emitter: 'aggregator',
  dimensions: [METRICS.fleetDimension],
  when: 'sweep',
}));

/** Consensus statuses as levels: higher is worse (the logs' `level`, the dashboard's order). */
export const STATUS_LEVEL = { up: 0, degraded: 1, unknown: 2, maintenance: 3, down: 4 } as const;

/** The metric namespace of a fleet: `EfakturFleet` for the default one, `EfakturFleet/<name>` for any other. */
export function metricsNamespace(fleetName: string): string {
  return fleetName === DEFAULT_FLEET_NAME ? METRICS.namespace : `${METRICS.namespace}/${fleetName}`;
}
