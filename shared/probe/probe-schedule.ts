import * as z from 'zod/mini';
import '../validation/zod.js';

/**
 * The phase mechanism. EventBridge Scheduler fires a cron schedule anywhere within its minute, so it cannot place
 * a run on a second. Instead the schedule sends a *tick* for minute F (its scheduled time, exact to the minute)
 * whatever second it fires at; the tick enqueues one *run* message for each of the region's run times in the next
 * minute, [F+60 s, F+120 s), with the SQS delivery delay that makes it arrive then. Runs thus start at their phase
 * to within about a second (SQS delays are whole seconds), cost nothing while they wait, and keep their spacing
 * for intervals under a minute. Intervals divide an hour, so run times are `phase + k·interval` on the clock.
 */
export interface TickMessage {
  readonly source: 'tick';
  /** The minute the schedule fired for (Scheduler's `scheduled-time`), ISO 8601. */
  readonly scheduledTime: string;
  /** The region's offset within each interval, in seconds. */
  readonly phaseSeconds: number;
  readonly intervalSeconds: number;
}

/** One probe run, delivered by SQS at (about) `runAt`. */
export interface RunMessage {
  readonly source: 'run';
  readonly runAt: string;
}

const isoInstant = z.string().check(
  z.refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
      !Number.isNaN(Date.parse(s)),
    {
      error: 'must be an ISO 8601 time with a zone',
    },
  ),
);

export const tickMessageSchema = z.strictObject({
  source: z.literal('tick'),
  scheduledTime: isoInstant,
  phaseSeconds: z.int().check(z.gte(0), z.lt(3600)),
  intervalSeconds: z.int().check(z.gte(1), z.lte(3600)),
});

export const runMessageSchema = z.strictObject({ source: z.literal('run'), runAt: isoInstant });

/** SQS holds a message back for at most this long. */
export const SQS_MAX_DELAY_SECONDS = 900;

/** A run to enqueue: when it should start and the SQS delay that gets it there from `now`. */
export interface PlannedRun {
  readonly runAt: string;
  readonly delaySeconds: number;
}

/** What a tick asks for: the runs to enqueue, and those it was too late for (skipped, each with its lateness). */
export interface TickPlan {
  readonly runs: readonly PlannedRun[];
  readonly missed: readonly { readonly runAt: string; readonly lateMs: number }[];
}

/**
 * The runs of a tick (pure; the clock is `now`): every `t` in [F+60 s, F+120 s) with `t ≡ phase (mod interval)`.
 * A run whose time has passed (a tick delivered very late) still runs at once while less than half an interval
 * late; later than that the next tick's runs come sooner, so it is skipped.
 */
export function planTick(tick: TickMessage, now: Date): TickPlan {
  const minuteStart = Math.floor(Date.parse(tick.scheduledTime) / 60_000) * 60_000 + 60_000;
  const intervalMs = tick.intervalSeconds * 1000;
  const phaseMs = (tick.phaseSeconds * 1000) % intervalMs;
  const first = minuteStart + ((((phaseMs - minuteStart) % intervalMs) + intervalMs) % intervalMs);
  const runs: PlannedRun[] = [];
  const missed: { runAt: string; lateMs: number }[] = [];
  for (let t = first; t < minuteStart + 60_000; t += intervalMs) {
    const runAt = new Date(t).toISOString();
    const waitMs = t - now.getTime();
    if (waitMs >= 0) {
      runs.push({ runAt, delaySeconds: Math.min(SQS_MAX_DELAY_SECONDS, Math.ceil(waitMs / 1000)) });
    } else if (-waitMs < intervalMs / 2) {
      runs.push({ runAt, delaySeconds: 0 });
    } else {
      missed.push({ runAt, lateMs: -waitMs });
    }
  }
  return { runs, missed };
}

/** Where a run actually started against its planned time, in milliseconds (positive: late). */
export function phaseDriftMs(runAt: string, startedAt: Date): number {
  return startedAt.getTime() - Date.parse(runAt);
}
