import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { runReplayCommand } from '../../../cli/replay-command.js';
import { FileSpillStore } from '../../../shared/adapters/node/file-spill-store.js';
import { RUN_SIZE, type SpillStore } from '../../../shared/replay/sorted-records.js';
import { generateHistory } from '../../unit/consensus/history-generator.js';

const dir = mkdtempSync(join(tmpdir(), 'replay-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A full collection before each sample, so that the samples measure what is kept, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const LINES = 200_000;
const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];

/** Writes `LINES` results of three regions, newest first as the API exports them, with a few copies. */
async function writeHistory(path: string): Promise<void> {
  const lines = generateHistory({
    seed: 31,
    hours: Math.ceil(LINES / 180),
    noise: 0,
    globalOutage: { fromS: 20 * 3600, toS: 20.5 * 3600 },
  }).slice(0, LINES);
  const out = createWriteStream(path);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = { ...lines[i], target: 'svc-wsdl', control: true, detail: 'WSDL of MasterFakturService' };
    const text = `${JSON.stringify(line)}\n`;
    if (!out.write(i % 1000 === 0 ? text + text : text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('replay of a large file', () => {
  it(`replays ${LINES.toLocaleString('en')} results in any order with the memory it keeps bounded`, async () => {
    const file = join(dir, 'large.jsonl');
    await writeHistory(file);
    const spillParent = mkdtempSync(join(dir, 'spill-'));
    const spill = new FileSpillStore(spillParent);

    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let samples = 0;
    const sample = () => {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      samples++;
    };
    /** Passes `source` through, sampling the heap every `every` items: while the file is read, and while sorted. */
    async function* sampled<T>(source: AsyncIterable<T>, every: number): AsyncGenerator<T> {
      let n = 0;
      for await (const item of source) {
        if (++n % every === 0) sample();
        yield item;
      }
    }
    const sampledSpill: SpillStore = {
      write: async (records) => {
        const run = await spill.write(records);
        return { read: () => sampled(run.read(), 5000) };
      },
    };
    const out: string[] = [];
    const err: string[] = [];
    let code: number;
    try {
      code = await runReplayCommand([file, '--json', '--regions', REGIONS.join(',')], {
        open: (path) => sampled(createReadStream(path), 20),
        spill: sampledSpill,
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      });
    } finally {
      await spill.dispose();
    }
    sample();

    expect(code).toBe(0);
    expect(err).toHaveLength(2);
    expect(err[0]).toMatch(
      /^warning: .*large\.jsonl: 200 repeated result\(s\) counted once \(line \d+ repeats line \d+\)$/,
    );
    expect(err[1]).toBe(
      `replayed ${LINES} results of 1 target(s) from 3 region(s) (${REGIONS.join(', ')}): 3 transition(s), 2 for subscribers`,
    );
    expect(
      out
        .map((l) => JSON.parse(l))
        .filter((t) => t.audience === 'subscribers')
        .map((t) => t.to),
    ).toEqual(['down', 'up']);
    expect(readdirSync(spillParent)).toEqual([]);
    // Sampled all along the reading and the sorted passes, not only at the end.
    expect(samples).toBeGreaterThan(50);
    // What it keeps: a run of RUN_SIZE records being sorted, and per region its two newest results. The file
    // itself (37 MB) and its parsed lines took over 80 MB.
    expect(RUN_SIZE).toBeLessThan(LINES / 3);
    expect((peak - before) / 1e6).toBeLessThan(48);
  }, 180_000);
});
