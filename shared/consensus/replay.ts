import { parseFleetConfig, resolvePolicy } from '../config/fleet-config.js';
import { parseResultLine, type ResultLine } from '../replay/result-line.js';
import type { ConsensusPolicy, ConsensusState, Transition } from '../types.js';
import { decide } from './decide.js';
import type { Observation } from './observation.js';
import { votesFrom } from './votes-from.js';

/** The target of lines that name none. */
export const DEFAULT_REPLAY_TARGET = 'target';

export interface ReplayOptions {
  /** The regions that vote. @default every region seen in the lines, in order of first appearance */
  readonly regions?: readonly string[];
  /** @default the default policy of the fleet configuration (60 s interval) */
  readonly policy?: ConsensusPolicy;
  /** Period of the virtual sweep, aligned on the clock like the real one. @default 60 000 */
  readonly sweepEveryMs?: number;
  /** @default `DEFAULT_REPLAY_TARGET` */
  readonly defaultTarget?: string;
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

function observationOfLine(line: ResultLine): Observation {
  return {
    region: line.region,
    checkedAt: line.checkedAt,
    status: line.status,
    reason: line.reason,
    detail: line.detail ?? '',
    latencyMs: line.latencyMs ?? null,
    control: line.control ?? null,
  };
}

function replayTarget(
  targetId: string,
  lines: readonly ResultLine[],
  regions: readonly string[],
  policy: ConsensusPolicy,
  sweepEveryMs: number,
): Transition[] {
  const voting = new Set(regions);
  const sorted = lines
    .map((line, index) => ({ line, index, ms: Date.parse(line.checkedAt) }))
    .filter((e) => voting.has(e.line.region))
    .sort((a, b) => a.ms - b.ms || a.index - b.index);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined) return [];

  const latest = new Map<string, Observation[]>();
  let state: ConsensusState | null = null;
  const transitions: Transition[] = [];
  const evaluate = (ms: number) => {
    const now = new Date(ms);
    const { votes } = votesFrom([...latest.values()].flat(), regions, policy, now);
    const decision = decide(state, { targetId, regions, votes }, policy, now);
    // Nothing to publish here: the outbox is taken as delivered.
    state = { ...decision.next, outbox: [] };
    transitions.push(...decision.transitions);
  };

  let nextSweep = Math.ceil(first.ms / sweepEveryMs) * sweepEveryMs;
  for (const { line, ms } of sorted) {
    // Sweeps strictly before this result; a result and a sweep at the same instant: the result first.
    for (; nextSweep < ms; nextSweep += sweepEveryMs) evaluate(nextSweep);
    const own = latest.get(line.region) ?? [];
    latest.set(line.region, [observationOfLine(line), ...own].slice(0, 2));
    evaluate(ms);
  }
  if (nextSweep === last.ms) evaluate(nextSweep);
  return transitions;
}

/**
 * Feeds recorded results through the same `votesFrom` + `decide` as the aggregator: in time order, an evaluation
 * after each result and on a virtual sweep every minute between the first and the last result, one target at a
 * time. Returns every transition, in time order (operator-only ones too: see `audience`).
 */
export function replay(lines: readonly ResultLine[], options: ReplayOptions = {}): Transition[] {
  const policy = options.policy ?? resolvePolicy(parseFleetConfig({}));
  const regions = options.regions ?? regionsOf(lines);
  const sweepEveryMs = options.sweepEveryMs ?? 60_000;
  const defaultTarget = options.defaultTarget ?? DEFAULT_REPLAY_TARGET;
  const byTarget = new Map<string, ResultLine[]>();
  for (const line of lines) {
    const target = line.target ?? defaultTarget;
    const list = byTarget.get(target);
    if (list) list.push(line);
    else byTarget.set(target, [line]);
  }
  return [...byTarget.entries()]
    .flatMap(([target, own]) => replayTarget(target, own, regions, policy, sweepEveryMs))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.targetId.localeCompare(b.targetId)));
}
