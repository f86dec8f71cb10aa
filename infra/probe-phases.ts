import { ConfigError } from '../shared/config/fleet-config.js';

/** Where one region's runs sit, and when its schedule ticks to plan them (see `planTick`). */
export interface ProbePhase {
  /** floor(index × interval / regions): the offset of this region's runs within each interval. */
  readonly phaseSeconds: number;
  readonly intervalSeconds: number;
  /** The runs' offsets within each hour, in seconds. */
  readonly runOffsets: readonly number[];
  /**
   * The cron minutes field (UTC) of the tick schedule: the minute before each minute that holds a run, so that a
   * tick fired at any second of its minute still plans its runs ahead of time.
   */
  readonly tickMinutes: string;
}

const HOUR = 3600;

/** `*`, `m/step` or a comma list: the shortest cron minutes field for a set of minutes. */
function minutesField(minutes: ReadonlySet<number>): string {
  const sorted = [...minutes].sort((a, b) => a - b);
  if (sorted.length === 60) return '*';
  const step = sorted.length > 1 ? sorted[1]! - sorted[0]! : 60;
  const regular =
    60 % step === 0 && sorted.length === 60 / step && sorted.every((m, i) => m === sorted[0]! + i * step);
  if (regular) return sorted.length === 1 ? `${sorted[0]}` : `${sorted[0]}/${step}`;
  return sorted.join(',');
}

/**
 * The staggered phase of probe region `index` of `count`. Runs are placed on the clock (`phase + k·interval`
 * within each hour), so intervals must divide an hour; other intervals are a configuration error.
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
  const phaseSeconds = Math.floor((index * intervalSeconds) / count);
  const runOffsets: number[] = [];
  for (let offset = phaseSeconds; offset < HOUR; offset += intervalSeconds) runOffsets.push(offset);
  const ticks = new Set(runOffsets.map((o) => (Math.floor(o / 60) + 59) % 60));
  return { phaseSeconds, intervalSeconds, runOffsets, tickMinutes: minutesField(ticks) };
}
