import { describe, expect, it } from 'vitest';
import { READ_LIMITS, type ReadLimits, readResults } from '../../../shared/replay/read-results.js';
import { MemorySpillStore, SortedRecords } from '../../../shared/replay/sorted-records.js';

const result = (region: string, minute: number, target = 'svc-wsdl') =>
  JSON.stringify({
    region,
    target,
    checkedAt: new Date(Date.UTC(2026, 2, 15, 7, minute)).toISOString(),
    status: 'up',
    reason: 'ok',
  });

async function read(lines: string[], limits: Partial<ReadLimits> = {}, voting?: string[]) {
  const sorted = new SortedRecords(new MemorySpillStore());
  const read = await readResults(
    (async function* () {
      yield `${lines.join('\n')}\n`;
    })(),
    sorted,
    {
      defaultTarget: 'target',
      limits: { ...READ_LIMITS, ...limits },
      ...(voting !== undefined && { voting: new Set(voting) }),
    },
  );
  return { ...read, sorted };
}

describe('readResults', () => {
  it('keeps the results of the voting regions and counts every region, in order of first appearance', async () => {
    const { regions, targets, kept, problems, sorted } = await read(
      [result('eu-west-1', 0), result('ap-southeast-1', 1), result('eu-west-1', 2, 'svc-qr'), ''],
      {},
      ['ap-southeast-1'],
    );
    expect(problems).toEqual([]);
    expect([...regions].map(([r, seen]) => [r, seen.firstLine, seen.results])).toEqual([
      ['eu-west-1', 1, 2],
      ['ap-southeast-1', 2, 1],
    ]);
    expect([...targets]).toEqual(['svc-wsdl']);
    expect(kept).toBe(1);
    expect(sorted.size).toBe(1);
  });

  it.each<[string, number[], boolean]>([
    ['oldest first', [0, 0, 1, 2, 2, 2], true],
    ['newest first', [2, 1, 1, 0], true],
    ['in no order', [1, 0, 2, 0], false],
  ])('finds the copies next to each other; all of them in a file %s', async (_order, minutes, complete) => {
    const { copies, firstCopy, copiesComplete, problems } = await read(
      minutes.map((m) => result('ap-southeast-1', m)),
    );
    expect(problems).toEqual([]);
    expect(copiesComplete).toBe(complete);
    const adjacent = minutes.filter((m, i) => i > 0 && minutes[i - 1] === m).length;
    expect(copies).toBe(adjacent);
    expect(firstCopy === null).toBe(adjacent === 0);
  });

  it.each<[string, string[], Partial<ReadLimits>, string]>([
    [
      'more results than a replay takes',
      [result('ap-southeast-1', 0), result('ap-southeast-1', 1), result('ap-southeast-1', 2)],
      { results: 2 },
      'line 3: more than 2 results; replay a shorter period',
    ],
    [
      'more regions',
      [result('ap-southeast-1', 0), result('ap-southeast-2', 0), result('ap-southeast-3', 0)],
      { regions: 2 },
      'line 3: more than 2 regions',
    ],
    [
      'more targets',
      [result('ap-southeast-1', 0, 'a'), result('ap-southeast-1', 0, 'b'), result('ap-southeast-1', 0, 'c')],
      { targets: 2 },
      'line 3: more than 2 targets',
    ],
  ])('stops at %s', async (_what, lines, limits, problem) => {
    const { problems } = await read(lines, limits);
    expect(problems).toEqual([problem]);
  });

  it('stops reading at the last bad line it reports', async () => {
    const lines = ['x', 'y', 'z', result('ap-southeast-1', 0)];
    const { problems, kept } = await read(lines, { problems: 2 });
    expect(problems).toEqual([
      'line 1: is not JSON',
      'line 2: is not JSON',
      'stopped at line 2: too many bad lines',
    ]);
    expect(kept).toBe(0);
  });

  it('checks each name once, and still every line that uses a bad one', async () => {
    const lines = [result('Tokyo', 0), result('ap-southeast-1', 0), result('Tokyo', 1)];
    const { problems } = await read(lines);
    expect(problems).toEqual([
      'line 1: region: "Tokyo" is not an AWS region name',
      'line 3: region: "Tokyo" is not an AWS region name',
    ]);
  });
});
