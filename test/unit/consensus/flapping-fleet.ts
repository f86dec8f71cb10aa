import { probeResult } from '../../../bench/support/probe-results.js';
import { parseFleetConfig, resolvePolicy } from '../../../shared/config/fleet-config.js';
import { TargetEvaluator } from '../../../shared/consensus/evaluate-target.js';
import { MAX_VOTE_DETAIL_LENGTH } from '../../../shared/consensus/votes-from.js';
import { dynamoItemBytes } from '../../../shared/store/item-size.js';
import { MemoryStateStore } from '../../../shared/store/memory-state-store.js';
import { MemoryTransitionStore } from '../../../shared/store/memory-transition-store.js';
import type { ResultQuery, ResultStore } from '../../../shared/store/result-store.js';
import { stateItemOf } from '../../../shared/store/state-item.js';
import type { StateStore } from '../../../shared/store/state-store.js';
import type { TransitionStore } from '../../../shared/store/transition-store.js';
import type { ConsensusState, ProbeResult, ProbeStatus, Transition } from '../../../shared/types.js';
import { FakePublisher } from './evaluation-fakes.js';

/** 30 valid region names, the most a fleet may have. */
export const REGIONS_30 = Array.from(
  { length: 30 },
  (_, i) => `${'abcdefghijklmnopqrstuvwxyz'[i % 26]}${'xy'[Math.floor(i / 26)]}-probe-1`,
);
export const T0 = Date.parse('2026-03-15T00:00:00.000Z');
export const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
export const HOUR = 3600;
export const DAY = 24 * HOUR;

/** The results a sweep needs and no more: the newest two per region (a long run stays fast). */
class LatestResults implements ResultStore {
  private readonly byKey = new Map<string, ProbeResult[]>();
  async put(result: ProbeResult): Promise<void> {
    const key = `${result.targetId}|${result.region}`;
    this.byKey.set(key, [result, ...(this.byKey.get(key) ?? [])].slice(0, 2));
  }
  async latestPerRegion(targetId: string, regions: readonly string[]): Promise<ProbeResult[]> {
    return regions.flatMap((r) => this.byKey.get(`${targetId}|${r}`)?.slice(0, 1) ?? []);
  }
  async list(targetId: string, region: string, query: ResultQuery): Promise<ProbeResult[]> {
    return (this.byKey.get(`${targetId}|${region}`) ?? []).slice(0, query.limit);
  }
}

/** A detail as long as a vote keeps, in a script whose UTF-8 takes three bytes a character. */
const LONG_DETAIL = 'ジ'.repeat(MAX_VOTE_DETAIL_LENGTH * 2);

export interface Run {
  readonly states: StateStore;
  readonly transitions: TransitionStore;
  readonly publisher: FakePublisher;
  readonly decided: Transition[];
  readonly largestStateBytes: number;
  readonly publishAttempts: number;
  sweep(seconds: number): Promise<void>;
}

/**
 * A fleet of 30 regions whose target flaps: every `cycleMinutes`, 4 minutes down, 3 minutes silent (every region
 * stale: unknown), then up. One round of results and one evaluation a minute; `failing` makes every publish fail.
 */
export function flappingFleet(options: {
  cycleMinutes: number;
  failing: () => boolean;
  scanLimit?: number;
  states?: StateStore;
  transitions?: TransitionStore;
}): Run {
  const policy = resolvePolicy(
    parseFleetConfig({
      probeRegions: REGIONS_30,
      policy: { recoveryHoldSeconds: 60, flapDamping: { recoveryHoldSeconds: 120 } },
    }),
  );
  const results = new LatestResults();
  const states = options.states ?? new MemoryStateStore();
  const transitions = options.transitions ?? new MemoryTransitionStore();
  const publisher = new FakePublisher();
  let attempts = 0;
  const publish = publisher.publish.bind(publisher);
  publisher.publish = async (t) => {
    attempts++;
    if (options.failing())
      throw Object.assign(new Error('SNS is unavailable'), { name: 'InternalErrorException' });
    return publish(t);
  };
  let largest = 0;
  const measured: StateStore = {
    get: (id) => states.get(id),
    save: async (next: ConsensusState, expected: number | null) => {
      largest = Math.max(largest, dynamoItemBytes(stateItemOf(next)));
      return states.save(next, expected);
    },
  };
  let clock = 0;
  let owners = 0;
  const decided: Transition[] = [];
  const statusAt = (seconds: number): ProbeStatus | null => {
    const minute = Math.floor(seconds / 60) % options.cycleMinutes;
    return minute < 4 ? 'down' : minute < 7 ? null : 'up';
  };
  return {
    states,
    transitions,
    publisher,
    decided,
    get largestStateBytes() {
      return largest;
    },
    get publishAttempts() {
      return attempts;
    },
    async sweep(seconds: number) {
      const status = statusAt(seconds);
      if (status !== null) {
        for (const region of REGIONS_30) {
          await results.put(
            probeResult({
              region,
              checkedAt: iso(seconds),
              status,
              reason: status === 'up' ? 'ok' : 'timeout',
              detail: LONG_DETAIL,
              latencyMs: status === 'up' ? 120 : 10_000,
            }),
          );
        }
      }
      clock = seconds + 1;
      const evaluator = new TargetEvaluator({
        results,
        states: measured,
        transitions,
        publisher,
        policy,
        regions: REGIONS_30,
        clock: () => new Date(T0 + clock * 1000),
        owner: `sweep-${++owners}`,
        ...(options.scanLimit !== undefined && { deliveryScanLimit: options.scanLimit }),
      });
      const report = await evaluator.evaluate('svc-wsdl');
      decided.push(...report.transitions);
    },
  };
}

/** Every transition of the target, oldest first. */
export async function everyTransition(store: TransitionStore): Promise<Transition[]> {
  return store.list('svc-wsdl', { limit: 1_000_000, order: 'oldest-first' });
}
