import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import type { EvaluationReport } from '../../shared/consensus/evaluate-target.js';
import { STATUS_LEVEL } from '../../shared/metric-names.js';
import type { ConsensusState } from '../../shared/types.js';
import { parseAggregatorEvent } from './aggregator-event.js';
import { publishSweepMetrics } from './aggregator-metrics.js';
import {
  evaluateGroups,
  type GroupEvaluatorPort,
  type GroupRound,
  groupsContaining,
  logGroupSweepLine,
} from './evaluate-groups.js';

/** Some targets could not be evaluated by the sweep; the others were, and the next sweep retries. */
export class SweepFailedError extends Error {
  constructor(readonly failures: readonly { readonly targetId: string; readonly error: string }[]) {
    super(`sweep could not evaluate ${failures.map((f) => `${f.targetId} (${f.error})`).join(', ')}`);
    this.name = 'SweepFailedError';
  }
}

/** Evaluates one target (see `TargetEvaluator`). */
export interface Evaluator {
  evaluate(targetId: string): Promise<EvaluationReport>;
}

/** The states a sweep read in one go, by target (`null`: none stored yet). */
export type PrefetchedStates = ReadonlyMap<string, ConsensusState | null>;

/** Evaluations a sweep runs at once: each makes 1 + regions reads and a write, so 100 targets stay orderly. */
export const SWEEP_CONCURRENCY = 16;

export interface AggregatorHandlerDeps {
  /** The configured targets: the sweep evaluates each; stream records of other targets are ignored. */
  readonly targetIds: readonly string[];
  /**
   * An evaluator for one invocation; `invocationId` names its outbox lease. A sweep passes the states it read in
   * one go, for the first read of each evaluation.
   */
  readonly evaluatorFor: (invocationId: string, prefetched?: PrefetchedStates) => Evaluator;
  /** Reads many targets' states at once (a sweep's batch read); without it, each evaluation reads its own. */
  readonly readStates?: (targetIds: readonly string[]) => Promise<PrefetchedStates>;
  /** @default SWEEP_CONCURRENCY */
  readonly sweepConcurrency?: number;
  /** The configured service groups: the sweep evaluates each after the targets. @default none */
  readonly groupIds?: readonly string[];
  /**
   * A group evaluator for one invocation (reading states directly, never a sweep's batch read); a stream batch
   * evaluates the groups of its targets after them. Without one, groups are not evaluated.
   */
  readonly groupEvaluatorFor?: (invocationId: string) => GroupEvaluatorPort;
  readonly logger: Logger;
  /** With the dimensions of `useAggregatorDimensions`. */
  readonly metrics: Metrics;
}

export interface SweepSummary {
  readonly evaluated: readonly string[];
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The aggregator: a stream batch evaluates each target whose results arrived and reports the targets that failed
 * as batch item failures (Lambda retries from there); the sweep evaluates every configured target, which turns
 * silence into `unknown` and publishes what earlier evaluations left in the outbox.
 */
export function createAggregatorHandler(
  deps: AggregatorHandlerDeps,
): (
  event: unknown,
  context?: { readonly awsRequestId?: string },
) => Promise<DynamoDBBatchResponse | SweepSummary> {
  const { logger, metrics } = deps;
  const known = new Set(deps.targetIds);

  const evaluateAll = async (
    targetIds: readonly string[],
    invocationId: string,
    concurrency: number,
    prefetched?: PrefetchedStates,
  ) => {
    const evaluator = deps.evaluatorFor(invocationId, prefetched);
    const outcomes = await settleBounded(targetIds, concurrency, (id) => evaluator.evaluate(id));
    const failures: { targetId: string; error: string }[] = [];
    const reports: EvaluationReport[] = [];
    outcomes.forEach((outcome, i) => {
      const targetId = targetIds[i]!;
      if (outcome.status === 'fulfilled') {
        logEvaluation(outcome.value, logger);
        reports.push(outcome.value);
      } else {
        logger.error('evaluation failed', { targetId, error: outcome.reason as Error });
        failures.push({ targetId, error: errorText(outcome.reason) });
      }
    });
    return { failures, reports };
  };

  return async (event, context) => {
    const request = parseAggregatorEvent(event);
    const invocationId = context?.awsRequestId ?? `local-${Date.now()}`;
    if (request.kind === 'stream') {
      const unknownTargets = [...request.targets.keys()].filter((id) => !known.has(id));
      if (unknownTargets.length > 0)
        logger.warn('results of unconfigured targets ignored', { unknownTargets });
      const targetIds = [...request.targets.keys()].filter((id) => known.has(id));
      const { failures } = await evaluateAll(targetIds, invocationId, targetIds.length);
      const failed = new Set(failures.map((f) => f.targetId));
      // A group that failed retries with its members' records: Lambda re-delivers from the first of them.
      for (const id of await failedGroupMembers(deps, targetIds, invocationId)) failed.add(id);
      return {
        batchItemFailures: [...failed].map((id) => ({ itemIdentifier: request.targets.get(id)! })),
      };
    }
    const prefetched = await prefetchStates(deps, deps.targetIds);
    const { failures, reports } = await evaluateAll(
      deps.targetIds,
      invocationId,
      deps.sweepConcurrency ?? SWEEP_CONCURRENCY,
      prefetched,
    );
    // One line per target: the per-target detail the dashboard's log queries read (no per-target metric).
    for (const r of reports) logSweepLine(r, logger);
    const groups = await sweepGroups(deps, invocationId);
    publishSweepMetrics(metrics, reports, groups.reports);
    const all = [
      ...failures,
      ...groups.failures.map((f) => ({ targetId: `group:${f.groupId}`, error: f.error })),
    ];
    if (all.length > 0) throw new SweepFailedError(all);
    return { evaluated: deps.targetIds };
  };
}

function logEvaluation(r: EvaluationReport, logger: Logger): void {
  for (const t of r.transitions) {
    const fields = {
      targetId: t.targetId,
      at: t.at,
      from: t.from,
      to: t.to,
      rule: t.rule,
      audience: t.audience,
    };
    if (t.audience === 'ops') logger.warn('consensus changed (operators only)', fields);
    else logger.info('consensus changed', fields);
  }
  if (r.burst !== null) {
    const fields = { targetId: r.targetId, regions: r.burst.regions, requestedBy: r.burst.requestedBy };
    if (r.burst.error === null) logger.info('burst confirmation requested', fields);
    else logger.warn('burst confirmation failed', { ...fields, error: r.burst.error });
  }
  for (const f of r.delivery.failures) {
    logger.warn('notification not published', { targetId: r.targetId, at: f.at, error: f.error });
  }
  for (const p of r.delivery.published) {
    logger.info('notification published', { targetId: r.targetId, at: p.at, messageId: p.messageId });
  }
  if (r.status === 'unknown') {
    logger.warn('consensus unknown: too few regions vote', { targetId: r.targetId, stale: r.staleRegions });
  }
}

/** One line per target: the per-target detail the dashboard's log queries read (no per-target metric). */
function logSweepLine(r: EvaluationReport, logger: Logger): void {
  logger.info('consensus', {
    targetId: r.targetId,
    status: r.status,
    level: STATUS_LEVEL[r.status],
    notVoting: r.staleRegions.join(' '),
    stale: r.staleRegions.length,
    pending: r.delivery.pending,
    oldestPendingSeconds: r.delivery.oldestPendingSeconds,
  });
}

/** The sweep's states in one batch read; a failed batch read only costs each evaluation its own read. */
async function prefetchStates(
  deps: AggregatorHandlerDeps,
  targetIds: readonly string[],
): Promise<PrefetchedStates | undefined> {
  if (deps.readStates === undefined) return undefined;
  try {
    return await deps.readStates(targetIds);
  } catch (error) {
    deps.logger.warn('batch read of states failed: each evaluation reads its own', { error: error as Error });
    return undefined;
  }
}

/** Evaluates the groups of a stream batch's targets; returns the targets that are members of a group that failed. */
async function failedGroupMembers(
  deps: AggregatorHandlerDeps,
  targetIds: readonly string[],
  invocationId: string,
): Promise<string[]> {
  if (deps.groupEvaluatorFor === undefined) return [];
  const evaluator = deps.groupEvaluatorFor(invocationId);
  const round = await evaluateGroups(evaluator, groupsContaining(evaluator, targetIds), deps.logger);
  const failed = new Set(round.failures.map((f) => f.groupId));
  return targetIds.filter((id) => evaluator.groupsOf(id).some((g) => failed.has(g)));
}

/** Every group, after every target of the sweep. */
async function sweepGroups(deps: AggregatorHandlerDeps, invocationId: string): Promise<GroupRound> {
  if (deps.groupEvaluatorFor === undefined || (deps.groupIds ?? []).length === 0) {
    return { reports: [], failures: [] };
  }
  const round = await evaluateGroups(deps.groupEvaluatorFor(invocationId), deps.groupIds ?? [], deps.logger);
  for (const r of round.reports) logGroupSweepLine(r, deps.logger);
  return round;
}

/** `Promise.allSettled` over `items`, with at most `limit` calls of `fn` under way at once; results in order. */
async function settleBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const out: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = { status: 'fulfilled', value: await fn(items[i]!) };
      } catch (reason) {
        out[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
