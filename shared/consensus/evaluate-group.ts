import { randomUUID } from 'node:crypto';
import type { AlertPublisher } from '../alerts/alert-publisher.js';
import { decideGroup } from '../groups/decide-group.js';
import { groupIdOf, groupStateId } from '../groups/group-key.js';
import type { GroupRule } from '../groups/group-status.js';
import { type StateStore, VersionConflictError } from '../store/state-store.js';
import type { TransitionStore } from '../store/transition-store.js';
import type { ConsensusState, ConsensusStatus, GroupMemberStatus, Transition } from '../types.js';
import { afterRecording } from './delivery-cursor.js';
import {
  type DeliveryReport,
  deliveryBackoff,
  leaseIsFree,
  needsFlush,
  Outbox,
  waitingReport,
} from './outbox.js';

/** What the group evaluator needs of a configured group. */
export interface EvaluatedGroup {
  readonly id: string;
  readonly targets: readonly string[];
  readonly rule: GroupRule;
}

export interface GroupEvaluatorOptions {
  /** Read directly, never from a sweep's batch read: the members' states must be those just saved. */
  readonly states: StateStore;
  readonly transitions: TransitionStore;
  readonly publisher: AlertPublisher;
  readonly groups: readonly EvaluatedGroup[];
  /** The probe interval, for the delivery back-off. */
  readonly intervalMs: number;
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** Names this evaluator in outbox leases. @default a random UUID */
  readonly owner?: string;
  /** @default 60 000 */
  readonly leaseMs?: number;
  /** @default 8 */
  readonly maxAttempts?: number;
}

/** What one evaluation of a group did. */
export interface GroupEvaluationReport {
  readonly groupId: string;
  readonly status: ConsensusStatus;
  readonly members: readonly GroupMemberStatus[];
  /** The transition this evaluation decided, if any. */
  readonly transitions: readonly Transition[];
  readonly delivery: DeliveryReport;
}

/** The group is not in the configuration the evaluator was given. */
export class UnknownGroupError extends Error {
  constructor(readonly groupId: string) {
    super(`no group "${groupId}" is configured`);
    this.name = 'UnknownGroupError';
  }
}

/** Other evaluations kept saving the group's state first, `attempts` times in a row. */
export class GroupEvaluationContendedError extends Error {
  constructor(
    readonly groupId: string,
    readonly attempts: number,
  ) {
    super(`consensus of group ${groupId}: the state changed under ${attempts} attempts in a row`);
    this.name = 'GroupEvaluationContendedError';
  }
}

/**
 * Evaluates a service group: its members' saved states (one small read each), `decideGroup`, a version-conditioned
 * save of the group's state (`group:<id>`) with its transition in the outbox, the record in the history at once,
 * then delivery through the same outbox as a target's. Safe to run concurrently for the same group.
 */
export class GroupEvaluator {
  private readonly clock: () => Date;
  private readonly owner: string;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly outbox: Outbox;
  private readonly byId: ReadonlyMap<string, EvaluatedGroup>;

  constructor(private readonly options: GroupEvaluatorOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.owner = options.owner ?? randomUUID();
    this.maxAttempts = options.maxAttempts ?? 8;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.byId = new Map(options.groups.map((g) => [g.id, g]));
    this.outbox = new Outbox({
      states: options.states,
      transitions: options.transitions,
      publisher: options.publisher,
      owner: this.owner,
      leaseMs: this.leaseMs,
      maxAttempts: this.maxAttempts,
      backoff: deliveryBackoff(options.intervalMs),
    });
  }

  /** The groups that have `targetId` as a member, in configuration order. */
  groupsOf(targetId: string): string[] {
    return this.options.groups.filter((g) => g.targets.includes(targetId)).map((g) => g.id);
  }

  async evaluate(groupId: string): Promise<GroupEvaluationReport> {
    const group = this.byId.get(groupId);
    if (group === undefined) throw new UnknownGroupError(groupId);
    const { states } = this.options;
    const stateId = groupStateId(groupId);
    const now = this.clock();
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      // The group's state first, its members' after: a save based on older members fails on the version.
      const previous = await states.get(stateId);
      await this.record(previous?.outbox ?? []);
      const members = await Promise.all(
        group.targets.map(async (targetId) => ({
          targetId,
          status: (await states.get(targetId))?.status ?? ('unknown' as const),
        })),
      );
      const decision = decideGroup(previous === null ? null : afterRecording(previous), group, members, now);
      if (previous !== null && !decision.changed && previous.outbox.length === 0) {
        return this.finish(previous, [], now);
      }
      const next = this.withLease(decision.next, now);
      //  evaluation A ─ get v7 ─ read members ─ save v8 if still v7 ──► stored, its transition in the outbox
      //  evaluation B ─ get v7 ─ read members ─ save v8 if still v7 ──► VersionConflictError ─► get v8, read again
      try {
        await states.save(next, previous?.version ?? null);
      } catch (error) {
        if (error instanceof VersionConflictError) continue;
        throw error;
      }
      await this.record(decision.transitions);
      return this.finish(next, decision.transitions, now, new Set(decision.transitions.map((t) => t.at)));
    }
    throw new GroupEvaluationContendedError(groupId, this.maxAttempts);
  }

  private withLease(next: ConsensusState, now: Date): ConsensusState {
    if (!needsFlush(next, now.getTime()) || !leaseIsFree(next, this.owner, now.getTime())) return next;
    return {
      ...next,
      outboxLease: { owner: this.owner, until: new Date(now.getTime() + this.leaseMs).toISOString() },
    };
  }

  private async record(transitions: readonly Transition[]): Promise<void> {
    for (const t of transitions) await this.options.transitions.record(t);
  }

  private async finish(
    state: ConsensusState,
    transitions: readonly Transition[],
    now: Date,
    recorded: ReadonlySet<string> = new Set(),
  ): Promise<GroupEvaluationReport> {
    const held = state.outboxLease?.owner === this.owner ? state : null;
    const delivery = needsFlush(state, now.getTime())
      ? await this.outbox.flush(state.targetId, now, held, recorded)
      : waitingReport(state, now);
    return {
      groupId: groupIdOf(state.targetId) ?? state.targetId,
      status: state.status,
      members: state.members ?? [],
      transitions,
      delivery,
    };
  }
}
