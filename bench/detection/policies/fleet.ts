import {
  type FleetConfigInput,
  parseFleetConfig,
  resolvePolicy,
} from '../../../shared/config/fleet-config.js';
import { decide } from '../../../shared/consensus/decide.js';
import type { Observation } from '../../../shared/consensus/observation.js';
import { votesFrom } from '../../../shared/consensus/votes-from.js';
import {
  type ConsensusPolicy,
  type ConsensusState,
  isFailing,
  type ReasonCode,
} from '../../../shared/types.js';
import { type CheckOutcome, type CheckSpec, runCheck } from '../check.js';
import { EventQueue } from '../event-queue.js';
import type { Notification, NotifiedStatus, SyncPolicyModel } from '../policy.js';
import { observerKey, type Sight, type Trace } from '../trace.js';

export interface FleetModelOptions {
  /**
   * A fleet configuration (validated as the CDK app validates it): its policy, interval and first target's timeout
   * and retry delay are simulated. @default {} — the shipped defaults
   */
  readonly config?: FleetConfigInput;
  /** A label for a non-default configuration, shown with the policy's name. */
  readonly label?: string;
  /** Ask the other regions to probe now when one disagrees. @default true */
  readonly burst?: boolean;
  /** From the aggregator's decision to the burst probe's first request (async invoke and start). @default 3000 */
  readonly burstLatencyMs?: number;
  /** From a stored result to the aggregator's evaluation (DynamoDB stream). @default 1000 */
  readonly streamLatencyMs?: number;
  /** The aggregator's periodic sweep. @default 60000 */
  readonly sweepMs?: number;
}

type Event =
  | { readonly type: 'probe'; readonly region: number; readonly burst: boolean }
  | { readonly type: 'store'; readonly region: number; readonly outcome: CheckOutcome }
  | { readonly type: 'evaluate' };

function reasonOf(sight: Sight): ReasonCode {
  if (sight.status === 'up') return 'ok';
  if (sight.status === 'maintenance') return 'maintenance_page';
  return sight.failure === 'timeout' ? 'timeout' : 'refused';
}

function notifiedStatus(status: string): NotifiedStatus {
  return status === 'down' || status === 'maintenance' ? status : 'up';
}

const TARGET = 'svc-wsdl';

/**
 * Our fleet in virtual time, with the real consensus: regions probe at staggered phases (region i at
 * floor(i·interval/n)); each stored result triggers an evaluation one stream latency later, plus a sweep every
 * minute; an evaluation runs the shipped `votesFrom` and `decide` and, when `decide` asks for a burst, the
 * named regions probe after `burstLatencyMs`. Every transition for subscribers is a notification.
 */
export function fleet(options: FleetModelOptions = {}): SyncPolicyModel {
  const config = parseFleetConfig(options.config ?? {});
  const policy: ConsensusPolicy = resolvePolicy(config);
  const target = config.targets[0];
  const spec: CheckSpec = {
    attempts: 2,
    pausesMs: [target?.retryDelayMs ?? 2000],
    timeoutMs: target?.timeoutMs ?? 10_000,
  };
  const burstEnabled = options.burst ?? true;
  const burstLatencyMs = options.burstLatencyMs ?? 3000;
  const streamLatencyMs = options.streamLatencyMs ?? 1000;
  const sweepMs = options.sweepMs ?? 60_000;
  return {
    id: `${burstEnabled ? 'fleet' : 'fleet-no-burst'}${options.label ? `:${options.label}` : ''}`,
    name: `${burstEnabled ? 'e-Faktur fleet (ours)' : 'e-Faktur fleet, no burst'}${options.label ? `, ${options.label}` : ''}`,
    observers: (trace) => trace.regions.length,
    run(trace: Trace): Notification[] {
      const n = trace.regions.length;
      const keys = trace.regions.map((r) => observerKey(`fleet:${r}`));
      // The two newest results per region: all `votesFrom` looks at.
      const latest: Observation[][] = trace.regions.map(() => []);
      const notifications: Notification[] = [];
      let state: ConsensusState | null = null;
      const queue = new EventQueue<Event>();
      // The schedule's phases (infra/probe-phases.ts): floor(i × interval / n) whole seconds.
      for (let r = 0; r < n; r++) {
        const phaseMs = Math.floor((r * policy.intervalMs) / 1000 / n) * 1000;
        queue.push(phaseMs, { type: 'probe', region: r, burst: false });
      }
      for (let t = 0; t < trace.durationMs; t += sweepMs) queue.push(t, { type: 'evaluate' });

      for (let event = queue.pop(); event; event = queue.pop()) {
        const { time, item } = event;
        if (item.type === 'probe') {
          const outcome = runCheck(trace, item.region, keys[item.region] as number, time, spec);
          queue.push(outcome.endMs, { type: 'store', region: item.region, outcome });
          const next = time + policy.intervalMs;
          if (!item.burst && next < trace.durationMs)
            queue.push(next, { type: 'probe', region: item.region, burst: false });
        } else if (item.type === 'store') {
          const { sight, reportedAtMs, startMs, endMs } = item.outcome;
          const list = latest[item.region] as Observation[];
          list.unshift({
            region: trace.regions[item.region] as string,
            checkedAt: new Date(trace.epochMs + Math.round(reportedAtMs)).toISOString(),
            status: sight.status,
            reason: reasonOf(sight),
            detail: sight.status,
            latencyMs: Math.round(endMs - startMs),
            control: true,
          });
          list.sort((a, b) => (a.checkedAt < b.checkedAt ? 1 : -1));
          list.length = Math.min(list.length, 2);
          queue.push(time + streamLatencyMs, { type: 'evaluate' });
        } else {
          const now = new Date(trace.epochMs + Math.round(time));
          // As TargetEvaluator: a state evaluated at or after `now` already saw these results.
          if (state !== null && Date.parse(state.evaluatedAt) >= now.getTime()) continue;
          const { votes } = votesFrom(latest.flat(), trace.regions, policy, now);
          const decision = decide(state, { targetId: TARGET, regions: trace.regions, votes }, policy, now);
          // Published messages leave the outbox; the model keeps it empty, as a working publisher would.
          state = { ...decision.next, outbox: [] };
          for (const t of decision.transitions) {
            if (t.audience === 'ops') continue;
            const from = t.from === 'unknown' ? (t.lastKnown?.status ?? 'up') : t.from;
            const kind = isFailing(t.to)
              ? isFailing(from)
                ? 'change'
                : 'alert'
              : isFailing(from)
                ? 'recovery'
                : 'change';
            notifications.push({ atMs: time, kind, status: notifiedStatus(t.to) });
          }
          if (burstEnabled && decision.burst) {
            for (const name of decision.burst.regions) {
              const region = trace.regions.indexOf(name);
              if (region >= 0) queue.push(time + burstLatencyMs, { type: 'probe', region, burst: true });
            }
          }
        }
      }
      return notifications;
    },
  };
}
