import { probeResult } from '../../../bench/support/probe-results.js';
import type { AlertPublisher } from '../../../shared/alerts/alert-publisher.js';
import { TargetEvaluator, type TargetEvaluatorOptions } from '../../../shared/consensus/evaluate-target.js';
import { type ProbeTrigger, ProbeTriggerError } from '../../../shared/probe/probe-trigger.js';
import { MemoryResultStore } from '../../../shared/store/memory-result-store.js';
import { MemoryStateStore } from '../../../shared/store/memory-state-store.js';
import { MemoryTransitionStore } from '../../../shared/store/memory-transition-store.js';
import type { ResultStore } from '../../../shared/store/result-store.js';
import type { StateStore } from '../../../shared/store/state-store.js';
import type { TransitionStore } from '../../../shared/store/transition-store.js';
import type { ProbeStatus, Transition } from '../../../shared/types.js';
import { iso, POLICY, REGIONS, T0 } from './fleet-harness.js';

/** Records what it publishes; `failNext(n)` makes the next n publishes fail like an SNS outage. */
export class FakePublisher implements AlertPublisher {
  readonly published: { messageId: string; transition: Transition }[] = [];
  private failures = 0;

  failNext(count: number): void {
    this.failures = count;
  }

  async publish(transition: Transition): Promise<string> {
    if (this.failures > 0) {
      this.failures--;
      throw Object.assign(new Error('SNS is unavailable'), { name: 'InternalErrorException' });
    }
    const messageId = `msg-${this.published.length + 1}`;
    this.published.push({ messageId, transition });
    return messageId;
  }
}

/** Records burst requests; fails outright when `failing` is set, and for the regions in `failingRegions`. */
export class FakeTrigger implements ProbeTrigger {
  readonly requests: { regions: readonly string[]; targetId: string; requestedBy: string }[] = [];
  failing = false;
  readonly failingRegions = new Set<string>();

  async trigger(
    regions: readonly string[],
    reason: { targetId: string; requestedBy: string },
  ): Promise<void> {
    if (this.failing) throw new Error('Lambda throttled');
    const failed = regions.filter((region) => this.failingRegions.has(region));
    const asked = regions.filter((region) => !failed.includes(region));
    if (asked.length > 0 || failed.length === 0) this.requests.push({ regions: asked, ...reason });
    if (failed.length > 0) {
      throw new ProbeTriggerError(failed.map((region) => ({ region, error: 'Lambda throttled' })));
    }
  }
}

/** A clock the test moves. */
export class FakeClock {
  constructor(public seconds = 0) {}
  readonly now = () => new Date(T0 + this.seconds * 1000);
}

export interface World {
  readonly results: ResultStore;
  readonly states: StateStore;
  readonly transitions: TransitionStore;
  readonly publisher: FakePublisher;
  readonly trigger: FakeTrigger;
  readonly clock: FakeClock;
  evaluator(owner?: string, overrides?: Partial<TargetEvaluatorOptions>): TargetEvaluator;
  /** Every region reports `statuses[i]` at `seconds`. */
  round(seconds: number, statuses: readonly ProbeStatus[], targetId?: string): Promise<void>;
}

/** Stores, a publisher, a trigger and a clock wired together; memory stores unless given others. */
export function world(stores: Partial<Pick<World, 'results' | 'states' | 'transitions'>> = {}): World {
  const results = stores.results ?? new MemoryResultStore();
  const states = stores.states ?? new MemoryStateStore();
  const transitions = stores.transitions ?? new MemoryTransitionStore();
  const publisher = new FakePublisher();
  const trigger = new FakeTrigger();
  const clock = new FakeClock();
  let owners = 0;
  return {
    results,
    states,
    transitions,
    publisher,
    trigger,
    clock,
    evaluator: (owner = `evaluator-${++owners}`, overrides = {}) =>
      new TargetEvaluator({
        results,
        states,
        transitions,
        publisher,
        trigger,
        policy: POLICY,
        regions: REGIONS,
        clock: clock.now,
        owner,
        ...overrides,
      }),
    round: async (seconds, statuses, targetId = 'svc-wsdl') => {
      await Promise.all(
        statuses.map((status, i) =>
          results.put(
            probeResult({
              targetId,
              region: REGIONS[i]!,
              checkedAt: iso(seconds),
              status,
              reason:
                status === 'up'
                  ? 'ok'
                  : status === 'down'
                    ? 'timeout'
                    : status === 'degraded'
                      ? 'slow'
                      : 'maintenance_page',
            }),
          ),
        ),
      );
    },
  };
}
