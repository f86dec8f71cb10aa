import { type Cancel, type FleetTimeline, realTimeline } from './fleet-timeline.js';

/** Why a region probes: the start-up round, its place on the schedule, or a burst confirmation request. */
export type RoundReason = 'start' | 'schedule' | 'burst';

/** Who asked for a burst round, and about which target. */
export interface BurstAsk {
  readonly targetId: string;
  readonly requestedBy: string;
}

export interface ProbeSchedulerOptions {
  readonly regions: readonly string[];
  readonly intervalMs: number;
  /** One region's round (probe, store, evaluate); `asks` are the burst requests it answers. Errors go to `onError`. */
  readonly runRound: (region: string, reason: RoundReason, asks: readonly BurstAsk[]) => Promise<void>;
  readonly onError: (region: string, error: unknown) => void;
  /** @default realTimeline */
  readonly timeline?: FleetTimeline;
}

export interface StopReport {
  /** Regions whose round was still running when the grace period ended. */
  readonly abandoned: readonly string[];
}

/**
 * Runs each region's rounds on the fleet's staggered phases: region i of n at offset i·interval/n, as the
 * deployed schedule does, after one start-up round of every region so a first consensus needs no waiting.
 * A region never runs two rounds at once; burst requests during a round run once right after it.
 */
export class ProbeScheduler {
  private readonly timeline: FleetTimeline;
  private readonly timers = new Map<string, Cancel>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly roundStartedAt = new Map<string, number>();
  private readonly rerun = new Map<string, BurstAsk[]>();
  private startedAt = 0;
  private stopped = false;

  constructor(private readonly options: ProbeSchedulerOptions) {
    this.timeline = options.timeline ?? realTimeline;
  }

  private now(): number {
    return this.timeline.now();
  }

  /** Offset of a region's rounds within each interval. */
  phaseOffsetMs(index: number): number {
    return Math.round((index * this.options.intervalMs) / this.options.regions.length);
  }

  start(): void {
    this.startedAt = this.now();
    for (const region of this.options.regions) {
      this.timeline.soon(() => (this.stopped ? Promise.resolve() : this.launch(region, 'start')));
    }
    this.options.regions.forEach((region, index) => {
      this.scheduleNext(region, index);
    });
  }

  /** Runs a burst round of `region` now, or once more right after the one in progress. */
  request(region: string, ask: BurstAsk): void {
    if (this.stopped || !this.options.regions.includes(region)) return;
    // Labelled so that a driven timeline runs requests made together in one order, whichever came first.
    this.timeline.soon(async () => {
      if (this.stopped) return;
      if (this.running.has(region)) this.rerun.set(region, [...(this.rerun.get(region) ?? []), ask]);
      else await this.launch(region, 'burst', [ask]);
    }, `burst ${region} ${ask.targetId} ${ask.requestedBy}`);
  }

  inFlight(): string[] {
    return [...this.running.keys()];
  }

  /** Stops scheduling, then waits at most `graceMs` for rounds in progress. */
  async stop(graceMs: number): Promise<StopReport> {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    this.rerun.clear();
    const pending = [...this.running.entries()];
    if (pending.length === 0) return { abandoned: [] };
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(pending.map(([, p]) => p)),
      new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timeout);
    return { abandoned: [...this.running.keys()] };
  }

  private scheduleNext(region: string, index: number, previousSlot = index === 0 ? 0 : -1): void {
    if (this.stopped) return;
    const { intervalMs } = this.options;
    const base = this.startedAt + this.phaseOffsetMs(index);
    const now = this.now();
    // The next slot of this region's grid strictly in the future; the grid does not drift with slow rounds.
    const k = Math.max(now < base ? 0 : Math.floor((now - base) / intervalMs) + 1, previousSlot + 1);
    const due = base + k * intervalMs;
    const cancel = this.timeline.at(
      due,
      async () => {
        this.timers.delete(region);
        let round: Promise<void> | undefined;
        if (this.running.has(region)) {
          // A burst round that began moments ago answers for this slot; a round older than an interval overran.
          const age = this.now() - (this.roundStartedAt.get(region) ?? this.now());
          if (age >= intervalMs) {
            this.options.onError(
              region,
              new Error(`round still running after ${age} ms: this slot is skipped`),
            );
          }
        } else {
          round = this.launch(region, 'schedule');
        }
        this.scheduleNext(region, index, k);
        await round;
      },
      `slot ${index}`,
    );
    this.timers.set(region, cancel);
  }

  /** Starts a round; the promise settles once it is over (it never rejects: errors go to `onError`). */
  private launch(region: string, reason: RoundReason, asks: readonly BurstAsk[] = []): Promise<void> {
    const round = (async () => {
      try {
        await this.options.runRound(region, reason, asks);
      } catch (error) {
        if (!this.stopped) this.options.onError(region, error);
      }
    })().finally(() => {
      this.running.delete(region);
      const asks = this.rerun.get(region);
      this.rerun.delete(region);
      if (asks && !this.stopped) this.launch(region, 'burst', asks);
    });
    this.running.set(region, round);
    this.roundStartedAt.set(region, this.now());
    return round;
  }
}
