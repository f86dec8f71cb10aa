import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoResultStore } from '../../../shared/adapters/aws/dynamo-result-store.js';
import { DynamoStateStore } from '../../../shared/adapters/aws/dynamo-state-store.js';
import { DynamoTransitionStore } from '../../../shared/adapters/aws/dynamo-transition-store.js';
import type { MaintenanceWindow } from '../../../shared/maintenance/maintenance-window.js';
import { MemoryMaintenanceWindowSource } from '../../../shared/maintenance/window-sources.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { world } from '../../unit/consensus/evaluation-fakes.js';
import { iso } from '../../unit/consensus/fleet-harness.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

let targetSeq = 0;

/** A target up for two minutes (results at -120 and -60 s, evaluated), with a window from 30 to 90 minutes. */
async function upTarget() {
  const targetId = `svc-${++targetSeq}`;
  const window: MaintenanceWindow = {
    id: 'config-1',
    targets: [targetId],
    start: iso(30 * 60),
    end: iso(90 * 60),
    note: 'PENG-18/PJ.09/2024',
    source: 'config',
  };
  const options = { client: dynamo.doc, tableName: dynamo.tableName };
  const w = world({
    results: new DynamoResultStore(options),
    states: new DynamoStateStore(options),
    transitions: new DynamoTransitionStore(options),
  });
  const windows = new MemoryMaintenanceWindowSource([window]);
  await w.round(-120, ['up', 'up', 'up'], targetId);
  await w.round(-60, ['up', 'up', 'up'], targetId);
  w.clock.seconds = -59;
  await w.evaluator().evaluate(targetId);
  return { w, targetId, windows };
}

describe('advance notices of maintenance windows against DynamoDB (dynalite)', () => {
  it('10 concurrent sweeps and later ones tell a window exactly once, published once', async () => {
    const { w, targetId, windows } = await upTarget();
    w.clock.seconds = 0;
    const sweeps = Array.from({ length: 10 }, (_, i) => w.evaluator(`sweep-${i}`, { windows }));
    const reports = await Promise.all(sweeps.map((e) => e.evaluate(targetId)));
    expect(reports.flatMap((r) => r.transitions).map((t) => t.rule)).toEqual(['maintenance_notice']);
    for (const seconds of [60, 120, 29 * 60]) {
      w.clock.seconds = seconds;
      await w.round(seconds, ['up', 'up', 'up'], targetId);
      await Promise.all([
        w.evaluator('a', { windows }).evaluate(targetId),
        w.evaluator('b', { windows }).evaluate(targetId),
      ]);
    }
    const stored = await w.transitions.list(targetId, { limit: 10 });
    expect(stored.filter((t) => t.rule === 'maintenance_notice')).toHaveLength(1);
    expect(w.publisher.published.map((p) => [p.transition.rule, p.transition.window?.note])).toEqual([
      ['maintenance_notice', 'PENG-18/PJ.09/2024'],
    ]);
    expect(await w.states.get(targetId)).toMatchObject({ status: 'up', outbox: [] });
  });

  it('tells a failure inside the window as announced maintenance through the evaluator', async () => {
    const { w, targetId, windows } = await upTarget();
    for (const seconds of [31 * 60, 32 * 60]) {
      await w.round(seconds, ['down', 'down', 'down'], targetId);
      w.clock.seconds = seconds + 1;
      await w.evaluator('sweep', { windows }).evaluate(targetId);
    }
    const told = w.publisher.published.map((p) => p.transition);
    expect(told.map((t) => t.rule)).toEqual(['announced_maintenance']);
    expect(told[0]).toMatchObject({ from: 'up', to: 'maintenance', window: { id: 'config-1' } });
  });
});
