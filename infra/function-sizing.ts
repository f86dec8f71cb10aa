import type { FleetConfig } from '../shared/config/fleet-config.js';

/** Lambda's hard limit on a function's timeout. */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;
/** The control URL check's own deadline (it runs alongside the targets). */
export const CONTROL_CHECK_ALLOWANCE_MS = 5_000;
/** Start-up, the cross-region DynamoDB writes and the metrics flush. */
export const PROBE_MARGIN_MS = 5_000;

/**
 * The probe function's timeout. A run checks every target and the control URL concurrently; the slowest target
 * may need its full deadline twice (the confirming retry) plus the pause between.
 */
export function probeTimeoutSeconds(config: FleetConfig): number {
  const slowestTargetMs = Math.max(...config.targets.map((t) => 2 * t.timeoutMs + t.retryDelayMs));
  const runMs = Math.max(slowestTargetMs, CONTROL_CHECK_ALLOWANCE_MS);
  return Math.min(Math.ceil((runMs + PROBE_MARGIN_MS) / 1000), LAMBDA_MAX_TIMEOUT_SECONDS);
}
