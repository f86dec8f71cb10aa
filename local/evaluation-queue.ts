interface Slot {
  dirty: boolean;
  running: Promise<void> | null;
  waiters: (() => void)[];
}

/**
 * Runs the consensus evaluation of each target one at a time, coalescing requests that arrive during a run
 * into one more run, as a stream shard hands the aggregator its records in order and in batches.
 */
export class EvaluationQueue {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly evaluate: (targetId: string) => Promise<void>,
    private readonly onError: (targetId: string, error: unknown) => void,
  ) {}

  /** Resolves once an evaluation of `targetId` that started after this call has finished (never rejects). */
  request(targetId: string): Promise<void> {
    let slot = this.slots.get(targetId);
    if (!slot) {
      slot = { dirty: false, running: null, waiters: [] };
      this.slots.set(targetId, slot);
    }
    const current = slot;
    const done = new Promise<void>((resolve) => current.waiters.push(resolve));
    current.dirty = true;
    if (!current.running) current.running = this.drain(targetId, current);
    return done;
  }

  /** Resolves when no evaluation is running or queued. */
  async idle(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      const running = [...this.slots.values()].map((s) => s.running).filter((p) => p !== null);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  private async drain(targetId: string, slot: Slot): Promise<void> {
    while (slot.dirty) {
      slot.dirty = false;
      const waiters = slot.waiters;
      slot.waiters = [];
      try {
        await this.evaluate(targetId);
      } catch (error) {
        this.onError(targetId, error);
      }
      for (const resolve of waiters) resolve();
    }
    slot.running = null;
  }
}
