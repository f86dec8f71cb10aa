import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { vi } from 'vitest';
import { createAggregatorHandler } from '../../../functions/aggregator/create-aggregator-handler.js';
import { GroupEvaluator, type GroupEvaluatorOptions } from '../../../shared/consensus/evaluate-group.js';
import { MemoryStateStore } from '../../../shared/store/memory-state-store.js';
import { type BatchStateReader, PrefetchedStateStore } from '../../../shared/store/prefetched-state-store.js';
import type { StateStore } from '../../../shared/store/state-store.js';
import type { ProbeStatus } from '../../../shared/types.js';
import { world } from '../consensus/evaluation-fakes.js';
import { POLICY } from '../consensus/fleet-harness.js';

export const GROUPS = [
  { id: 'faktur', targets: ['svc-wsdl', 'coretax'], rule: 'worst' as const },
  { id: 'validasi', targets: ['svc-qr', 'svc-qr-2'], rule: 'any-up' as const },
];

/** A world with group evaluators over its stores. */
export function groupWorld(
  stores: Omit<NonNullable<Parameters<typeof world>[0]>, 'states'> & {
    states?: StateStore & BatchStateReader;
  } = {},
) {
  const states = stores.states ?? new MemoryStateStore();
  const w = { ...world({ ...stores, states }), states };
  const groupEvaluator = (owner = 'group-evaluator', overrides: Partial<GroupEvaluatorOptions> = {}) =>
    new GroupEvaluator({
      states: w.states,
      transitions: w.transitions,
      publisher: w.publisher,
      groups: GROUPS,
      intervalMs: POLICY.intervalMs,
      clock: w.clock.now,
      owner,
      ...overrides,
    });
  /** Every region reports `status` for `targetId` twice (one interval apart), then the target is evaluated. */
  const settle = async (targetId: string, status: ProbeStatus, seconds: number) => {
    await w.round(seconds, [status, status, status], targetId);
    await w.round(seconds + 60, [status, status, status], targetId);
    w.clock.seconds = seconds + 61;
    return w.evaluator().evaluate(targetId);
  };
  return { ...w, groupEvaluator, settle };
}

/** The aggregator handler over a group world, as the Lambda wires it. */
export function groupAggregator(w: ReturnType<typeof groupWorld>, targetIds: readonly string[]) {
  const metrics = new Metrics({ namespace: 'EfakturFleet' });
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(
    () => metrics.clearMetrics() as unknown as Metrics,
  );
  return createAggregatorHandler({
    targetIds,
    readStates: (ids) => w.states.getMany(ids),
    evaluatorFor: (owner, prefetched) =>
      w.evaluator(owner, {
        states: prefetched === undefined ? w.states : new PrefetchedStateStore(w.states, prefetched),
      }),
    groupIds: GROUPS.map((g) => g.id),
    groupEvaluatorFor: (owner) => w.groupEvaluator(owner),
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics,
  });
}
