import type { PlannedRun } from './probe-schedule.js';

/** Where a tick puts the runs it plans (SQS in AWS), each delivered after its delay. */
export interface RunQueue {
  /** Enqueues every run; rejects if any could not be enqueued (the tick is then retried). */
  enqueue(runs: readonly PlannedRun[]): Promise<void>;
}
