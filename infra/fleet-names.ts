import { DEFAULT_FLEET_NAME } from '../shared/config/fleet-config.js';
import { metricsNamespace } from '../shared/metric-names.js';

/** The table of the default fleet keeps the name it had before fleets had names (its history stays in place). */
const DEFAULT_FLEET_TABLE = 'efaktur-probe-fleet';

/** `efaktur-fleet` → `EfakturFleet`: unique per fleet name, since each hyphen is followed by a letter. */
export function pascalCase(fleetName: string): string {
  return fleetName
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** Every deterministic name of one fleet. */
export interface FleetNames {
  readonly fleetName: string;
  /** Construct ids (= CloudFormation stack names) of the stacks, for `cdk deploy <stack>`. */
  readonly stacks: { readonly home: string; readonly probe: (region: string) => string };
  /** The home table; probe stacks in other regions build its ARN from this name. */
  readonly table: string;
  readonly dashboard: string;
  /** The probe function of one region; the aggregator invokes it by this name for a burst confirmation. */
  readonly probeFunction: (region: string) => string;
  /** The probe's log group in one region; the dashboard queries it from the home region. */
  readonly probeLogGroup: (region: string) => string;
  /** The probe's dead-letter queue, named alike in every probe region, for the dashboard to graph from home. */
  readonly probeDeadLetterQueue: string;
  /** The name of an alarm: the fleet name, then what it watches. */
  readonly alarm: (what: string) => string;
  /** The CloudWatch namespace of the fleet's own metrics. */
  readonly metricsNamespace: string;
}

/**
 * Deterministic physical names, all derived from the fleet's name, so that two fleets (production and staging)
 * share no name in one account. Probe stacks in other regions build the ARNs they need from these names (with
 * the partition and account of their own stack): no stack exports, no cross-region references. The default fleet
 * keeps the stack names, table, alarm names and metric namespace of earlier releases.
 */
export function fleetNames(fleetName: string): FleetNames {
  const pascal = pascalCase(fleetName);
  return {
    fleetName,
    stacks: { home: `${pascal}Home`, probe: (region) => `${pascal}Probe-${region}` },
    table: fleetName === DEFAULT_FLEET_NAME ? DEFAULT_FLEET_TABLE : fleetName,
    dashboard: fleetName,
    probeFunction: (region) => `${fleetName}-probe-${region}`,
    probeLogGroup: (region) => `/${fleetName}/probe-${region}`,
    probeDeadLetterQueue: `${fleetName}-probe-dead-letters`,
    alarm: (what) => `${fleetName}-${what}`,
    metricsNamespace: metricsNamespace(fleetName),
  };
}

/** Where the handlers live, relative to the repository root. */
export const FUNCTION_ENTRIES = {
  probe: 'functions/probe/handler.ts',
  aggregator: 'functions/aggregator/handler.ts',
  api: 'functions/api/handler.ts',
} as const;
