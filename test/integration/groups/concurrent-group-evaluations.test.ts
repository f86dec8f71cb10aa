import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoResultStore } from '../../../shared/adapters/aws/dynamo-result-store.js';
import { DynamoStateStore } from '../../../shared/adapters/aws/dynamo-state-store.js';
import { DynamoTransitionStore } from '../../../shared/adapters/aws/dynamo-transition-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { groupWorld } from '../../unit/groups/group-fakes.js';

let dynamo: LocalDynamo;
// A table per test: the groups' ids are fixed, and each test starts from no state.
beforeEach(async () => {
  dynamo = await startDynalite();
});
afterEach(async () => {
  await dynamo?.close();
});

function dynamoGroupWorld() {
  const options = { client: dynamo.doc, tableName: dynamo.tableName };
  return groupWorld({
    results: new DynamoResultStore(options),
    states: new DynamoStateStore(options),
    transitions: new DynamoTransitionStore(options),
  });
}

describe('concurrent group evaluations against DynamoDB (dynalite)', () => {
  it.each([
    { clocks: 'the same instant', spreadMs: 0 },
    { clocks: 'instants 1 ms apart', spreadMs: 1 },
  ])(
    '10 evaluations at $clocks create exactly one group transition, published once',
    async ({ spreadMs }) => {
      const w = dynamoGroupWorld();
      await w.settle('svc-qr', 'up', -300);
      await w.settle('svc-qr-2', 'up', -300);
      await w.groupEvaluator().evaluate('validasi');
      // any-up: the group fails only when both members fail.
      await w.settle('svc-qr', 'down', 0);
      await w.settle('svc-qr-2', 'down', 0);
      const evaluators = Array.from({ length: 10 }, (_, i) =>
        w.groupEvaluator(`invocation-${i}`, {
          clock: () => new Date(w.clock.now().getTime() + 1000 + i * spreadMs),
        }),
      );
      const reports = await Promise.all(evaluators.map((e) => e.evaluate('validasi')));

      expect(reports.flatMap((r) => r.transitions).map((t) => `${t.from}→${t.to}`)).toEqual(['up→down']);
      const stored = await w.transitions.list('group:validasi', { limit: 10 });
      expect(stored.map((t) => `${t.from}→${t.to}`)).toEqual(['up→down', 'unknown→up']);
      expect(stored[0]?.notification).toMatchObject({ state: 'sent' });
      const told = w.publisher.published.filter((p) => p.transition.targetId === 'group:validasi');
      expect(told.map((p) => p.transition.to)).toEqual(['down']);
      expect(await w.states.get('group:validasi')).toMatchObject({
        status: 'down',
        outbox: [],
        outboxLease: null,
      });
      // The group's items never mix with a target's: its state is not the member's.
      expect(await w.states.get('svc-qr')).toMatchObject({ targetId: 'svc-qr', status: 'down' });
    },
  );
});
