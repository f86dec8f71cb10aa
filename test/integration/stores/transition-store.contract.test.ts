import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoTransitionStore } from '../../../shared/adapters/aws/dynamo-transition-store.js';
import { MemoryTransitionStore } from '../../../shared/store/memory-transition-store.js';
import {
  MAX_ERROR_LENGTH,
  TransitionNotFoundError,
  type TransitionStore,
} from '../../../shared/store/transition-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { fakeDocumentTable } from '../../unit/consensus/fake-document-table.js';
import { transition, vote } from '../../unit/consensus/fixtures.js';

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

const implementations: [string, () => TransitionStore][] = [
  ['memory', () => new MemoryTransitionStore()],
  ['dynamo', () => new DynamoTransitionStore({ client: dynamo.doc, tableName: dynamo.tableName })],
  // The unit tests' hand-written table fake must keep the promises dynalite keeps.
  [
    'dynamo over the unit tests’ table fake',
    () => new DynamoTransitionStore({ client: fakeClient(), tableName: 'fleet' }),
  ],
];

let seq = 0;
const nextTarget = () => `transition-${++seq}`;
const minute = (m: number) => `2026-03-15T07:${String(m).padStart(2, '0')}:00.000Z`;

describe.each(implementations)('TransitionStore contract: %s', (_name, make) => {
  it('reads back what it recorded, field for field', async () => {
    const store = make();
    const targetId = nextTarget();
    const t = transition({
      targetId,
      from: 'unknown',
      lastKnown: { status: 'up', since: minute(0) },
      votes: [vote('ap-southeast-1', 'down', { detail: '', latencyMs: null, excluded: 'control_failed' })],
    });
    expect(await store.record(t)).toStrictEqual(t);
    expect(await store.get(targetId, t.at)).toStrictEqual(t);
    expect(await store.get(targetId, minute(59))).toBeNull();
  });

  it('records a target and time once: a second record returns the first, unchanged', async () => {
    const store = make();
    const targetId = nextTarget();
    const first = transition({ targetId, to: 'down' });
    await store.record(first);
    await store.markSent(targetId, first.at, 'msg-1');
    const again = await store.record(transition({ targetId, to: 'maintenance' }));
    expect(again).toMatchObject({ to: 'down', notification: { state: 'sent', messageId: 'msg-1' } });
    expect((await store.get(targetId, first.at))?.to).toBe('down');
  });

  it('agrees on one stored transition when ten record it at once', async () => {
    const store = make();
    const targetId = nextTarget();
    const stored = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.record(transition({ targetId, fromSince: minute(i) }))),
    );
    expect(new Set(stored.map((t) => t.fromSince)).size).toBe(1);
    expect((await store.get(targetId, stored[0]!.at))?.fromSince).toBe(stored[0]!.fromSince);
    expect(await store.list(targetId, { limit: 10 })).toHaveLength(1);
  });

  it('marks a transition sent with its message id, counting the attempt', async () => {
    const store = make();
    const targetId = nextTarget();
    const t = transition({ targetId });
    await store.record(t);
    await store.markFailed(targetId, t.at, 'Throttling: rate exceeded');
    expect((await store.get(targetId, t.at))?.notification).toEqual({
      state: 'pending',
      messageId: null,
      attempts: 1,
      lastError: 'Throttling: rate exceeded',
    });
    await store.markSent(targetId, t.at, 'msg-42');
    expect((await store.get(targetId, t.at))?.notification).toEqual({
      state: 'sent',
      messageId: 'msg-42',
      attempts: 2,
      lastError: 'Throttling: rate exceeded',
    });
  });

  it(`keeps at most ${MAX_ERROR_LENGTH} characters of an error`, async () => {
    const store = make();
    const targetId = nextTarget();
    const t = transition({ targetId });
    await store.record(t);
    await store.markFailed(targetId, t.at, 'x'.repeat(MAX_ERROR_LENGTH * 3));
    expect((await store.get(targetId, t.at))?.notification.lastError).toHaveLength(MAX_ERROR_LENGTH);
  });

  it('refuses to mark a transition that was never recorded', async () => {
    const store = make();
    const targetId = nextTarget();
    await expect(store.markSent(targetId, minute(1), 'msg')).rejects.toBeInstanceOf(TransitionNotFoundError);
    await expect(store.markFailed(targetId, minute(1), 'boom')).rejects.toBeInstanceOf(
      TransitionNotFoundError,
    );
    expect(await store.get(targetId, minute(1))).toBeNull();
  });

  it('lists newest first within since/before bounds and the limit, one target at a time', async () => {
    const store = make();
    const targetId = nextTarget();
    const other = nextTarget();
    for (const m of [3, 0, 5, 1, 4, 2]) await store.record(transition({ targetId, at: minute(m) }));
    await store.record(transition({ targetId: other, at: minute(2) }));
    const minutes = (ts: { at: string }[]) => ts.map((t) => Number(t.at.slice(14, 16)));
    expect(minutes(await store.list(targetId, { limit: 3 }))).toEqual([5, 4, 3]);
    expect(minutes(await store.list(targetId, { limit: 10, since: minute(2) }))).toEqual([5, 4, 3, 2]);
    expect(minutes(await store.list(targetId, { limit: 10, before: minute(2) }))).toEqual([1, 0]);
    expect(minutes(await store.list(targetId, { limit: 10, since: minute(1), before: minute(4) }))).toEqual([
      3, 2, 1,
    ]);
    expect(minutes(await store.list(targetId, { limit: 2, since: minute(1), before: minute(4) }))).toEqual([
      3, 2,
    ]);
    expect(await store.list(targetId, { limit: 10, since: minute(4), before: minute(4) })).toEqual([]);
    expect(await store.list(targetId, { limit: 0 })).toEqual([]);
    expect(minutes(await store.list(other, { limit: 10 }))).toEqual([2]);
    expect(await store.list(nextTarget(), { limit: 10 })).toEqual([]);
  });
  it('lists oldest first within the same bounds', async () => {
    const store = make();
    const targetId = nextTarget();
    for (const m of [3, 0, 5, 1, 4, 2]) await store.record(transition({ targetId, at: minute(m) }));
    const minutes = (ts: { at: string }[]) => ts.map((t) => Number(t.at.slice(14, 16)));
    const oldest = { order: 'oldest-first' } as const;
    expect(minutes(await store.list(targetId, { ...oldest, limit: 3 }))).toEqual([0, 1, 2]);
    expect(minutes(await store.list(targetId, { ...oldest, limit: 10, since: minute(2) }))).toEqual([
      2, 3, 4, 5,
    ]);
    expect(
      minutes(await store.list(targetId, { ...oldest, limit: 2, since: minute(1), before: minute(4) })),
    ).toEqual([1, 2]);
    expect(await store.list(targetId, { ...oldest, limit: 10, since: minute(6) })).toEqual([]);
  });

  it('keeps the backlog a sent message told, and marks the changes it told as summarised once', async () => {
    const store = make();
    const targetId = nextTarget();
    const told = transition({ targetId, at: minute(1), to: 'down' });
    const newest = transition({ targetId, at: minute(9), from: 'down', to: 'up', rule: 'recovery_hold' });
    await store.record(told);
    await store.record(newest);
    const summary = {
      count: 1,
      atLeast: false,
      first: { at: minute(1), from: 'up', to: 'down' },
      toCounts: { down: 1 },
    } as const;
    await store.markSent(targetId, newest.at, 'msg-7', summary);
    expect((await store.get(targetId, newest.at))?.notification).toEqual({
      state: 'sent',
      messageId: 'msg-7',
      attempts: 1,
      lastError: null,
      summary,
    });
    await store.markSummarised(targetId, told.at, newest.at, 'msg-7');
    const expected = {
      state: 'summarised',
      messageId: 'msg-7',
      attempts: 0,
      lastError: null,
      summarisedIn: newest.at,
    };
    expect((await store.get(targetId, told.at))?.notification).toEqual(expected);
    // Marking again, or marking one that was sent, changes nothing.
    await store.markSummarised(targetId, told.at, minute(30), 'msg-8');
    await store.markSummarised(targetId, newest.at, minute(30), 'msg-8');
    expect((await store.get(targetId, told.at))?.notification).toEqual(expected);
    expect((await store.get(targetId, newest.at))?.notification.state).toBe('sent');
    await expect(store.markSummarised(targetId, minute(2), newest.at, 'msg-7')).rejects.toBeInstanceOf(
      TransitionNotFoundError,
    );
  });
});

describe('DynamoTransitionStore layout', () => {
  it('writes TARGET#<id>#TRANSITION / <at> with a kind that the stream filter ignores', async () => {
    const store = new DynamoTransitionStore({ client: dynamo.doc, tableName: dynamo.tableName });
    await store.record(transition({ targetId: 'layout', at: minute(7) }));
    const { Item } = await dynamo.doc.send(
      new GetCommand({ TableName: dynamo.tableName, Key: { pk: 'TARGET#layout#TRANSITION', sk: minute(7) } }),
    );
    expect(Item).toMatchObject({ kind: 'transition', transition: { at: minute(7), to: 'down' } });
  });
});
