import { setTimeout as sleep } from 'node:timers/promises';
import type { ConsensusStatus } from '../../shared/types.js';
import { formatDuration } from '../duration.js';
import type { SvcSimulator } from '../simulator/svc-simulator.js';
import type { ScenarioStage } from './demo-scenario.js';

/** How the driver reads the time and waits: the wall clock, or a driven fleet's timeline (tests). */
export interface ScenarioTime {
  now(): number;
  /** Waits `ms` (a driven timeline: advances by `ms`, running the fleet's work meanwhile). */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock and a timer. */
export const realScenarioTime: ScenarioTime = {
  now: () => Date.now(),
  wait: (ms, signal) => sleep(ms, undefined, { signal }),
};

export interface ScenarioDriverOptions {
  readonly stages: readonly ScenarioStage[];
  readonly simulator: SvcSimulator;
  readonly targetIds: readonly string[];
  readonly intervalMs: number;
  /** The consensus of each target as the fleet shows it now (targets without one are left out). */
  readonly statuses: () => Promise<ReadonlyMap<string, ConsensusStatus>>;
  readonly log: (line: string) => void;
  /** A stage that has not reached its expected consensus after this long is reported and the demo ends. */
  readonly stageTimeoutMs: number;
  /** Called once a stage's consensus holds, before its hold period. */
  readonly onReached?: (stage: ScenarioStage, index: number) => Promise<void>;
  readonly signal?: AbortSignal;
  /** @default a tenth of the interval, between 50 ms and 500 ms */
  readonly pollMs?: number;
  /** @default realScenarioTime */
  readonly time?: ScenarioTime;
}

export interface StageOutcome {
  readonly name: ScenarioStage['name'];
  /** Time from the stage's start until every target showed the expected status; `null` if it never did. */
  readonly reachedAfterMs: number | null;
}

export interface ScenarioOutcome {
  readonly completed: boolean;
  readonly stages: readonly StageOutcome[];
}

/**
 * Plays the stages against the simulator: applies a stage, waits (bounded) until every target shows the
 * expected consensus, holds it for a few intervals, then moves on. Stops early when aborted.
 */
export async function runScenario(options: ScenarioDriverOptions): Promise<ScenarioOutcome> {
  const pollMs = options.pollMs ?? Math.min(500, Math.max(50, Math.round(options.intervalMs / 10)));
  const outcomes: StageOutcome[] = [];
  const { signal } = options;
  const time = options.time ?? realScenarioTime;
  try {
    for (const [index, stage] of options.stages.entries()) {
      if (signal?.aborted) break;
      options.simulator.set({ ...stage.simulator });
      options.log(`demo stage ${index + 1}/${options.stages.length} "${stage.name}": ${stage.description}`);
      const started = time.now();
      let reached = false;
      while (time.now() - started < options.stageTimeoutMs) {
        const statuses = await options.statuses();
        if (options.targetIds.every((id) => statuses.get(id) === stage.expect)) {
          reached = true;
          break;
        }
        await time.wait(pollMs, signal);
      }
      const reachedAfterMs = reached ? time.now() - started : null;
      outcomes.push({ name: stage.name, reachedAfterMs });
      if (!reached) {
        const statuses = await options.statuses();
        const seen = options.targetIds.map((id) => `${id}=${statuses.get(id) ?? 'none'}`).join(', ');
        options.log(
          `demo stage "${stage.name}" did not reach "${stage.expect}" within ${formatDuration(options.stageTimeoutMs)} (${seen}); the demo stops here`,
        );
        return { completed: false, stages: outcomes };
      }
      options.log(
        `demo stage "${stage.name}": the fleet says ${stage.expect} after ${formatDuration(reachedAfterMs ?? 0)}`,
      );
      await options.onReached?.(stage, index);
      await time.wait(stage.holdIntervals * options.intervalMs, signal);
    }
  } catch (error) {
    if (!(signal?.aborted && (error as Error).name === 'AbortError')) throw error;
  }
  return { completed: outcomes.length === options.stages.length && !signal?.aborted, stages: outcomes };
}
