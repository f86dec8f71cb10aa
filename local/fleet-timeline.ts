/** Cancels a task that has not started yet. */
export type Cancel = () => void;

/** Work the timeline runs; it handles its own errors (a real timer has nobody to report a rejection to). */
export type TimelineTask = () => Promise<void>;

/**
 * When the local fleet's work runs and what time every clock of the fleet reads: real timers (the CLI), or a
 * `DrivenTimeline` that runs nothing until its caller advances it, so tests assert on time they control.
 */
export interface FleetTimeline {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `task` at `dueMs`, or at once when that has passed. */
  at(dueMs: number, task: TimelineTask, label?: string): Cancel;
  /** Runs `task` now (a driven timeline: as its next event). */
  soon(task: TimelineTask, label?: string): void;
  /** Runs `task` every `periodMs`, the first time one period from now. */
  every(periodMs: number, task: TimelineTask, label?: string): Cancel;
}

/** The wall clock and Node's timers. */
export const realTimeline: FleetTimeline = {
  now: () => Date.now(),
  at: (dueMs, task) => {
    const timer = setTimeout(() => void task(), Math.max(0, dueMs - Date.now()));
    return () => clearTimeout(timer);
  },
  soon: (task) => void task(),
  every: (periodMs, task) => {
    const timer = setInterval(() => void task(), periodMs);
    return () => clearInterval(timer);
  },
};

/** One `advance` ran more events than it allows: something keeps scheduling work without end. */
export class TimelineOverrunError extends Error {
  constructor(
    readonly events: number,
    readonly atMs: number,
  ) {
    super(`more than ${events} events in one advance (reached ${new Date(atMs).toISOString()})`);
    this.name = 'TimelineOverrunError';
  }
}

/** `advance` was called while another advance of the same timeline was still running. */
export class TimelineBusyError extends Error {
  constructor() {
    super('the timeline is already advancing: await the previous advance first');
    this.name = 'TimelineBusyError';
  }
}

interface TimelineEvent {
  readonly dueMs: number;
  readonly label: string;
  readonly sequence: number;
  readonly task: TimelineTask;
}

export interface DrivenTimelineOptions {
  /** The time the timeline starts at (a fixed date makes every timestamp of a test reproducible). */
  readonly startMs: number;
  /** Events one `advance` may run before it fails with `TimelineOverrunError`. @default 100 000 */
  readonly maxEventsPerAdvance?: number;
}

/**
 * A discrete-event clock: `advance(ms)` runs every task due by then, one at a time in time order, awaiting each
 * completely before the next. Tasks due together run by label, then as scheduled, each a millisecond after the
 * one before: no two events share a timestamp, as a probe result's key and a state's `evaluatedAt` require.
 */
export class DrivenTimeline implements FleetTimeline {
  private current: number;
  private lastRunMs = Number.NEGATIVE_INFINITY;
  private sequence = 0;
  private queue: TimelineEvent[] = [];
  private advancing = false;
  private readonly maxEvents: number;

  constructor(options: DrivenTimelineOptions) {
    this.current = options.startMs;
    this.maxEvents = options.maxEventsPerAdvance ?? 100_000;
  }

  now(): number {
    return this.current;
  }

  at(dueMs: number, task: TimelineTask, label = ''): Cancel {
    if (!Number.isFinite(dueMs)) throw new RangeError(`a task cannot be due at ${dueMs}`);
    const event: TimelineEvent = { dueMs, label, sequence: ++this.sequence, task };
    this.queue.push(event);
    this.queue.sort(byDue);
    return () => {
      this.queue = this.queue.filter((e) => e !== event);
    };
  }

  soon(task: TimelineTask, label = ''): void {
    this.at(this.current, task, label);
  }

  every(periodMs: number, task: TimelineTask, label = ''): Cancel {
    if (!(periodMs > 0)) throw new RangeError(`a period must be positive, not ${periodMs}`);
    const start = this.current;
    let cancel: Cancel = () => {};
    const schedule = (k: number) => {
      cancel = this.at(
        start + k * periodMs,
        async () => {
          schedule(k + 1);
          await task();
        },
        label,
      );
    };
    schedule(1);
    // The next run is scheduled as each one starts, so this always cancels the one to come.
    return () => cancel();
  }

  /** Tasks waiting to run. */
  pending(): number {
    return this.queue.length;
  }

  /** Runs every task due within `ms` from now, in time order; the time is then now + `ms`. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`cannot advance by ${ms} ms`);
    if (this.advancing) throw new TimelineBusyError();
    this.advancing = true;
    try {
      const target = this.current + ms;
      let ran = 0;
      for (;;) {
        const next = this.queue[0];
        if (next === undefined) break;
        const runAt = Math.max(next.dueMs, this.current, this.lastRunMs + 1);
        if (runAt > target) break;
        if (++ran > this.maxEvents) throw new TimelineOverrunError(this.maxEvents, runAt);
        this.queue.shift();
        this.current = runAt;
        this.lastRunMs = runAt;
        await next.task();
      }
      this.current = Math.max(this.current, target);
    } finally {
      this.advancing = false;
    }
  }
}

function byDue(a: TimelineEvent, b: TimelineEvent): number {
  return a.dueMs - b.dueMs || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || a.sequence - b.sequence;
}
