import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '../../../shared/adapters/aws/dynamo-state-store.js';
import { MemoryStateStore } from '../../../shared/store/memory-state-store.js';
import { type StateStore, VersionConflictError } from '../../../shared/store/state-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { fakeDocumentTable } from '../../unit/consensus/fake-document-table.js';
import { consensusState, transition, vote } from '../../unit/consensus/fixtures.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

/** A document client of its own, answered by a fresh table fake. */
function fakeClient(): DynamoDBDocumentClient {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
  fakeDocumentTable(client);
  return client;
}

const implementations: [string, () => StateStore][] = [
  ['memory', () => new MemoryStateStore()],
  ['dynamo', () => new DynamoStateStore({ client: dynamo.doc, tableName: dynamo.tableName })],
  // The unit tests' hand-written table fake must keep the promises dynalite keeps.
  [
    'dynamo over the unit tests’ table fake',
    () => new DynamoStateStore({ client: fakeClient(), tableName: 'fleet' }),
  ],
];

let seq = 0;
// A fresh target id per test keeps the shared table's items apart.
const nextTarget = () => `state-${++seq}`;

describe.each(implementations)('StateStore contract: %s', (_name, make) => {
  it('has no state for a target never saved', async () => {
    expect(await make().get(nextTarget())).toBeNull();
  });

  it('reads back what it saved, field for field, outbox and optional fields included', async () => {
    const store = make();
    const targetId = nextTarget();
    const state = consensusState({
      targetId,
      status: 'down',
      rule: 'recovery_hold',
      votes: [
        vote('ap-southeast-1', 'down', {
          detail: '',
          latencyMs: null,
          control: null,
          previousStatus: 'down',
        }),
        vote('ap-southeast-3', 'up', { excluded: 'stale' }),
      ],
      pending: { status: 'up', since: '2026-03-15T07:01:00.000Z' },
      regionalProblems: [
        { region: 'ap-northeast-1', status: 'down', reason: 'refused', since: '2026-03-15T06:00:00.000Z' },
      ],
      recentOutages: ['2026-03-15T06:30:00.000Z'],
      outbox: [
        transition({ targetId }),
        transition({ targetId, at: '2026-03-15T07:06:00.000Z', audience: 'ops' }),
      ],
      recentBursts: ['2026-03-15T07:00:30.000Z'],
      outboxLease: { owner: 'request-1', until: '2026-03-15T07:02:00.000Z' },
    });
    await store.save(state, null);
    expect(await store.get(targetId)).toStrictEqual(state);
  });

  it('drops undefined fields the way a JSON document does', async () => {
    const store = make();
    const targetId = nextTarget();
    await store.save({ ...consensusState({ targetId }), lastKnown: undefined }, null);
    const read = await store.get(targetId);
    expect(read).not.toHaveProperty('lastKnown');
  });

  it('saves the next version only over the expected one', async () => {
    const store = make();
    const targetId = nextTarget();
    await store.save(consensusState({ targetId, version: 1 }), null);
    await store.save(consensusState({ targetId, version: 2, status: 'down' }), 1);
    expect(await store.get(targetId)).toMatchObject({ version: 2, status: 'down' });

    await expect(
      store.save(consensusState({ targetId, version: 2, status: 'up' }), 1),
    ).rejects.toBeInstanceOf(VersionConflictError);
    await expect(store.save(consensusState({ targetId, version: 1 }), null)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect(await store.get(targetId)).toMatchObject({ version: 2, status: 'down' });
  });

  it('refuses a version that does not follow the expected one', async () => {
    const store = make();
    const targetId = nextTarget();
    await expect(store.save(consensusState({ targetId, version: 2 }), null)).rejects.toBeInstanceOf(
      RangeError,
    );
    await store.save(consensusState({ targetId, version: 1 }), null);
    await expect(store.save(consensusState({ targetId, version: 3 }), 1)).rejects.toBeInstanceOf(RangeError);
    expect(await store.get(targetId)).toMatchObject({ version: 1 });
  });

  it('lets exactly one of ten concurrent saves of the same version win', async () => {
    const store = make();
    const targetId = nextTarget();
    await store.save(consensusState({ targetId, version: 1 }), null);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        store.save(consensusState({ targetId, version: 2, evaluatedAt: `2026-03-15T07:00:0${i}.000Z` }), 1),
      ),
    );
    const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(VersionConflictError);
    }
    expect((await store.get(targetId))?.evaluatedAt).toBe(`2026-03-15T07:00:0${won[0]}.000Z`);
  });

  it('keeps targets apart', async () => {
    const store = make();
    const a = nextTarget();
    const b = nextTarget();
    await store.save(consensusState({ targetId: a, status: 'down' }), null);
    await store.save(consensusState({ targetId: b, status: 'maintenance' }), null);
    expect((await store.get(a))?.status).toBe('down');
    expect((await store.get(b))?.status).toBe('maintenance');
  });
});

describe('DynamoStateStore layout', () => {
  it('writes TARGET#<id> / STATE with a top-level version and a kind that the stream filter ignores', async () => {
    const store = new DynamoStateStore({ client: dynamo.doc, tableName: dynamo.tableName });
    await store.save(consensusState({ targetId: 'layout' }), null);
    const { Item } = await dynamo.doc.send(
      new GetCommand({ TableName: dynamo.tableName, Key: { pk: 'TARGET#layout', sk: 'STATE' } }),
    );
    expect(Item).toMatchObject({ kind: 'state', version: 1, state: { targetId: 'layout', status: 'up' } });
  });
});
