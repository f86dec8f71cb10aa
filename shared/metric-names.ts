import { DEFAULT_FLEET_NAME } from './config/fleet-config.js';

/**
 * CloudWatch metric names, emitted as EMF by the functions and read by the dashboard and alarms.
 * One list so that a renamed metric cannot silently empty a graph or an alarm.
 */
export const METRICS = {
  /** The namespace of the default fleet; see `metricsNamespace`. */
  namespace: 'EfakturFleet',
  dimensions: { target: 'Target', region: 'Region' },
  probe: {
    /** Milliseconds of the reported attempt; dimensions Target, Region. */
    latency: 'ProbeLatency',
    /** 1 when the target was up or degraded, else 0; dimensions Target, Region. */
    success: 'ProbeSuccess',
    /** Days until the target's TLS certificate expires; dimensions Target, Region. */
    tlsDaysLeft: 'TlsDaysLeft',
    /** 1 when the region's control URL failed (its own network is at fault); dimension Region. */
    controlFailed: 'ControlFailed',
    /** Results written; dimension Region (a region with none for 5 minutes is stale). */
    resultsWritten: 'ResultsWritten',
  },
  aggregator: {
    /** The consensus as a number (see `STATUS_LEVEL`); dimension Target. */
    consensusStatus: 'ConsensusStatus',
    /** Transitions decided; dimension Target. */
    transitions: 'Transitions',
    /** Regions whose latest result was too old to vote; dimension Target. */
    staleRegions: 'StaleRegions',
    /** Transitions not yet confirmed as published (outbox size); dimension Target. */
    notificationsPending: 'NotificationsPending',
    /** Age in seconds of the oldest unpublished transition; dimension Target. */
    oldestPendingSeconds: 'OldestPendingNotificationSeconds',
    /** Publish attempts that failed; dimension Target. */
    notificationFailures: 'NotificationFailures',
    /** Burst confirmations requested; dimension Target. */
    bursts: 'BurstConfirmations',
  },
} as const;

/** Consensus statuses as graphable levels: higher is worse. */
export const STATUS_LEVEL = { up: 0, degraded: 1, unknown: 2, maintenance: 3, down: 4 } as const;

/** The metric namespace of a fleet: `EfakturFleet` for the default one, `EfakturFleet/<name>` for any other. */
export function metricsNamespace(fleetName: string): string {
  return fleetName === DEFAULT_FLEET_NAME ? METRICS.namespace : `${METRICS.namespace}/${fleetName}`;
}
