import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '../../../shared/adapters/aws/dynamo-state-store.js';
import { MemoryStateStore } from '../../../shared/store/memory-state-store.js';
import type { BatchStateReader } from '../../../shared/store/prefetched-state-store.js';
import type { StateStore } from '../../../shared/store/state-store.js';
import type { ConsensusState } from '../../../shared/types.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

function state(targetId: string): ConsensusState {
  return {
    targetId,
    status: 'up',
    since: '2026-03-15T07:00:00.000Z',
    version: 1,
    rule: 'quorum_up',
    votes: [],
    evaluatedAt: '2026-03-15T07:00:00.000Z',
    regionalProblems: [],
    outbox: [],
  } as unknown as ConsensusState;
}

describe.each([
  ['memory', () => new MemoryStateStore()],
  ['dynalite', () => new DynamoStateStore({ client: dynamo.doc, tableName: dynamo.tableName })],
] as const)('%s state store: getMany', (_name, make: () => StateStore & BatchStateReader) => {
  it('reads 250 targets (three batches of at most 100), null for those without a state, repeats once', async () => {
    const store = make();
    const ids = Array.from({ length: 250 }, (_, i) => `batch-${_name}-${i}`);
    for (const id of ids.filter((_, i) => i % 2 === 0)) await store.save(state(id), null);
    const read = await store.getMany([...ids, ids[0]!]);
    expect(read.size).toBe(250);
    ids.forEach((id, i) => {
      if (i % 2 === 0) expect(read.get(id)).toMatchObject({ targetId: id, version: 1 });
      else expect(read.get(id)).toBeNull();
    });
  });
});
