import { type FleetConfig, parseFleetConfig } from '../../shared/config/fleet-config.js';
import type { SvcSimulator } from '../simulator/svc-simulator.js';

/** Recovery hold of the demo, in probe intervals: long enough to see the hold, short enough to finish in time. */
export const DEMO_RECOVERY_HOLD_INTERVALS = 3;

/**
 * The demo's configuration: the base's regions, locale, channels and policy, the two SVC targets on the simulator, its control
 * URL, the demo's interval, short probe timeouts and a recovery hold of a few intervals.
 */
export function demoConfig(base: FleetConfig, simulator: SvcSimulator, intervalSeconds: number): FleetConfig {
  const bounds = { timeoutMs: 2000, degradedAfterMs: 1500, retryDelayMs: 500 };
  return parseFleetConfig({
    homeRegion: base.homeRegion,
    probeRegions: base.probeRegions,
    locale: base.locale,
    probeIntervalSeconds: intervalSeconds,
    controlUrl: simulator.controlUrl,
    targets: [
      {
        id: 'svc-wsdl',
        name: 'e-Faktur SVC (simulated)',
        url: simulator.wsdlUrl,
        check: 'efaktur-wsdl',
        ...bounds,
      },
      {
        id: 'svc-qr',
        name: 'e-Faktur QR validation (simulated)',
        url: simulator.qrUrl,
        check: 'efaktur-qr-validation',
        ...bounds,
      },
    ],
    policy: { ...base.policy, recoveryHoldSeconds: DEMO_RECOVERY_HOLD_INTERVALS * intervalSeconds },
    resultRetentionDays: base.resultRetentionDays,
    channels: base.channels,
    ...(base.statusUrl !== undefined && { statusUrl: base.statusUrl }),
  });
}
