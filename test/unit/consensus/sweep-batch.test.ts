import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, vi } from 'vitest';
import { createAggregatorHandler } from '../../../functions/aggregator/create-aggregator-handler.js';
import { DynamoStateStore } from '../../../shared/adapters/aws/dynamo-state-store.js';
import { MemoryStateStore } from '../../../shared/store/memory-state-store.js';
import { PrefetchedStateStore } from '../../../shared/store/prefetched-state-store.js';
import { VersionConflictError } from '../../../shared/store/state-store.js';
import { world } from './evaluation-fakes.js';

const TARGETS = Array.from({ length: 40 }, (_, i) => `target-${i}`);

/** A state store that counts its reads. */
class CountingStore extends MemoryStateStore {
  gets = 0;
  batches = 0;
  override get(targetId: string) {
    this.gets++;
    return super.get(targetId);
  }
  override getMany(targetIds: readonly string[]) {
    this.batches++;
    return super.getMany(targetIds);
  }
}

function sweeper(
  states: CountingStore,
  concurrency?: number,
  batch = true,
  readStates?: (ids: readonly string[]) => Promise<Map<string, null>>,
) {
  const w = world({ states });
  const metrics = new Metrics({ namespace: 'EfakturFleet' });
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(
    () => metrics.clearMetrics() as unknown as Metrics,
  );
  let open = 0;
  let most = 0;
  const handler = createAggregatorHandler({
    targetIds: TARGETS,
    ...(batch && { readStates: readStates ?? ((ids: readonly string[]) => states.getMany(ids)) }),
    evaluatorFor: (owner, prefetched) => {
      const evaluator = w.evaluator(owner, {
        states: prefetched === undefined ? states : new PrefetchedStateStore(states, prefetched),
      });
      return {
        evaluate: async (id: string) => {
          most = Math.max(most, ++open);
          try {
            return await evaluator.evaluate(id);
          } finally {
            open--;
          }
        },
      };
    },
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics,
    ...(concurrency !== undefined && { sweepConcurrency: concurrency }),
  });
  return { handler, most: () => most, w };
}

describe('the sweep with many targets', () => {
  it('reads every state in one batch instead of one read per target; at most 16 evaluations at once', async () => {
    const sweepTwice = async (batch: boolean) => {
      const states = new CountingStore();
      const { handler, most, w } = sweeper(states, undefined, batch);
      await handler({ source: 'sweep', scheduledTime: null });
      w.clock.seconds += 60;
      await handler({ source: 'sweep', scheduledTime: null });
      return { states, most: most() };
    };
    const batched = await sweepTwice(true);
    const single = await sweepTwice(false);
    expect(batched.states.batches).toBe(2);
    expect(single.states.batches).toBe(0);
    // The first read of each evaluation came from the batch: 40 targets × 2 sweeps fewer reads.
    expect(single.states.gets - batched.states.gets).toBe(2 * TARGETS.length);
    expect(batched.most).toBe(16);
    expect((await batched.states.getMany(TARGETS)).size).toBe(40);
  });

  it('a failed batch read only costs each evaluation its own read: every target is still evaluated', async () => {
    const states = new CountingStore();
    const { handler } = sweeper(states, undefined, true, () =>
      Promise.reject(new Error('ProvisionedThroughputExceededException')),
    );
    await expect(handler({ source: 'sweep', scheduledTime: null })).resolves.toEqual({ evaluated: TARGETS });
    expect(states.gets).toBe(TARGETS.length);
    expect((await states.getMany(TARGETS)).size).toBe(TARGETS.length);
  });

  it('evaluates one at a time when asked to', async () => {
    const { handler, most } = sweeper(new CountingStore(), 1);
    await handler({ source: 'sweep', scheduledTime: null });
    expect(most()).toBe(1);
  });
});

describe('PrefetchedStateStore', () => {
  it('answers the first read from the batch, later reads and every save from the store', async () => {
    const store = new CountingStore();
    const w = world({ states: store });
    await w.evaluator().evaluate('svc-wsdl');
    const batch = await store.getMany(['svc-wsdl', 'missing']);
    store.gets = 0;
    const prefetched = new PrefetchedStateStore(store, batch);
    expect((await prefetched.get('svc-wsdl'))?.version).toBe(1);
    expect(await prefetched.get('missing')).toBeNull();
    expect(store.gets).toBe(0);
    await prefetched.get('svc-wsdl');
    expect(store.gets).toBe(1);
  });

  it('keeps the version check: a state saved since the batch read makes the save fail', async () => {
    const store = new MemoryStateStore();
    const w = world({ states: store });
    await w.evaluator().evaluate('svc-wsdl');
    const prefetched = new PrefetchedStateStore(store, await store.getMany(['svc-wsdl']));
    w.clock.seconds += 1;
    await w.evaluator().evaluate('svc-wsdl');
    const stale = (await prefetched.get('svc-wsdl'))!;
    await expect(
      prefetched.save({ ...stale, version: stale.version + 1 }, stale.version),
    ).rejects.toBeInstanceOf(VersionConflictError);
  });
});

describe('DynamoStateStore.getMany', () => {
  it('retries keys DynamoDB left unprocessed three times, then reads what is left one by one', async () => {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-3' }));
    const mock = mockClient(doc);
    const item = (id: string) => ({ pk: `TARGET#${id}`, sk: 'STATE', state: { targetId: id, version: 3 } });
    mock.on(BatchGetCommand).callsFake((input) => {
      const keys = input.RequestItems.t.Keys as { pk: string }[];
      // Answers the first key of each request and leaves the rest unprocessed, like a throttled table.
      return {
        Responses: { t: [item(keys[0]!.pk.slice('TARGET#'.length))] },
        UnprocessedKeys: keys.length > 1 ? { t: { Keys: keys.slice(1) } } : {},
      };
    });
    mock.on(GetCommand).callsFake((input) => ({ Item: item(String(input.Key.pk).slice('TARGET#'.length)) }));
    const read = await new DynamoStateStore({ client: doc, tableName: 't' }).getMany([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(mock.commandCalls(BatchGetCommand)).toHaveLength(3);
    expect(mock.commandCalls(GetCommand).map((c) => c.args[0].input.Key?.pk)).toEqual([
      'TARGET#d',
      'TARGET#e',
    ]);
    expect([...read.entries()].map(([id, s]) => [id, s?.targetId])).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((id) => [id, id]),
    );
  });
});
