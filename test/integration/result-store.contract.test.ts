import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeResult } from '../../bench/support/probe-results.js';
import { DynamoResultStore } from '../../shared/adapters/aws/dynamo-result-store.js';
import { MemoryResultStore } from '../../shared/store/memory-result-store.js';
import type { ResultStore } from '../../shared/store/result-store.js';
import { keys } from '../../shared/store/table-keys.js';
import { type LocalDynamo, startDynalite } from '../support/dynalite.js';
import { fakeDocumentTable } from '../unit/consensus/fake-document-table.js';

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

const implementations: [string, () => ResultStore][] = [
  ['memory', () => new MemoryResultStore()],
  // A fresh target id per test keeps the shared table's partitions apart.
  ['dynamo', () => new DynamoResultStore({ client: dynamo.doc, tableName: dynamo.tableName })],
  // The unit tests' hand-written table fake must keep the promises dynalite keeps.
  [
    'dynamo over the unit tests’ table fake',
    () => new DynamoResultStore({ client: fakeClient(), tableName: 'fleet' }),
  ],
];

let targetSeq = 0;

describe.each(implementations)('ResultStore contract: %s', (_name, make) => {
  it('reads back what it stored, field for field', async () => {
    const store = make();
    const targetId = `t${++targetSeq}`;
    const result = probeResult({
      targetId,
      status: 'down',
      reason: 'timeout',
      tls: { validTo: '2027-01-01T00:00:00.000Z', daysLeft: 41 },
      httpStatus: null,
    });
    await store.put(result);
    expect(await store.latestPerRegion(targetId, ['ap-southeast-1'])).toEqual([result]);
  });

  it('returns the newest result of each region and leaves out regions without one', async () => {
    const store = make();
    const targetId = `t${++targetSeq}`;
    for (const [region, minute] of [
      ['ap-southeast-1', 1],
      ['ap-southeast-1', 3],
      ['ap-southeast-1', 2],
      ['ap-northeast-1', 1],
    ] as const) {
      await store.put(probeResult({ targetId, region, checkedAt: `2026-03-15T03:0${minute}:00.000Z` }));
    }
    const latest = await store.latestPerRegion(targetId, [
      'ap-southeast-1',
      'ap-northeast-1',
      'ap-southeast-3',
    ]);
    expect(latest.map((r) => [r.region, r.checkedAt])).toEqual([
      ['ap-southeast-1', '2026-03-15T03:03:00.000Z'],
      ['ap-northeast-1', '2026-03-15T03:01:00.000Z'],
    ]);
  });

  it('lists newest first within since/before bounds and the limit', async () => {
    const store = make();
    const targetId = `t${++targetSeq}`;
    for (let minute = 0; minute < 6; minute++) {
      await store.put(probeResult({ targetId, checkedAt: `2026-03-15T03:0${minute}:00.000Z` }));
    }
    const minutes = (rs: { checkedAt: string }[]) => rs.map((r) => Number(r.checkedAt.slice(15, 16)));
    const region = 'ap-southeast-1';
    expect(minutes(await store.list(targetId, region, { limit: 3 }))).toEqual([5, 4, 3]);
    expect(
      minutes(await store.list(targetId, region, { limit: 10, since: '2026-03-15T03:02:00.000Z' })),
    ).toEqual([5, 4, 3, 2]);
    expect(
      minutes(await store.list(targetId, region, { limit: 10, before: '2026-03-15T03:02:00.000Z' })),
    ).toEqual([1, 0]);
    expect(
      minutes(
        await store.list(targetId, region, {
          limit: 10,
          since: '2026-03-15T03:01:00.000Z',
          before: '2026-03-15T03:04:00.000Z',
        }),
      ),
    ).toEqual([3, 2, 1]);
    // An empty or inverted window is empty, not an error (DynamoDB refuses BETWEEN with low > high).
    expect(
      await store.list(targetId, region, {
        limit: 10,
        since: '2026-03-15T03:04:00.000Z',
        before: '2026-03-15T03:01:00.000Z',
      }),
    ).toEqual([]);
    expect(await store.list(targetId, region, { limit: 0 })).toEqual([]);
  });
});

describe('DynamoResultStore layout', () => {
  it('writes the documented keys and a TTL in epoch seconds', async () => {
    const store = new DynamoResultStore({
      client: dynamo.doc,
      tableName: dynamo.tableName,
      retentionDays: 1,
    });
    await store.put(probeResult({ targetId: 'layout', checkedAt: '2026-03-15T03:00:00.000Z' }));
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { Item } = await dynamo.doc.send(
      new GetCommand({
        TableName: dynamo.tableName,
        Key: { pk: keys.resultPk('layout', 'ap-southeast-1'), sk: '2026-03-15T03:00:00.000Z' },
      }),
    );
    expect(Item?.expiresAt).toBe(Date.parse('2026-03-16T03:00:00.000Z') / 1000);
  });
});
