import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSpillStore } from '../../../shared/adapters/node/file-spill-store.js';
import { compareRecords, type ReplayRecord } from '../../../shared/replay/replay-record.js';
import { MemorySpillStore, SortedRecords, SpillError } from '../../../shared/replay/sorted-records.js';
import { mulberry32 } from '../consensus/history-generator.js';

const parent = mkdtempSync(join(tmpdir(), 'sorted-records-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function record(line: number, ms: number, extra: Partial<ReplayRecord['observation']> = {}): ReplayRecord {
  return {
    line,
    ms,
    target: line % 2 === 0 ? 'svc-wsdl' : 'svc-qr',
    observation: {
      region: line % 3 === 0 ? 'ap-southeast-1' : 'ap-northeast-1',
      checkedAt: new Date(ms).toISOString(),
      status: 'down',
      reason: 'timeout',
      detail: `connect timeout "${line}" — é`,
      latencyMs: line % 3 === 0 ? null : line,
      control: line % 5 === 0 ? null : line % 2 === 0,
      ...extra,
    },
  };
}

async function all(sorted: SortedRecords): Promise<ReplayRecord[]> {
  const out: ReplayRecord[] = [];
  for await (const r of sorted.read()) out.push(r);
  return out;
}

describe('SortedRecords', () => {
  const random = mulberry32(9);
  // Times repeat, so target, region and line decide between equal times.
  const records = Array.from({ length: 1000 }, (_, i) => record(i + 1, Math.floor(random() * 200) * 1000));
  const expected = [...records].sort(compareRecords);

  it.each([1, 7, 100, 999, 1000, 5000])('sorts in runs of %i held in memory', async (runSize) => {
    const store = new MemorySpillStore();
    const sorted = new SortedRecords(store, runSize);
    for (const r of records) {
      sorted.add(r);
      await sorted.flush();
    }
    expect(sorted.size).toBe(1000);
    expect(store.runs).toBe(Math.floor(1000 / runSize));
    expect(await all(sorted)).toEqual(expected);
    // Read twice: a check, then the replay.
    expect(await all(sorted)).toEqual(expected);
  });

  it('sorts through files, keeping every field, and removes them when disposed', async () => {
    const store = new FileSpillStore(parent);
    const sorted = new SortedRecords(store, 64);
    for (const r of records) {
      sorted.add(r);
      await sorted.flush();
    }
    expect(sorted.spilled).toBe(15);
    const [dir] = readdirSync(parent);
    expect(readdirSync(join(parent, dir!))).toHaveLength(15);
    expect(await all(sorted)).toEqual(expected);
    await store.dispose();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('does not touch the disk for an input that fits in one run', async () => {
    const store = new FileSpillStore(parent);
    const sorted = new SortedRecords(store, 5000);
    for (const r of records) {
      sorted.add(r);
      await sorted.flush();
    }
    expect(readdirSync(parent)).toEqual([]);
    expect(await all(sorted)).toEqual(expected);
  });

  it('says when temporary files cannot be written', async () => {
    const sorted = new SortedRecords(new FileSpillStore(join(parent, 'missing', 'dir')), 1);
    sorted.add(record(1, 0));
    await expect(sorted.flush()).rejects.toThrow(SpillError);
    sorted.add(record(2, 0));
    await expect(sorted.flush()).rejects.toThrow(/temporary files in .*missing.* cannot be used \(ENOENT\)/);
  });
});
