import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { FleetConfig, TargetConfig } from '../../shared/config/fleet-config.js';
import { phaseDriftMs, planTick } from '../../shared/probe/probe-schedule.js';
import type { ProbeDeps } from '../../shared/probe/probe-target.js';
import { runProbeWithin, selectTargets } from '../../shared/probe/run-probe.js';
import type { RunQueue } from '../../shared/probe/run-queue.js';
import type { ResultStore } from '../../shared/store/result-store.js';
import type { ProbeResult, ProbeStatus, ReasonCode } from '../../shared/types.js';
import { parseProbeEvent } from './probe-event.js';

/** Results that could not be stored even after the client's retries: the invocation fails so it is retried. */
export class ResultWriteError extends Error {
  constructor(readonly failures: readonly { readonly targetId: string; readonly message: string }[]) {
    super(
      `could not store ${failures.length} probe result(s): ${failures.map((f) => `${f.targetId}: ${f.message}`).join('; ')}`,
    );
    this.name = 'ResultWriteError';
  }
}

/** A tick arrived at a probe that has no run queue (local mode schedules its rounds itself). */
export class NoRunQueueError extends Error {
  constructor() {
    super('a schedule tick arrived, but this probe has no run queue to plan runs on');
    this.name = 'NoRunQueueError';
  }
}

export interface ProbeHandlerDeps {
  readonly config: FleetConfig;
  /** The region this probe speaks for. */
  readonly region: string;
  readonly store: ResultStore;
  readonly logger: Logger;
  /**
   * Not used: the probe emits no custom metric (see `useProbeDimensions`); accepted so that callers that still
   * pass one compile.
   * @deprecated
   */
  readonly metrics?: Metrics;
  /** HTTP, clock and pause overrides (tests, local mode). */
  readonly probe?: ProbeDeps;
  /** Where ticks put their runs (the probe's own SQS queue in AWS); without one, ticks are refused. */
  readonly runs?: RunQueue;
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** When a failed first attempt is worth a suspect result (tests). @default a 0 ms timer (see `SuspectOptions`) */
  readonly suspectGrace?: () => Promise<void>;
  /** How a planned run waits for a slow first attempt (tests). @default a timer (see `SuspectOptions`) */
  readonly suspectTimer?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Time kept after the checks to store the results and log, within the function's deadline. */
export const STORE_MARGIN_MS = 5_000;

/** The part of Lambda's context the probe uses. */
export interface ProbeInvocationContext {
  getRemainingTimeInMillis(): number;
}

/** What an invocation did: a tick plans runs and probes nothing; a run or a burst probes. */
export interface ProbeRunSummary {
  readonly region: string;
  readonly trigger: 'tick' | 'schedule' | 'burst';
  /** A tick's runs, as enqueued (empty for a probe run). */
  readonly planned: readonly { readonly runAt: string; readonly delaySeconds: number }[];
  /** A tick's runs it came too late for (empty for a probe run). */
  readonly missed: readonly string[];
  /** How late the run started against its phase, in milliseconds (`null`: not a planned run). */
  readonly phaseDriftMs: number | null;
  readonly control: boolean | null;
  /** Targets the run left unchecked: their worst case would have ended after the function's deadline. */
  readonly skipped: readonly string[];
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
    // Numbers the saved log queries and the dashboard add up (there is no per-target metric).
    success: result.status === 'up' || result.status === 'degraded' ? 1 : 0,
    controlFailed: result.control !== null && !result.control.ok ? 1 : 0,
  };
  if (result.status === 'up') logger.info('probe result', fields);
  else logger.warn('probe result', fields);
}

type ProbeRequest = ReturnType<typeof parseProbeEvent>;
type TickRequest = Extract<ProbeRequest, { trigger: 'tick' }>;
type RunRequest = Exclude<ProbeRequest, { trigger: 'tick' }>;

/** A minute's tick: its runs are queued on their seconds; a tick that came too late says which runs it missed. */
async function planRuns(deps: ProbeHandlerDeps, request: TickRequest, now: Date): Promise<ProbeRunSummary> {
  const { region, logger } = deps;
  if (deps.runs === undefined) throw new NoRunQueueError();
  const plans = request.ticks.map((tick) => planTick(tick, now));
  const enqueued = plans.flatMap((p) => p.runs);
  const missed = plans.flatMap((p) => p.missed);
  await deps.runs.enqueue(enqueued);
  for (const m of missed) logger.warn('probe run missed: its tick came too late', { region, ...m });
  logger.info('probe runs planned', { region, runs: enqueued });
  return {
    region,
    trigger: 'tick',
    planned: enqueued,
    missed: missed.map((m) => m.runAt),
    phaseDriftMs: null,
    control: null,
    skipped: [],
    results: [],
  };
}

/**
 * A failed first attempt is stored at once as a suspect result, so the consensus can ask the other regions to
 * look while this one waits for its retry; the final result replaces it. A planned run also stores a first
 * attempt still unanswered after the target's slow threshold: a hanging server is re-checked sooner.
 */
function suspectsOf(deps: ProbeHandlerDeps, request: RunRequest) {
  const { region, store, logger } = deps;
  return {
    slow: request.trigger !== 'burst',
    store: async (suspect: ProbeResult) => {
      logger.warn('suspect result', { targetId: suspect.targetId, region, checkedAt: suspect.checkedAt });
      try {
        await store.put(suspect);
      } catch (error) {
        logger.warn('suspect result not stored', {
          targetId: suspect.targetId,
          region,
          error: error as Error,
        });
      }
    },
    ...(deps.suspectGrace !== undefined && { grace: deps.suspectGrace }),
    ...(deps.suspectTimer !== undefined && { after: deps.suspectTimer }),
  };
}

/** Every result is tried; one that could not be stored fails the invocation afterwards, naming each. */
async function storeResults(deps: ProbeHandlerDeps, results: readonly ProbeResult[]): Promise<void> {
  const { region, store, logger } = deps;
  const writes = await Promise.allSettled(results.map((result) => store.put(result)));
  const failures = writes.flatMap((write, i) => {
    if (write.status === 'fulfilled') return [];
    const message = write.reason instanceof Error ? write.reason.message : String(write.reason);
    const targetId = results[i]?.targetId ?? '?';
    logger.error('probe result not stored', { targetId, region, error: write.reason as Error });
    return [{ targetId, message }];
  });
  if (failures.length > 0) throw new ResultWriteError(failures);
}

/** A scheduled run or a burst: check the targets it names within the function's time, store and log each result. */
async function runChecks(
  deps: ProbeHandlerDeps,
  request: RunRequest,
  startedAt: Date,
  context: ProbeInvocationContext | undefined,
): Promise<ProbeRunSummary> {
  const { config, region, logger } = deps;
  const drift = request.runAt === null ? null : phaseDriftMs(request.runAt, startedAt);
  if (request.runAt !== null) {
    logger.info('scheduled run', { region, runAt: request.runAt, phaseDriftMs: drift });
  }
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
  // Checks that could not end before the function's deadline are not started: the others are still stored.
  const deadline =
    context === undefined
      ? undefined
      : startedAt.getTime() + context.getRemainingTimeInMillis() - STORE_MARGIN_MS;
  const { results, skipped } = await runProbeWithin(config, region, deps.probe, {
    targets,
    deadline,
    suspects: suspectsOf(deps, request),
  });
  if (skipped.length > 0) logger.warn('targets not checked: the run would outlast the function', { skipped });
  for (const result of results) logResult(logger, result);
  await storeResults(deps, results);
  return {
    region,
    trigger: request.trigger,
    planned: [],
    missed: [],
    phaseDriftMs: drift,
    control: results[0]?.control?.ok ?? null,
    skipped,
    results: results.map(({ targetId, status, reason, detail }) => ({ targetId, status, reason, detail })),
  };
}

/**
 * The probe function: parse the event, probe (every target, or the one a burst names), store and log each result
 * (no custom metric). A result that cannot be stored fails the invocation after every write was tried.
 */
export function createProbeHandler(
  deps: ProbeHandlerDeps,
): (event: unknown, context?: ProbeInvocationContext) => Promise<ProbeRunSummary> {
  const clock = deps.clock ?? (() => new Date());
  return async (event, context) => {
    const request = parseProbeEvent(event);
    if (request.trigger === 'tick') return planRuns(deps, request, clock());
    return runChecks(deps, request, clock(), context);
  };
}
