/**
 * Deterministic physical names. Probe stacks in other regions build the ARNs they need from these names
 * (with the partition and account of their own stack), so no stack exports or cross-region references exist.
 */
export const FLEET_NAMES = {
  /** The home table. */
  table: 'efaktur-probe-fleet',
  /** The CloudWatch dashboard in the home region. */
  dashboard: 'efaktur-probe-fleet',
  /** The probe function of one region. */
  probeFunction: (region: string) => `efaktur-probe-${region}`,
} as const;

/** Construct ids of the stacks, stable so that `cdk deploy <stack>` commands in the README keep working. */
export const STACK_IDS = {
  home: 'EfakturFleetHome',
  probe: (region: string) => `EfakturFleetProbe-${region}`,
} as const;

/** Where the handlers live, relative to the repository root. */
export const FUNCTION_ENTRIES = {
  probe: 'functions/probe/handler.ts',
  aggregator: 'functions/aggregator/handler.ts',
  api: 'functions/api/handler.ts',
} as const;
