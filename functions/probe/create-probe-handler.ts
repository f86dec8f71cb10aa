import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { FleetConfig, TargetConfig } from '../../shared/config/fleet-config.js';
import type { ProbeDeps } from '../../shared/probe/probe-target.js';
import { runProbe, selectTargets } from '../../shared/probe/run-probe.js';
import type { ResultStore } from '../../shared/store/result-store.js';
import type { ProbeResult, ProbeStatus, ReasonCode } from '../../shared/types.js';
import { parseProbeEvent } from './probe-event.js';
import { publishProbeMetrics } from './probe-metrics.js';

/** Results that could not be stored even after the client's retries: the invocation fails so it is retried. */
export class ResultWriteError extends Error {
  constructor(readonly failures: readonly { readonly targetId: string; readonly message: string }[]) {
    super(
      `could not store ${failures.length} probe result(s): ${failures.map((f) => `${f.targetId}: ${f.message}`).join('; ')}`,
    );
    this.name = 'ResultWriteError';
  }
}

export interface ProbeHandlerDeps {
  readonly config: FleetConfig;
  /** The region this probe speaks for. */
  readonly region: string;
  readonly store: ResultStore;
  readonly logger: Logger;
  /** With the dimensions of `useProbeDimensions`. */
  readonly metrics: Metrics;
  /** HTTP, clock and pause overrides (tests, local mode). */
  readonly probe?: ProbeDeps;
}

export interface ProbeRunSummary {
  readonly region: string;
  readonly trigger: 'schedule' | 'burst';
  readonly control: boolean | null;
  readonly results: readonly {
    readonly targetId: string;
    readonly status: ProbeStatus;
    readonly reason: ReasonCode;
    readonly detail: string;
  }[];
}

function logResult(logger: Logger, result: ProbeResult): void {
  const fields = {
    targetId: result.targetId,
    region: result.region,
    status: result.status,
    reason: result.reason,
    detail: result.detail,
    latencyMs: result.latencyMs,
    httpStatus: result.httpStatus,
    checkedAt: result.checkedAt,
    attempts: result.attempts.map((a) => `${a.status}/${a.reason}`),
    control: result.control?.ok ?? null,
    tlsDaysLeft: result.tls?.daysLeft ?? null,
  };
  if (result.status === 'up') logger.info('probe result', fields);
  else logger.warn('probe result', fields);
}

/**
 * The probe function: parse the event, probe (every target, or the one a burst names), store each result,
 * emit metrics and logs. A result that cannot be stored fails the invocation after every write was tried.
 */
export function createProbeHandler(deps: ProbeHandlerDeps): (event: unknown) => Promise<ProbeRunSummary> {
  const { config, region, store, logger, metrics } = deps;
  return async (event) => {
    const request = parseProbeEvent(event);
    const targets: TargetConfig[] =
      request.targetIds === null
        ? [...config.targets]
        : request.targetIds.flatMap((id) => selectTargets(config, id));
    if (request.trigger === 'burst') {
      logger.info('burst confirmation', {
        targets: targets.map((t) => t.id),
        requestedBy: request.requestedBy,
      });
    }
    const results = await runProbe(config, region, deps.probe, { targets });
    for (const result of results) logResult(logger, result);

    const writes = await Promise.allSettled(results.map((result) => store.put(result)));
    const failures = writes.flatMap((write, i) => {
      if (write.status === 'fulfilled') return [];
      const message = write.reason instanceof Error ? write.reason.message : String(write.reason);
      const targetId = results[i]?.targetId ?? '?';
      logger.error('probe result not stored', { targetId, region, error: write.reason as Error });
      return [{ targetId, message }];
    });
    publishProbeMetrics(metrics, results, results.length - failures.length);
    if (failures.length > 0) throw new ResultWriteError(failures);

    return {
      region,
      trigger: request.trigger,
      control: results[0]?.control?.ok ?? null,
      results: results.map(({ targetId, status, reason, detail }) => ({ targetId, status, reason, detail })),
    };
  };
}
