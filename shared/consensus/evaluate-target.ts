import { randomUUID } from 'node:crypto';
import type { AlertPublisher } from '../alerts/alert-publisher.js';
import type { MaintenanceWindowSource } from '../maintenance/maintenance-window.js';
import type { ProbeTrigger } from '../probe/probe-trigger.js';
import type { ResultStore } from '../store/result-store.js';
import { type StateStore, VersionConflictError } from '../store/state-store.js';
import type { TransitionStore } from '../store/transition-store.js';
import type {
  ConsensusPolicy,
  ConsensusState,
  ConsensusStatus,
  RegionalProblem,
  Rule,
  Transition,
} from '../types.js';
import { type BurstDecision, decide } from './decide.js';
import { afterRecording } from './delivery-cursor.js';
import { observationOf } from './observation.js';
import {
  type DeliveryReport,
  deliveryBackoff,
  leaseIsFree,
  needsFlush,
  Outbox,
  waitingReport,
} from './outbox.js';
import { votesFrom } from './votes-from.js';

export interface TargetEvaluatorOptions {
  readonly results: ResultStore;
  readonly states: StateStore;
  readonly transitions: TransitionStore;
  readonly publisher: AlertPublisher;
  /** Announced maintenance windows (configuration and operator); without one, none. */
  readonly windows?: MaintenanceWindowSource;
  /** Asks regions to re-check now; without one, no burst confirmation is requested. */
  readonly trigger?: ProbeTrigger;
  readonly policy: ConsensusPolicy;
  /** Every probe region of the fleet. */
  readonly regions: readonly string[];
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** Names this evaluator in outbox leases, e.g. the invocation's request id. @default a random UUID */
  readonly owner?: string;
  /** @default 60 000 (a flush takes seconds; the sweep comes every minute) */
  readonly leaseMs?: number;
  /** Decisions attempted when other evaluations keep saving first. @default 8 */
  readonly maxAttempts?: number;
  /** Transitions one delivery reads from the history at most. @default MAX_DELIVERY_SCAN */
  readonly deliveryScanLimit?: number;
}

/** What one evaluation of a target did. */
export interface EvaluationReport {
  readonly targetId: string;
  readonly status: ConsensusStatus;
  readonly rule: Rule;
  /** Transitions this evaluation decided (none when another evaluation had already seen the same results). */
  readonly transitions: readonly Transition[];
  /** A later evaluation had saved the state first and had seen at least what this one saw: nothing to decide. */
  readonly superseded: boolean;
  /** Regions whose latest result is too old to vote, or that have none. */
  readonly staleRegions: readonly string[];
  readonly regionalProblems: readonly RegionalProblem[];
  /** The burst confirmation requested, if any, and why it failed if it did (it never fails the evaluation). */
  readonly burst: (BurstDecision & { readonly error: string | null }) | null;
  readonly delivery: DeliveryReport;
}

/** Other evaluations kept saving the state first, `attempts` times in a row. */
export class EvaluationContendedError extends Error {
  constructor(
    readonly targetId: string,
    readonly attempts: number,
  ) {
    super(`consensus of ${targetId}: the state changed under ${attempts} attempts in a row`);
    this.name = 'EvaluationContendedError';
  }
}

/**
 * Evaluates a target: the latest two results per region (O(regions) small reads), `decide`, a version-conditioned
 * save of the new state with its transitions in the outbox, their record in the history (at once, whatever delivery
 * does), a burst request if a region disagrees, then delivery to subscribers. Safe to run concurrently for the
 * same target; the state item stays small whatever delivery does (see `Outbox`).
 */
export class TargetEvaluator {
  private readonly clock: () => Date;
  private readonly owner: string;
  private readonly maxAttempts: number;
  private readonly outbox: Outbox;

  constructor(private readonly options: TargetEvaluatorOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.owner = options.owner ?? randomUUID();
    this.maxAttempts = options.maxAttempts ?? 8;
    this.outbox = new Outbox({
      states: options.states,
      transitions: options.transitions,
      publisher: options.publisher,
      owner: this.owner,
      leaseMs: options.leaseMs ?? 60_000,
      maxAttempts: this.maxAttempts,
      ...(options.deliveryScanLimit !== undefined && { scanLimit: options.deliveryScanLimit }),
      backoff: deliveryBackoff(options.policy.intervalMs),
    });
  }

  async evaluate(targetId: string): Promise<EvaluationReport> {
    const { states, policy, regions } = this.options;
    const now = this.clock();
    // Read once: every attempt decides on the same windows, whatever an operator changes meanwhile.
    const windows = (await this.options.windows?.list(now)) ?? [];
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const previous = await states.get(targetId);
      // A state evaluated at or after `now` was decided from results read after ours were written.
      if (previous !== null && Date.parse(previous.evaluatedAt) >= now.getTime()) {
        return this.finish(previous, [], true, null, now);
      }
      // The save below replaces the outbox: what an earlier evaluation left there goes to the history first.
      await this.record(previous?.outbox ?? []);
      const observations = await this.latestObservations(targetId);
      const { votes, missing } = votesFrom(observations, regions, policy, now);
      const decision = decide(
        previous === null ? null : afterRecording(previous),
        { targetId, regions, votes, windows },
        policy,
        now,
      );
      let next = decision.next;
      if (needsFlush(next, now.getTime()) && leaseIsFree(next, this.owner, now.getTime())) {
        next = {
          ...next,
          outboxLease: {
            owner: this.owner,
            until: new Date(now.getTime() + (this.options.leaseMs ?? 60_000)).toISOString(),
          },
        };
      }
      //  evaluation A ─ get v7 ─ decide ─ save v8 if still v7 ──► stored, transitions in its outbox
      //  evaluation B ─ get v7 ─ decide ─ save v8 if still v7 ──► VersionConflictError ─► get v8 ─► decide again
      //                                                           (or stop: v8 was evaluated after B began)
      try {
        await states.save(next, previous?.version ?? null);
      } catch (error) {
        if (error instanceof VersionConflictError) continue;
        throw error;
      }
      // Recorded at once: the history never waits for delivery (an error here leaves them in the outbox).
      await this.record(decision.transitions);
      const stale = [...missing, ...votes.filter((v) => v.excluded === 'stale').map((v) => v.region)];
      const recorded = new Set(decision.transitions.map((t) => t.at));
      return this.finish(next, decision.transitions, false, decision.burst, now, stale, recorded);
    }
    throw new EvaluationContendedError(targetId, this.maxAttempts);
  }

  private async record(transitions: readonly Transition[]): Promise<void> {
    for (const t of transitions) await this.options.transitions.record(t);
  }

  private async latestObservations(targetId: string) {
    const { results, regions } = this.options;
    const perRegion = await Promise.all(
      regions.map((region) => results.list(targetId, region, { limit: 2 })),
    );
    return perRegion.flat().map(observationOf);
  }

  private async finish(
    state: ConsensusState,
    transitions: readonly Transition[],
    superseded: boolean,
    burst: BurstDecision | null,
    now: Date,
    staleRegions: readonly string[] = staleOf(state, this.options.regions),
    recorded: ReadonlySet<string> = new Set(),
  ): Promise<EvaluationReport> {
    let burstReport: EvaluationReport['burst'] = null;
    if (burst !== null && this.options.trigger !== undefined) {
      let error: string | null = null;
      try {
        await this.options.trigger.trigger(burst.regions, {
          targetId: state.targetId,
          requestedBy: burst.requestedBy,
        });
      } catch (e) {
        error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
      burstReport = { ...burst, error };
    }
    const held = state.outboxLease?.owner === this.owner ? state : null;
    const delivery = needsFlush(state, now.getTime())
      ? await this.outbox.flush(state.targetId, now, held, recorded)
      : waitingReport(state, now);
    return {
      targetId: state.targetId,
      status: state.status,
      rule: state.rule,
      transitions,
      superseded,
      staleRegions,
      regionalProblems: state.regionalProblems,
      burst: burstReport,
      delivery,
    };
  }
}

function staleOf(state: ConsensusState, regions: readonly string[]): string[] {
  const voting = new Set(state.votes.filter((v) => v.excluded !== 'stale').map((v) => v.region));
  return regions.filter((r) => !voting.has(r));
}
