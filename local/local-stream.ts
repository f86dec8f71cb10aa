import { keys, PK, SK } from '../shared/store/table-keys.js';
import type { ProbeResult } from '../shared/types.js';

/** A DynamoDB stream record as the aggregator reads it: which item was inserted, and where in the shard. */
export interface StreamRecord {
  readonly eventSource: 'aws:dynamodb';
  readonly eventName: 'INSERT';
  readonly eventID: string;
  readonly dynamodb: {
    readonly Keys: Record<string, { readonly S: string }>;
    readonly SequenceNumber: string;
    readonly ApproximateCreationDateTime: number;
  };
}

export interface StreamBatch {
  readonly Records: readonly StreamRecord[];
}

/**
 * The table's stream, which the embedded DynamoDB lacks: each stored result becomes a record; records are
 * handed to the aggregator in batches, one batch at a time, as one shard feeds its Lambda. Records that arrive
 * while a batch is being handled form the next batch.
 */
export class LocalStream {
  private pending: StreamRecord[] = [];
  private pumping: Promise<void> | null = null;
  private sequence = 0;

  constructor(
    private readonly deliver: (batch: StreamBatch) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    /** Lambda's default batch size for DynamoDB streams. */
    private readonly batchSize = 100,
    /** The clock records are stamped with (the fleet's). */
    private readonly now: () => number = Date.now,
  ) {}

  push(result: ProbeResult): void {
    const sequence = String(++this.sequence).padStart(21, '0');
    this.pending.push({
      eventSource: 'aws:dynamodb',
      eventName: 'INSERT',
      eventID: sequence,
      dynamodb: {
        Keys: { [PK]: { S: keys.resultPk(result.targetId, result.region) }, [SK]: { S: result.checkedAt } },
        SequenceNumber: sequence,
        ApproximateCreationDateTime: Math.floor(this.now() / 1000),
      },
    });
    this.pumping ??= this.pump();
  }

  /** Resolves once every record pushed so far has been handled. */
  async drained(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private async pump(): Promise<void> {
    // As Lambda polls a shard a few times a second: writes completing together arrive as one batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.batchSize);
      try {
        await this.deliver({ Records: batch });
      } catch (error) {
        this.onError(error);
      }
    }
    this.pumping = null;
  }
}
