import { ConfigError } from '../shared/config/fleet-config.js';

/** One probe run of a region per schedule period: when the schedule fires and how long SQS holds the message. */
export interface ProbeSlot {
  /** The cron minutes field (UTC), e.g. `*` (every minute) or `2/3` (every 3 minutes from minute 2). */
  readonly minuteField: string;
  /** Seconds SQS delays the message after the schedule fired (SQS allows 0–900; always < 60 here). */
  readonly delaySeconds: number;
  /** Offset of this run from the start of the schedule period, in seconds. */
  readonly offsetSeconds: number;
}

export interface ProbePhase {
  /** floor(index × interval / regions): where this region's runs sit within each interval. */
  readonly phaseSeconds: number;
  /** Length of the cron period, a whole number of minutes dividing an hour. */
  readonly periodSeconds: number;
  readonly slots: readonly ProbeSlot[];
}

const HOUR = 3600;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The staggered phase of probe region `index` of `count`. Schedules fire on whole minutes (cron, UTC) and the
 * sub-minute remainder of the phase is an SQS delivery delay, which costs nothing while it waits. Intervals that
 * do not divide an hour would drift against the clock, so they are rejected.
 */
export function probePhase(intervalSeconds: number, index: number, count: number): ProbePhase {
  if (!Number.isInteger(intervalSeconds) || intervalSeconds <= 0 || HOUR % intervalSeconds !== 0) {
    throw new ConfigError([
      `probeIntervalSeconds: ${intervalSeconds} does not divide an hour (3600 s); probes are scheduled on the ` +
        'clock, so use a divisor of 3600 such as 10, 15, 30, 60, 120, 300, 600 or 3600',
    ]);
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`region index ${index} is outside 0..${count - 1}`);
  }
  const periodSeconds = (intervalSeconds * 60) / gcd(intervalSeconds, 60);
  const periodMinutes = periodSeconds / 60;
  const phaseSeconds = Math.floor((index * intervalSeconds) / count);
  const slots: ProbeSlot[] = [];
  for (let offset = phaseSeconds; offset < periodSeconds; offset += intervalSeconds) {
    const minute = Math.floor(offset / 60);
    const minuteField =
      periodMinutes === 1 ? '*' : periodMinutes === 60 ? `${minute}` : `${minute}/${periodMinutes}`;
    slots.push({ minuteField, delaySeconds: offset % 60, offsetSeconds: offset });
  }
  return { phaseSeconds, periodSeconds, slots };
}
