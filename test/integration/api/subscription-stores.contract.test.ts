import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoRateLimiter } from '../../../shared/adapters/aws/dynamo-rate-limiter.js';
import { DynamoSubscriptionStore } from '../../../shared/adapters/aws/dynamo-subscription-store.js';
import { MemoryRateLimiter } from '../../../shared/api/subscriptions/memory-rate-limiter.js';
import { MemorySubscriptionStore } from '../../../shared/api/subscriptions/memory-subscription-store.js';
import type { RateLimiter } from '../../../shared/api/subscriptions/rate-limiter.js';
import type { SubscriptionStore } from '../../../shared/api/subscriptions/subscription-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

let seq = 0;
const at = (seconds: number) => new Date(Date.parse('2026-03-15T03:10:00.000Z') + seconds * 1000);

describe.each<[string, () => SubscriptionStore]>([
  ['memory', () => new MemorySubscriptionStore()],
  ['dynamo', () => new DynamoSubscriptionStore({ client: dynamo.doc, tableName: dynamo.tableName })],
])('SubscriptionStore contract: %s', (_name, make) => {
  it('stores, replaces and deletes a record', async () => {
    const store = make();
    const emailHash = `h${++seq}`;
    expect(await store.get(emailHash)).toBeNull();
    const record = { emailHash, arn: 'arn:1', filterPolicy: null, requestedAt: '2026-03-15T03:10:00.000Z' };
    await store.put(record);
    expect(await store.get(emailHash)).toEqual(record);
    const replaced = { ...record, arn: 'arn:2', filterPolicy: '{"status":["down"]}' };
    await store.put(replaced);
    expect(await store.get(emailHash)).toEqual(replaced);
    await store.delete(emailHash);
    expect(await store.get(emailHash)).toBeNull();
  });
});

describe.each<[string, () => RateLimiter]>([
  ['memory', () => new MemoryRateLimiter()],
  ['dynamo', () => new DynamoRateLimiter({ client: dynamo.doc, tableName: dynamo.tableName })],
])('RateLimiter contract: %s', (_name, make) => {
  it('allows the limit per window, tells when to retry, and starts over in the next window', async () => {
    const limiter = make();
    const key = `k${++seq}`;
    const rule = { limit: 2, windowSeconds: 60 };
    expect(await limiter.consume(key, rule, at(0))).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await limiter.consume(key, rule, at(1))).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await limiter.consume(key, rule, at(15))).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(await limiter.consume(`${key}-other`, rule, at(15))).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
    });
    expect(await limiter.consume(key, rule, at(60))).toEqual({ allowed: true, retryAfterSeconds: 0 });
  });

  it('keeps rules with different windows apart for the same key', async () => {
    const limiter = make();
    const key = `k${++seq}`;
    expect((await limiter.consume(key, { limit: 1, windowSeconds: 60 }, at(0))).allowed).toBe(true);
    expect((await limiter.consume(key, { limit: 1, windowSeconds: 3600 }, at(0))).allowed).toBe(true);
    expect((await limiter.consume(key, { limit: 1, windowSeconds: 60 }, at(1))).allowed).toBe(false);
  });

  it('admits exactly the limit out of concurrent requests', async () => {
    const limiter = make();
    const key = `k${++seq}`;
    const decisions = await Promise.all(
      Array.from({ length: 20 }, () => limiter.consume(key, { limit: 5, windowSeconds: 3600 }, at(0))),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });
});

describe('DynamoDB layout of the subscription items', () => {
  it('keys records by email hash with a TTL, and counters by key and window', async () => {
    const store = new DynamoSubscriptionStore({
      client: dynamo.doc,
      tableName: dynamo.tableName,
      retentionDays: 1,
    });
    await store.put({
      emailHash: 'abc',
      arn: 'arn:x',
      filterPolicy: null,
      requestedAt: '2026-03-15T03:10:00.000Z',
    });
    const { Item } = await dynamo.doc.send(
      new GetCommand({ TableName: dynamo.tableName, Key: { pk: 'SUBSCRIPTION#abc', sk: 'EMAIL' } }),
    );
    expect(Item).toMatchObject({ arn: 'arn:x', expiresAt: Date.parse('2026-03-16T03:10:00.000Z') / 1000 });
    expect(JSON.stringify(Item)).not.toContain('@');

    await new DynamoRateLimiter({ client: dynamo.doc, tableName: dynamo.tableName }).consume(
      'global',
      { limit: 5, windowSeconds: 3600 },
      at(0),
    );
    const counter = await dynamo.doc.send(
      new GetCommand({
        TableName: dynamo.tableName,
        Key: { pk: 'RATE#global', sk: '3600#2026-03-15T03:00:00.000Z' },
      }),
    );
    expect(counter.Item).toMatchObject({
      count: 1,
      expiresAt: Date.parse('2026-03-15T05:00:00.000Z') / 1000,
    });
  });
});
