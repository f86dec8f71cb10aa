import { createReadStream, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readLines } from '../../replay/read-lines.js';
import type { ReplayRecord } from '../../replay/replay-record.js';
import { SpillError, type SpillRun, type SpillStore } from '../../replay/sorted-records.js';
import type { ProbeStatus, ReasonCode } from '../../types.js';

/** A record as a line of a run: its fields in a fixed order. */
type Row = [
  line: number,
  ms: number,
  target: string,
  region: string,
  checkedAt: string,
  status: ProbeStatus,
  reason: ReasonCode,
  detail: string,
  latencyMs: number | null,
  control: boolean | null,
];

function rowOf(r: ReplayRecord): Row {
  const o = r.observation;
  return [
    r.line,
    r.ms,
    r.target,
    o.region,
    o.checkedAt,
    o.status,
    o.reason,
    o.detail,
    o.latencyMs,
    o.control,
  ];
}

function recordOfRow(row: Row): ReplayRecord {
  const [line, ms, target, region, checkedAt, status, reason, detail, latencyMs, control] = row;
  return { line, ms, target, observation: { region, checkedAt, status, reason, detail, latencyMs, control } };
}

/**
 * Sets runs aside as files in a directory of its own, made under `parent` on the first run (small inputs never
 * touch the disk). `dispose` removes it.
 */
export class FileSpillStore implements SpillStore {
  private dir: string | null = null;
  private runs = 0;

  constructor(private readonly parent: string) {}

  async write(records: readonly ReplayRecord[]): Promise<SpillRun> {
    const path = await this.failing(async () => {
      this.dir ??= await mkdtemp(join(this.parent, 'replay-'));
      const file = join(this.dir, `run-${this.runs++}.ndjson`);
      await writeFile(file, records.map((r) => `${JSON.stringify(rowOf(r))}\n`).join(''), { mode: 0o600 });
      return file;
    });
    return this.runAt(path);
  }

  /** Apart from `write`, so that the reader's closure does not keep the records written alive. */
  private runAt(path: string): SpillRun {
    const failing = this.failing.bind(this);
    return {
      read: async function* () {
        // Rows are written by this store, not read from the user: no line limit beyond the results' own.
        const lines = readLines(createReadStream(path), Number.POSITIVE_INFINITY)[Symbol.asyncIterator]();
        for (
          let batch = await failing(() => lines.next());
          batch.done !== true;
          batch = await failing(() => lines.next())
        ) {
          for (const line of batch.value) yield recordOfRow(JSON.parse(line.text) as Row);
        }
      },
    };
  }

  private async failing<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code === 'string') throw new SpillError(this.dir ?? this.parent, code);
      throw error;
    }
  }

  async dispose(): Promise<void> {
    if (this.dir !== null) await rm(this.dir, { recursive: true, force: true });
    this.dir = null;
  }

  /** For an interrupted run, where there is no time to wait. */
  disposeSync(): void {
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
