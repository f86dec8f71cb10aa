import type { AlertPublisher } from '../../shared/alerts/alert-publisher.js';
import { type FleetConfig, resolvePolicy } from '../../shared/config/fleet-config.js';
import { GroupEvaluator } from '../../shared/consensus/evaluate-group.js';
import { TargetEvaluator } from '../../shared/consensus/evaluate-target.js';
import type { MaintenanceWindowSource } from '../../shared/maintenance/maintenance-window.js';
import {
  configWindowsOf,
  MemoryMaintenanceWindowSource,
  MergedMaintenanceWindowSource,
} from '../../shared/maintenance/window-sources.js';
import type { ProbeTrigger } from '../../shared/probe/probe-trigger.js';
import { type BatchStateReader, PrefetchedStateStore } from '../../shared/store/prefetched-state-store.js';
import type { ResultStore } from '../../shared/store/result-store.js';
import type { StateStore } from '../../shared/store/state-store.js';
import type { TransitionStore } from '../../shared/store/transition-store.js';
import type { ConsensusPolicy } from '../../shared/types.js';
import { useAggregatorDimensions } from '../aggregator/aggregator-metrics.js';
import {
  type AggregatorHandlerDeps,
  createAggregatorHandler,
  type Evaluator,
  type PrefetchedStates,
} from '../aggregator/create-aggregator-handler.js';
import type { GroupEvaluatorPort } from '../aggregator/evaluate-groups.js';
import type { FunctionSinks } from './sinks.js';

export interface EvaluationStores {
  readonly results: ResultStore;
  readonly states: StateStore;
  readonly transitions: TransitionStore;
}

/** What an evaluator is built from: the stores, where alerts and bursts go, and the fleet's time. */
export interface EvaluatorParts {
  readonly stores: EvaluationStores;
  readonly publisher: AlertPublisher;
  readonly trigger: ProbeTrigger;
  readonly policy: ConsensusPolicy;
  readonly regions: readonly string[];
  /** Announced maintenance windows, read on every evaluation. */
  readonly windows: MaintenanceWindowSource;
  readonly clock?: () => Date;
  /** How long an evaluation's lease holds; the evaluator's default when absent. */
  readonly leaseMs?: number;
}

/** Builds the shared `TargetEvaluator` for one invocation, reading first from a sweep's batch of states if given. */
export function evaluatorFactory(parts: EvaluatorParts) {
  const { stores, clock, leaseMs } = parts;
  return (owner?: string, prefetched?: PrefetchedStates): TargetEvaluator =>
    new TargetEvaluator({
      results: stores.results,
      states: prefetched === undefined ? stores.states : new PrefetchedStateStore(stores.states, prefetched),
      transitions: stores.transitions,
      publisher: parts.publisher,
      trigger: parts.trigger,
      policy: parts.policy,
      regions: parts.regions,
      windows: parts.windows,
      ...(clock !== undefined && { clock }),
      ...(owner !== undefined && { owner }),
      ...(leaseMs !== undefined && { leaseMs }),
    });
}

/**
 * The configuration's maintenance windows merged with the operator's (added through the API): an operator store
 * that cannot be read leaves the configuration's in force and `onError` hears why.
 */
export function configWindows(
  config: FleetConfig,
  operator?: MaintenanceWindowSource,
  onError?: (error: unknown) => void,
): MaintenanceWindowSource {
  const configured = new MemoryMaintenanceWindowSource(configWindowsOf(config.maintenance));
  return operator === undefined
    ? configured
    : new MergedMaintenanceWindowSource(configured, operator, onError);
}

export interface AggregatorParts extends Omit<EvaluatorParts, 'policy' | 'regions' | 'windows'> {
  readonly config: FleetConfig;
  /** The policy in force; the configuration's by default. */
  readonly policy?: ConsensusPolicy;
  readonly sinks: FunctionSinks;
  /** Names the fleet in the metrics' dimensions (deployed fleets share an account). */
  readonly fleetName?: string;
  /** A sweep reads every target's state in one batch first (DynamoDB); absent, each evaluation reads its own. */
  readonly batchStates?: BatchStateReader;
  /** Wraps each evaluator (local mode reports every evaluation). */
  readonly decorate?: (evaluator: TargetEvaluator) => Evaluator;
  /** Wraps each group evaluator (local mode reports its changes). */
  readonly decorateGroups?: (evaluator: GroupEvaluator) => GroupEvaluatorPort;
  /** The operator's maintenance windows (the fleet table's); absent: the configuration's only. */
  readonly operatorWindows?: MaintenanceWindowSource;
}

/** Evaluates the configured groups from their members' states, on the same stores, publisher and time. */
function groupEvaluatorFactory(parts: AggregatorParts, policy: ConsensusPolicy) {
  const { clock, leaseMs, decorateGroups } = parts;
  return (owner: string): GroupEvaluatorPort => {
    const evaluator = new GroupEvaluator({
      states: parts.stores.states,
      transitions: parts.stores.transitions,
      publisher: parts.publisher,
      groups: parts.config.groups,
      intervalMs: policy.intervalMs,
      owner,
      ...(clock !== undefined && { clock }),
      ...(leaseMs !== undefined && { leaseMs }),
    });
    return decorateGroups === undefined ? evaluator : decorateGroups(evaluator);
  };
}

/** The aggregator function: evaluates targets after results arrive and on every sweep. */
export function composeAggregator(parts: AggregatorParts) {
  const { config, batchStates, decorate } = parts;
  const policy = parts.policy ?? resolvePolicy(config);
  const evaluatorFor = evaluatorFactory({
    ...parts,
    policy,
    regions: config.probeRegions,
    windows: configWindows(config, parts.operatorWindows, (error) =>
      parts.sinks.logger.warn('operator maintenance windows unreadable; the configuration windows apply', {
        error: error instanceof Error ? error.message : String(error),
      }),
    ),
  });
  const deps: AggregatorHandlerDeps = {
    targetIds: config.targets.map((t) => t.id),
    ...(batchStates !== undefined && { readStates: (ids: readonly string[]) => batchStates.getMany(ids) }),
    evaluatorFor: (owner, prefetched) => {
      const evaluator = evaluatorFor(owner, prefetched);
      return decorate === undefined ? evaluator : decorate(evaluator);
    },
    groupIds: config.groups.map((g) => g.id),
    groupEvaluatorFor: groupEvaluatorFactory(parts, policy),
    logger: parts.sinks.logger,
    metrics: useAggregatorDimensions(parts.sinks.metrics, parts.fleetName),
  };
  return createAggregatorHandler(deps);
}
