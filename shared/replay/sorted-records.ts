import { MinHeap } from './min-heap.js';
import { compareRecords, type ReplayRecord } from './replay-record.js';

/** Records held in memory before a sorted run of them is set aside: bounds the memory of any file. */
export const RUN_SIZE = 50_000;

/** A sorted run of records set aside; it can be read back more than once. */
export interface SpillRun {
  read(): AsyncIterable<ReplayRecord>;
}

/** A run could not be set aside or read back (a full disk, say): the input itself may be fine. */
export class SpillError extends Error {
  constructor(
    readonly where: string,
    readonly code: string,
  ) {
    super(`temporary files in ${where} cannot be used (${code})`);
    this.name = 'SpillError';
  }
}

/** Where runs are set aside (temporary files for the CLI, memory in tests). */
export interface SpillStore {
  write(records: readonly ReplayRecord[]): Promise<SpillRun>;
}

/** Keeps runs in memory: for tests and small inputs, where bounding memory is not the point. */
export class MemorySpillStore implements SpillStore {
  runs = 0;

  async write(records: readonly ReplayRecord[]): Promise<SpillRun> {
    this.runs++;
    return {
      read: async function* () {
        yield* records;
      },
    };
  }
}

async function* fromArray(records: readonly ReplayRecord[]): AsyncGenerator<ReplayRecord> {
  yield* records;
}

/**
 * Records in any order in, in time order out (see `compareRecords`), holding at most `runSize` of them in memory:
 * an external merge sort. Add (and flush) every record, then read (as often as needed).
 */
export class SortedRecords {
  private buffer: ReplayRecord[] = [];
  private readonly runs: SpillRun[] = [];
  private sorted = true;
  private count = 0;

  constructor(
    private readonly store: SpillStore,
    private readonly runSize = RUN_SIZE,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Runs set aside so far. */
  get spilled(): number {
    return this.runs.length;
  }

  /** Adds a record; when the run in memory is full, the next `flush` sets it aside. */
  add(record: ReplayRecord): void {
    const last = this.buffer.at(-1);
    if (last !== undefined && compareRecords(last, record) > 0) this.sorted = false;
    this.buffer.push(record);
    this.count++;
  }

  /** Sets the run in memory aside if it is full (call after each `add`; awaited only then). */
  flush(): Promise<void> | undefined {
    if (this.buffer.length < this.runSize) return undefined;
    return this.spill();
  }

  private async spill(): Promise<void> {
    this.sortBuffer();
    const run = this.buffer;
    this.buffer = [];
    this.runs.push(await this.store.write(run));
  }

  private sortBuffer(): void {
    if (!this.sorted) this.buffer.sort(compareRecords);
    this.sorted = true;
  }

  /** Every record added, in time order. */
  async *read(): AsyncGenerator<ReplayRecord> {
    this.sortBuffer();
    const sources = [...this.runs.map((run) => run.read()), fromArray(this.buffer)].map((s) =>
      s[Symbol.asyncIterator](),
    );
    const heap = new MinHeap<{ record: ReplayRecord; source: AsyncIterator<ReplayRecord> }>((a, b) =>
      compareRecords(a.record, b.record),
    );
    for (const source of sources) {
      const next = await source.next();
      if (next.done !== true) heap.push({ record: next.value, source });
    }
    for (let head = heap.pop(); head !== undefined; head = heap.pop()) {
      yield head.record;
      const next = await head.source.next();
      if (next.done !== true) heap.push({ record: next.value, source: head.source });
    }
  }
}
