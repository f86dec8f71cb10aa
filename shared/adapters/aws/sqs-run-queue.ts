import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PlannedRun, RunMessage } from '../../probe/probe-schedule.js';
import type { RunQueue } from '../../probe/run-queue.js';

/** SQS takes at most this many messages in one batch. */
const SQS_MAX_BATCH = 10;

/** Some runs could not be enqueued. */
export class RunEnqueueError extends Error {
  constructor(readonly failed: readonly string[]) {
    super(`could not enqueue ${failed.length} probe run(s): ${failed.join(', ')}`);
    this.name = 'RunEnqueueError';
  }
}

export interface SqsRunQueueOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
}

/** Runs as messages of the probe's own queue, each with its delivery delay (`SendMessageBatch`, ten at a time). */
export class SqsRunQueue implements RunQueue {
  constructor(private readonly options: SqsRunQueueOptions) {}

  async enqueue(runs: readonly PlannedRun[]): Promise<void> {
    const failed: string[] = [];
    for (let i = 0; i < runs.length; i += SQS_MAX_BATCH) {
      const batch = runs.slice(i, i + SQS_MAX_BATCH);
      const { Failed } = await this.options.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: batch.map((run, j) => {
            const body: RunMessage = { source: 'run', runAt: run.runAt };
            return { Id: `run-${i + j}`, MessageBody: JSON.stringify(body), DelaySeconds: run.delaySeconds };
          }),
        }),
      );
      for (const f of Failed ?? []) failed.push(`${f.Id}: ${f.Code ?? ''} ${f.Message ?? ''}`.trim());
    }
    if (failed.length > 0) throw new RunEnqueueError(failed);
  }
}
