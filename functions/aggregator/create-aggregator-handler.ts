import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import type { EvaluationReport } from '../../shared/consensus/evaluate-target.js';
import { parseAggregatorEvent } from './aggregator-event.js';
import { publishEvaluationMetrics } from './aggregator-metrics.js';

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

export interface AggregatorHandlerDeps {
  /** The configured targets: the sweep evaluates each; stream records of other targets are ignored. */
  readonly targetIds: readonly string[];
  /** An evaluator for one invocation; `invocationId` names its outbox lease. */
  readonly evaluatorFor: (invocationId: string) => Evaluator;
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

  const evaluateAll = async (targetIds: readonly string[], invocationId: string) => {
    const evaluator = deps.evaluatorFor(invocationId);
    const outcomes = await Promise.allSettled(targetIds.map((id) => evaluator.evaluate(id)));
    const failures: { targetId: string; error: string }[] = [];
    outcomes.forEach((outcome, i) => {
      const targetId = targetIds[i]!;
      if (outcome.status === 'fulfilled') {
        report(outcome.value);
        publishEvaluationMetrics(metrics, outcome.value);
      } else {
        logger.error('evaluation failed', { targetId, error: outcome.reason as Error });
        failures.push({ targetId, error: errorText(outcome.reason) });
      }
    });
    return failures;
  };

  const report = (r: EvaluationReport) => {
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
  };

  return async (event, context) => {
    const request = parseAggregatorEvent(event);
    const invocationId = context?.awsRequestId ?? `local-${Date.now()}`;
    if (request.kind === 'stream') {
      const unknownTargets = [...request.targets.keys()].filter((id) => !known.has(id));
      if (unknownTargets.length > 0)
        logger.warn('results of unconfigured targets ignored', { unknownTargets });
      const targetIds = [...request.targets.keys()].filter((id) => known.has(id));
      const failures = await evaluateAll(targetIds, invocationId);
      return {
        batchItemFailures: failures.map((f) => ({ itemIdentifier: request.targets.get(f.targetId)! })),
      };
    }
    const failures = await evaluateAll(deps.targetIds, invocationId);
    if (failures.length > 0) throw new SweepFailedError(failures);
    return { evaluated: deps.targetIds };
  };
}
