import { Duration } from 'aws-cdk-lib';

/**
 * Alarm periods by how often their signal comes. A period shorter than the gap between two data points makes an
 * alarm flap (or, with missing data breaching, fire) between them, so each alarm takes the period of its source:
 * - probe cadence (results written, probe runs, stream records, dead letters): `probeCadencePeriod(interval)`;
 * - sweep cadence (the consensus runs every minute whatever the probe interval): minutes, `SWEEP_PERIOD`;
 * - events that may never happen (a failed delivery, a failed request): `EVENT_PERIOD`, missing data is fine.
 */
export const SWEEP_PERIOD = Duration.minutes(1);
export const EVENT_PERIOD = Duration.minutes(5);

/** Two probe intervals in whole minutes, at least five: a healthy region always writes within one period. */
export function probeCadencePeriod(intervalSeconds: number): Duration {
  return Duration.seconds(Math.max(300, Math.ceil((2 * intervalSeconds) / 60) * 60));
}
