import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoResultStore } from '../../../shared/adapters/aws/dynamo-result-store.js';
import { DynamoStateStore } from '../../../shared/adapters/aws/dynamo-state-store.js';
import { DynamoTransitionStore } from '../../../shared/adapters/aws/dynamo-transition-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { world } from '../../unit/consensus/evaluation-fakes.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

function dynamoWorld() {
  const options = { client: dynamo.doc, tableName: dynamo.tableName };
  return world({
    results: new DynamoResultStore(options),
    states: new DynamoStateStore(options),
    transitions: new DynamoTransitionStore(options),
  });
}

let targetSeq = 0;

/** A target up for two minutes, then down in every region twice: the next evaluation must decide `down`. */
async function targetGoingDown(w: ReturnType<typeof dynamoWorld>): Promise<string> {
  const targetId = `svc-${++targetSeq}`;
  await w.round(-120, ['up', 'up', 'up'], targetId);
  await w.round(-60, ['up', 'up', 'up'], targetId);
  w.clock.seconds = -59;
  await w.evaluator().evaluate(targetId);
  await w.round(0, ['down', 'down', 'down'], targetId);
  await w.round(60, ['down', 'down', 'down'], targetId);
  return targetId;
}

describe('concurrent evaluations against DynamoDB (dynalite)', () => {
  it.each([
    { clocks: 'the same instant', spreadMs: 0 },
    { clocks: 'instants 1 ms apart', spreadMs: 1 },
  ])('10 evaluations at $clocks create exactly one transition, published once', async ({ spreadMs }) => {
    const w = dynamoWorld();
    const targetId = await targetGoingDown(w);
    const evaluators = Array.from({ length: 10 }, (_, i) =>
      w.evaluator(`invocation-${i}`, {
        clock: () => new Date(w.clock.now().getTime() + 1000 + i * spreadMs),
      }),
    );
    const reports = await Promise.all(evaluators.map((e) => e.evaluate(targetId)));

    expect(reports.flatMap((r) => r.transitions).map((t) => `${t.from}→${t.to}`)).toEqual(['up→down']);
    const stored = await w.transitions.list(targetId, { limit: 10 });
    expect(stored.map((t) => `${t.from}→${t.to}`)).toEqual(['up→down', 'unknown→up']);
    expect(w.publisher.published.map((p) => p.transition.to)).toEqual(['down']);
    expect(stored[0]?.notification).toMatchObject({ state: 'sent', messageId: 'msg-1' });
    const state = await w.states.get(targetId);
    expect(state).toMatchObject({ status: 'down', outbox: [], outboxLease: null });
  });

  it('publishes exactly once when SNS fails and then recovers', async () => {
    const w = dynamoWorld();
    const targetId = await targetGoingDown(w);
    w.publisher.failNext(1);
    w.clock.seconds = 61;
    const first = await w.evaluator().evaluate(targetId);
    expect(first.delivery).toMatchObject({ pending: 1, published: [] });
    w.clock.seconds = 120;
    const sweeps = await Promise.all([w.evaluator().evaluate(targetId), w.evaluator().evaluate(targetId)]);
    expect(sweeps.flatMap((r) => r.delivery.published)).toHaveLength(1);
    w.clock.seconds = 180;
    await w.evaluator().evaluate(targetId);
    expect(w.publisher.published.map((p) => p.transition.at)).toEqual([first.transitions[0]?.at]);
    expect((await w.states.get(targetId))?.outbox).toEqual([]);
  });
});
