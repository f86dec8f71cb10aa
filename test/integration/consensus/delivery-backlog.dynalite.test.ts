import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '../../../shared/adapters/aws/dynamo-state-store.js';
import { DynamoTransitionStore } from '../../../shared/adapters/aws/dynamo-transition-store.js';
import { MAX_INDIVIDUAL_NOTICES } from '../../../shared/consensus/delivery-plan.js';
import { dynamoItemBytes } from '../../../shared/store/item-size.js';
import { MAX_STATE_ITEM_BYTES } from '../../../shared/store/state-store.js';
import { keys } from '../../../shared/store/table-keys.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { everyTransition, flappingFleet, HOUR } from '../../unit/consensus/flapping-fleet.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

describe('a delivery backlog in DynamoDB (dynalite, 30 regions)', () => {
  it('keeps the stored state item under its bound while SNS fails, then tells the backlog once', async () => {
    const options = { client: dynamo.doc, tableName: dynamo.tableName };
    let down = true;
    const fleet = flappingFleet({
      cycleMinutes: 10,
      failing: () => down,
      states: new DynamoStateStore(options),
      transitions: new DynamoTransitionStore(options),
    });
    let largestStored = 0;
    for (let s = 0; s < 2 * HOUR; s += 60) {
      await fleet.sweep(s);
      if (s % 600 === 0) {
        const { Item } = await dynamo.doc.send(
          new GetCommand({
            TableName: dynamo.tableName,
            Key: { pk: keys.statePk('svc-wsdl'), sk: keys.stateSk },
          }),
        );
        largestStored = Math.max(largestStored, dynamoItemBytes(Item ?? {}));
      }
    }
    const waiting = (await everyTransition(fleet.transitions)).filter((t) => t.audience !== 'ops');
    expect(waiting.length).toBeGreaterThan(MAX_INDIVIDUAL_NOTICES * 3);
    expect(waiting.every((t) => t.notification.state === 'pending')).toBe(true);
    expect(largestStored).toBeGreaterThan(0);
    expect(largestStored).toBeLessThanOrEqual(MAX_STATE_ITEM_BYTES);
    expect(fleet.largestStateBytes).toBeLessThanOrEqual(MAX_STATE_ITEM_BYTES);

    down = false;
    for (let s = 2 * HOUR; s < 2 * HOUR + 5 * 60; s += 60) await fleet.sweep(s);
    const [backlog] = fleet.publisher.published;
    const after = (await everyTransition(fleet.transitions)).filter((t) => t.audience !== 'ops');
    const told = after.filter((t) => t.at < backlog!.transition.at);
    expect(backlog?.transition.notification.summary?.count).toBe(told.length);
    expect(told.every((t) => t.notification.state === 'summarised')).toBe(true);
    expect(after.filter((t) => t.notification.state === 'pending')).toEqual([]);
  }, 120_000);
});
