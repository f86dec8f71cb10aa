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
import { hashUnit } from '../../prng.js';
import { ATTEMPT_MS, type CheckOutcome, type CheckSpec, runCheck } from '../check.js';
import { EventQueue } from '../event-queue.js';
import type { Notification, NotifiedStatus, SyncPolicyModel } from '../policy.js';
import { observerKey, type Sight, type Trace } from '../trace.js';

export interface FleetModelOptions {
  /**
   * A fleet configuration (validated as the CDK app validates it): its policy, interval and targets' timeouts and
   * retry delays are simulated; the first target is the one scored. @default {} — the shipped defaults
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
  /**
   * How late a planned run starts: SQS delivers a run's message within the second after its planned time (delays
   * are whole seconds), then Lambda picks it up. @default { deliveryMs: 1000, pickupMs: 2000 } (each uniform)
   */
  readonly startDelay?: { readonly deliveryMs: number; readonly pickupMs: number };
}

type Event =
  | { readonly type: 'run'; readonly region: number; readonly burst: boolean }
  | { readonly type: 'write'; readonly region: number; readonly observation: Observation }
  | { readonly type: 'evaluate' };

function reasonOf(sight: Sight): ReasonCode {
  if (sight.status === 'up') return 'ok';
  if (sight.status === 'maintenance') return 'maintenance_page';
  return sight.failure === 'timeout' ? 'timeout' : 'refused';
}

function notifiedStatus(status: string): NotifiedStatus {
  return status === 'down' || status === 'maintenance' || status === 'degraded' ? status : 'up';
}

/** The control check of a run: the control URL always answers, in the time of any answer (an assumption). */
const CONTROL_MS = ATTEMPT_MS.ok;

/**
 * Our fleet in virtual time, with the real consensus. Each region's runs are planned at the schedule's staggered
 * phases (region i at floor(i·interval/n) s) and start a little late (`startDelay`); a run checks every target and
 * the control URL at once; a target's failed first attempt is stored at once as a suspect result (a planned run's
 * first attempt also when still unanswered after the slow threshold), and the final results replace the suspects
 * when every check of the run has finished. Each stored result
 * triggers an evaluation one stream latency later, plus a sweep every minute; an evaluation runs the shipped
 * `votesFrom` and `decide` and, when `decide` asks for a burst, the named regions check the scored target after
 * `burstLatencyMs`. Every transition for subscribers is a notification.
 */
export function fleet(options: FleetModelOptions = {}): SyncPolicyModel {
  const config = parseFleetConfig(options.config ?? {});
  const policy: ConsensusPolicy = resolvePolicy(config);
  const specs: CheckSpec[] = config.targets.map((t) => ({
    attempts: 2,
    pausesMs: [t.retryDelayMs],
    timeoutMs: t.timeoutMs,
  }));
  const targetId = config.targets[0]?.id ?? 'svc-wsdl';
  const slowAfterMs = config.targets[0]?.degradedAfterMs ?? 3000;
  const burstEnabled = options.burst ?? true;
  const burstLatencyMs = options.burstLatencyMs ?? 3000;
  const streamLatencyMs = options.streamLatencyMs ?? 1000;
  const sweepMs = options.sweepMs ?? 60_000;
  const delay = options.startDelay ?? { deliveryMs: 1000, pickupMs: 2000 };
  return {
    id: `${burstEnabled ? 'fleet' : 'fleet-no-burst'}${options.label ? `:${options.label}` : ''}`,
    name: `${burstEnabled ? 'e-Faktur fleet (ours)' : 'e-Faktur fleet, no burst'}${options.label ? `, ${options.label}` : ''}`,
    observers: (trace) => trace.regions.length,
    locations: (trace) => trace.regions,
    run(trace: Trace): Notification[] {
      const n = trace.regions.length;
      const keys = trace.regions.map((r) => config.targets.map((t) => observerKey(`fleet:${r}:${t.id}`)));
      // The two newest results per region, newest first: all `votesFrom` looks at. A write with the key (checkedAt)
      // of a stored result replaces it, as a put does.
      const latest: Observation[][] = trace.regions.map(() => []);
      const notifications: Notification[] = [];
      let state: ConsensusState | null = null;
      const queue = new EventQueue<Event>();
      const startOf = (region: number, plannedMs: number) =>
        plannedMs +
        hashUnit(trace.seed ^ 0x3c6ef372, region, plannedMs) * delay.deliveryMs +
        hashUnit(trace.seed ^ 0x1b873593, region, plannedMs) * delay.pickupMs;
      // The schedule's phases (infra/probe-phases.ts): floor(i × interval / n) whole seconds.
      for (let r = 0; r < n; r++) {
        const phaseMs = Math.floor((r * policy.intervalMs) / 1000 / n) * 1000;
        for (let planned = phaseMs; planned < trace.durationMs; planned += policy.intervalMs) {
          queue.push(startOf(r, planned), { type: 'run', region: r, burst: false });
        }
      }
      for (let t = 0; t < trace.durationMs; t += sweepMs) queue.push(t, { type: 'evaluate' });

      // A result is keyed by its first attempt's start, so the final result replaces its suspects.
      const observationOf = (
        region: number,
        outcome: CheckOutcome,
        seen: Pick<Observation, 'status' | 'reason'>,
        endMs: number,
      ): Observation => ({
        region: trace.regions[region] as string,
        checkedAt: new Date(trace.epochMs + Math.round(outcome.startMs)).toISOString(),
        ...seen,
        detail: seen.status,
        latencyMs: Math.round(endMs - outcome.startMs),
        control: true,
      });
      const seenOf = (sight: Sight) => ({ status: sight.status, reason: reasonOf(sight) });

      for (let event = queue.pop(); event; event = queue.pop()) {
        const { time, item } = event;
        if (item.type === 'run') {
          const location = trace.regions[item.region] as string;
          // A burst checks the one target it names; a planned run checks them all.
          const checked = item.burst ? 1 : specs.length;
          const outcomes = specs
            .slice(0, checked)
            .map((spec, t) => runCheck(trace, location, keys[item.region]?.[t] as number, time, spec));
          const scored = outcomes[0] as CheckOutcome;
          const controlEnd = time + CONTROL_MS;
          const first = scored.attempts[0];
          // A planned run stores a first attempt still unanswered after the slow threshold as a slow suspect.
          if (!item.burst && first !== undefined && first.endMs - first.startMs > slowAfterMs) {
            queue.push(Math.max(time + slowAfterMs, controlEnd), {
              type: 'write',
              region: item.region,
              observation: observationOf(
                item.region,
                scored,
                { status: 'degraded', reason: 'no_answer_yet' },
                time + slowAfterMs,
              ),
            });
          }
          // A failed first attempt is stored at once (with the control check) as a suspect result.
          if (first !== undefined && scored.attempts.length > 1) {
            queue.push(Math.max(first.endMs, controlEnd), {
              type: 'write',
              region: item.region,
              observation: observationOf(item.region, scored, seenOf(first.sight), first.endMs),
            });
          }
          // The final results are stored once every target and the control check have finished.
          queue.push(Math.max(controlEnd, ...outcomes.map((o) => o.endMs)), {
            type: 'write',
            region: item.region,
            observation: observationOf(item.region, scored, seenOf(scored.sight), scored.endMs),
          });
        } else if (item.type === 'write') {
          const list = latest[item.region] as Observation[];
          const same = list.findIndex((o) => o.checkedAt === item.observation.checkedAt);
          if (same >= 0) list.splice(same, 1);
          list.push(item.observation);
          list.sort((a, b) => (a.checkedAt < b.checkedAt ? 1 : -1));
          list.length = Math.min(list.length, 2);
          queue.push(time + streamLatencyMs, { type: 'evaluate' });
        } else {
          const now = new Date(trace.epochMs + Math.round(time));
          // As TargetEvaluator: a state evaluated at or after `now` already saw these results.
          if (state !== null && Date.parse(state.evaluatedAt) >= now.getTime()) continue;
          const { votes } = votesFrom(latest.flat(), trace.regions, policy, now);
          const decision = decide(state, { targetId, regions: trace.regions, votes }, policy, now);
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
              if (region >= 0) queue.push(time + burstLatencyMs, { type: 'run', region, burst: true });
            }
          }
        }
      }
      return notifications;
    },
  };
}
