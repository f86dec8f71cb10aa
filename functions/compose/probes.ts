import type { FleetConfig } from '../../shared/config/fleet-config.js';
import type { RunQueue } from '../../shared/probe/run-queue.js';
import { probeUserAgent } from '../../shared/probe/user-agent.js';
import type { ResultStore } from '../../shared/store/result-store.js';
import { createProbeHandler } from '../probe/create-probe-handler.js';
import { useProbeDimensions } from '../probe/probe-metrics.js';
import type { FunctionSinks } from './sinks.js';

export interface ProbeParts {
  readonly config: FleetConfig;
  readonly region: string;
  readonly store: ResultStore;
  /** The probe's logger, and its metrics when they are kept apart from the handler's own. */
  readonly sinks: Pick<FunctionSinks, 'logger'> & Partial<Pick<FunctionSinks, 'metrics'>>;
  /** Where schedule ticks put the runs they plan (deployed: the region's SQS queue). */
  readonly runs?: RunQueue;
  /** Product version for the User-Agent; the shipped one by default. */
  readonly version?: string;
  /** The fleet's time, for results and schedules; latency stays on the monotonic clock. */
  readonly clock?: () => Date;
}

/** The probe function of one region; its User-Agent names the region. */
export function composeProbe(parts: ProbeParts) {
  const { region, sinks, clock } = parts;
  return createProbeHandler({
    config: parts.config,
    region,
    store: parts.store,
    logger: sinks.logger,
    ...(sinks.metrics !== undefined && { metrics: useProbeDimensions(sinks.metrics, region) }),
    probe: {
      userAgent: probeUserAgent(region, parts.version),
      ...(clock !== undefined && { now: clock }),
    },
    ...(parts.runs !== undefined && { runs: parts.runs }),
    ...(clock !== undefined && { clock }),
  });
}

/** One probe function per probe region of the configuration, each with its own sinks. */
export function composeProbeSet(
  parts: Omit<ProbeParts, 'region' | 'sinks' | 'runs'> & {
    readonly sinks: (region: string) => FunctionSinks;
  },
): ReadonlyMap<string, ReturnType<typeof composeProbe>> {
  return new Map(
    parts.config.probeRegions.map((region) => [
      region,
      composeProbe({ ...parts, region, sinks: parts.sinks(region) }),
    ]),
  );
}
