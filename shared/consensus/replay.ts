import { parseFleetConfig, resolvePolicy } from '../config/fleet-config.js';
import { MinHeap } from '../replay/min-heap.js';
import { compareRecords, DuplicateFilter, type ReplayRecord, recordOf } from '../replay/replay-record.js';
import { parseResultLine, type ResultLine, ResultLineError } from '../replay/result-line.js';
import { readRfc3339 } from '../replay/rfc3339.js';
import type { ConsensusPolicy, ConsensusState, Transition } from '../types.js';
import { decide, SET_ASIDE_AFTER_INTERVALS } from './decide.js';
import type { Observation } from './observation.js';
import { votesFrom } from './votes-from.js';

/** The target of lines that name none. */
export const DEFAULT_REPLAY_TARGET = 'target';

export interface ReplayEngineOptions {
  /** The regions that vote, in the order votes are listed. */
  readonly regions: readonly string[];
  readonly policy: ConsensusPolicy;
  /** Period of the aggregator's sweep, aligned on the clock like the real one. @default 60 000 */
  readonly sweepEveryMs?: number;
  readonly onTransition: (transition: Transition) => void;
  /** Called before each evaluation (one `decide()` call), e.g. to count them. */
  readonly onEvaluate?: (targetId: string, at: Date) => void;
}

/** A result that came out of time order: the engine's caller sorts them. */
export class ReplayOrderError extends Error {
  constructor(line: number) {
    super(`result of line ${line} is older than one already replayed`);
    this.name = 'ReplayOrderError';
  }
}

interface TargetReplay {
  readonly targetId: string;
  state: ConsensusState | null;
  /** The two newest results of each region, newest first: all a vote looks at. */
  readonly latest: Map<string, ReplayRecord[]>;
  /** Sweep times already waiting in the queue. */
  readonly timers: Set<number>;
  /** Sweeps since the target's last result. */
  sweeps: number;
  /** When it was last evaluated, and whether that evaluation changed what the next one depends on. */
  evaluatedMs: number;
  changed: boolean;
}

interface Timer {
  readonly at: number;
  readonly target: TargetReplay;
}

/**
 * Sweeps of one target between two of its results, at most. Each region's newest result going stale, the holds
 * and the regions set aside make a few dozen at most; the bound keeps a decision that would never settle from
 * sweeping every minute of a long gap.
 */
const MAX_SWEEPS_WITHOUT_RESULT = 1000;

/** Whether two states give the next decision the same inputs, besides the votes and the clock. */
function sameDecisionInputs(a: ConsensusState | null, b: ConsensusState): boolean {
  if (a === null) return false;
  const sameList = <T>(x: readonly T[], y: readonly T[], same: (p: T, q: T) => boolean) =>
    x.length === y.length && x.every((item, i) => same(item, y[i]!));
  return (
    a.status === b.status &&
    a.since === b.since &&
    a.pending?.status === b.pending?.status &&
    a.pending?.since === b.pending?.since &&
    a.lastKnown?.status === b.lastKnown?.status &&
    a.lastKnown?.since === b.lastKnown?.since &&
    sameList(
      a.regionalProblems,
      b.regionalProblems,
      (p, q) => p.region === q.region && p.since === q.since,
    ) &&
    sameList(a.recentOutages, b.recentOutages, (p, q) => p === q)
  );
}

/** Forgets the outbox, if the state has one: a replay publishes nothing and keeps no history. */
function withoutOutbox(state: ConsensusState): ConsensusState {
  return 'outbox' in state ? ({ ...state, outbox: [] } as ConsensusState) : state;
}

/**
 * The aggregator over recorded results, in virtual time: an evaluation after each result, and a sweep evaluation
 * at each time of the sweep's grid where time alone can change the decision (a region's newest result going
 * stale, a recovery hold ending, a lone failing region being set aside, a failing episode leaving the flap window).
 * Sweeps where nothing can change are skipped, so the work follows the number of results, not the time they span.
 * Memory: the two newest results per target and region, each target's state and its pending sweep times.
 */
export class ReplayEngine {
  private readonly targets = new Map<string, TargetReplay>();
  private readonly timers = new MinHeap<Timer>(
    (a, b) => a.at - b.at || (a.target.targetId < b.target.targetId ? -1 : 1),
  );
  private readonly sweepEveryMs: number;
  private readonly setAsideAfterMs: number;
  private lastMs = Number.NEGATIVE_INFINITY;
  private evaluations = 0;

  constructor(private readonly options: ReplayEngineOptions) {
    this.sweepEveryMs = options.sweepEveryMs ?? 60_000;
    if (!(Number.isSafeInteger(this.sweepEveryMs) && this.sweepEveryMs > 0)) {
      throw new RangeError(
        `sweepEveryMs must be a positive whole number of milliseconds, not ${this.sweepEveryMs}`,
      );
    }
    const { policy } = options;
    this.setAsideAfterMs = Math.max(SET_ASIDE_AFTER_INTERVALS * policy.intervalMs, policy.staleAfterMs);
  }

  /** `decide()` calls so far. */
  get evaluationCount(): number {
    return this.evaluations;
  }

  /** One result; results come in time order, each (target, region, time) once (see `DuplicateFilter`). */
  add(record: ReplayRecord): void {
    if (record.ms < this.lastMs) throw new ReplayOrderError(record.line);
    // Sweeps strictly before this result; a sweep at the same instant runs after every result of that instant.
    this.sweepUntil(record.ms, false);
    this.lastMs = record.ms;
    const target = this.targetOf(record.target);
    const region = record.observation.region;
    const own = target.latest.get(region);
    if (own === undefined) target.latest.set(region, [record]);
    else [own[0], own[1]] = [record, own[0]!];
    this.evaluate(target, record.ms, false);
  }

  /** The sweeps up to the last result: the recording says nothing about what came after it. */
  finish(): void {
    this.sweepUntil(this.lastMs, true);
  }

  private targetOf(targetId: string): TargetReplay {
    let target = this.targets.get(targetId);
    if (target === undefined) {
      target = {
        targetId,
        state: null,
        latest: new Map(),
        timers: new Set(),
        sweeps: 0,
        evaluatedMs: Number.NEGATIVE_INFINITY,
        changed: false,
      };
      this.targets.set(targetId, target);
    }
    return target;
  }

  private sweepUntil(ms: number, inclusive: boolean): void {
    for (let next = this.timers.peek(); next !== undefined; next = this.timers.peek()) {
      if (next.at > ms || (next.at === ms && !inclusive)) return;
      this.timers.pop();
      next.target.timers.delete(next.at);
      if (this.mayChange(next.target, next.at)) this.evaluate(next.target, next.at, true);
    }
  }

  /**
   * Whether a sweep at `ms` can decide differently from the target's last evaluation: that one changed the state,
   * or a timed moment has come since (a timer set for a result since superseded is skipped).
   */
  private mayChange(target: TargetReplay, ms: number): boolean {
    if (target.changed || target.state === null) return true;
    return this.someTimedMoment(
      target,
      target.state,
      (moment) => moment > target.evaluatedMs && moment <= ms,
    );
  }

  private evaluate(target: TargetReplay, ms: number, swept: boolean): void {
    const { regions, policy } = this.options;
    const now = new Date(ms);
    this.evaluations++;
    this.options.onEvaluate?.(target.targetId, now);
    const observations: Observation[] = [];
    for (const own of target.latest.values()) for (const r of own) observations.push(r.observation);
    const { votes } = votesFrom(observations, regions, policy, now);
    const before = target.state;
    const decision = decide(before, { targetId: target.targetId, regions, votes }, policy, now);
    const state = withoutOutbox(decision.next);
    target.state = state;
    target.evaluatedMs = ms;
    target.changed = !sameDecisionInputs(before, state);
    target.sweeps = swept ? target.sweeps + 1 : 0;
    for (const t of decision.transitions) this.options.onTransition(t);

    // A changed state can decide differently on the same votes (a new status changes which regions are set
    // aside, say): the next sweep looks again, as the aggregator's would. A sweep at the instant of a result
    // runs after it, so for a result that sweep is the next one.
    if (target.changed) this.sweepAt(target, swept ? ms + this.sweepEveryMs : this.tickAtOrAfter(ms));
    this.someTimedMoment(target, state, (moment) => {
      if (moment > ms) this.sweepAt(target, this.tickAtOrAfter(moment));
      return false;
    });
  }

  private sweepAt(target: TargetReplay, at: number): void {
    if (target.timers.has(at) || target.sweeps >= MAX_SWEEPS_WITHOUT_RESULT) return;
    target.timers.add(at);
    this.timers.push({ at, target });
  }

  private tickAtOrAfter(ms: number): number {
    return Math.ceil(ms / this.sweepEveryMs) * this.sweepEveryMs;
  }

  /** Calls `visit` with each moment where time alone can change this target's decision; stops when it says so. */
  private someTimedMoment(
    target: TargetReplay,
    state: ConsensusState,
    visit: (ms: number) => boolean,
  ): boolean {
    const { policy } = this.options;
    for (const own of target.latest.values()) if (visit(own[0]!.ms + policy.staleAfterMs)) return true;
    if (state.pending !== null) {
      const since = Date.parse(state.pending.since);
      if (visit(since + policy.recoveryHoldMs) || visit(since + policy.flapRecoveryHoldMs)) return true;
    }
    for (const p of state.regionalProblems)
      if (visit(Date.parse(p.since) + this.setAsideAfterMs)) return true;
    for (const t of state.recentOutages) if (visit(Date.parse(t) + policy.flapWindowMs)) return true;
    return false;
  }
}

export interface ReplayOptions {
  /** The regions that vote. @default every region seen in the lines, in order of first appearance */
  readonly regions?: readonly string[];
  /** @default the default policy of the fleet configuration (60 s interval) */
  readonly policy?: ConsensusPolicy;
  /** Period of the virtual sweep, aligned on the clock like the real one. @default 60 000 */
  readonly sweepEveryMs?: number;
  /** @default `DEFAULT_REPLAY_TARGET` */
  readonly defaultTarget?: string;
  /** Called before each evaluation (one `decide()` call), e.g. to count them. */
  readonly onEvaluate?: (targetId: string, at: Date) => void;
}

/** Two lines with the same target, region and time that say different things; lines are 1-based. */
export class ConflictingResultsError extends Error {
  constructor(
    readonly line: number,
    readonly firstLine: number,
  ) {
    super(`line ${line}: same target, region and checkedAt as line ${firstLine}, but a different result`);
    this.name = 'ConflictingResultsError';
  }
}

/** Parses NDJSON text into result lines, skipping blank lines; a bad line throws `ResultLineError` (1-based). */
export function parseResultLines(text: string): ResultLine[] {
  const out: ResultLine[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() !== '') out.push(parseResultLine(line, i + 1));
  });
  return out;
}

/** The regions of `lines`, in order of first appearance. */
export function regionsOf(lines: readonly ResultLine[]): string[] {
  return [...new Set(lines.map((l) => l.region))];
}

/**
 * Feeds recorded results through the same `votesFrom` + `decide` as the aggregator (see `ReplayEngine`), in time
 * order whatever the order of `lines`, between the first and the last result. Identical results (same target,
 * region and time) count once; the same key with a different result throws `ConflictingResultsError`, and a time
 * without a zone `ResultLineError` (lines numbered from 1 by position). Returns every transition in the order
 * decided, which is time order (operator-only ones too: see `audience`).
 */
export function replay(lines: readonly ResultLine[], options: ReplayOptions = {}): Transition[] {
  const policy = options.policy ?? resolvePolicy(parseFleetConfig({}));
  const regions = options.regions ?? regionsOf(lines);
  const defaultTarget = options.defaultTarget ?? DEFAULT_REPLAY_TARGET;
  const voting = new Set(regions);
  const records: ReplayRecord[] = [];
  lines.forEach((line, i) => {
    if (!voting.has(line.region)) return;
    const time = readRfc3339(line.checkedAt);
    if ('problem' in time) throw new ResultLineError(i + 1, [`checkedAt: ${time.problem}`]);
    records.push(recordOf(line, i + 1, time.ms, defaultTarget));
  });
  records.sort(compareRecords);

  const transitions: Transition[] = [];
  const engine = new ReplayEngine({
    regions,
    policy,
    onTransition: (t) => transitions.push(t),
    ...(options.sweepEveryMs !== undefined && { sweepEveryMs: options.sweepEveryMs }),
    ...(options.onEvaluate !== undefined && { onEvaluate: options.onEvaluate }),
  });
  const unique = new DuplicateFilter();
  for (const record of records) {
    const admission = unique.admit(record);
    if (admission.kind === 'conflict') throw new ConflictingResultsError(record.line, admission.with);
    if (admission.kind === 'new') engine.add(record);
  }
  engine.finish();
  return transitions;
}
