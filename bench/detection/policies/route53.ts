import { mulberry32 } from '../../prng.js';
import { type CheckSpec, runCheck } from '../check.js';
import { EventQueue } from '../event-queue.js';
import { Notifier, type SyncPolicyModel } from '../policy.js';
import { observerKey, type Trace } from '../trace.js';

/** The regions Route 53 health checkers check from (`HealthCheckRegion`, all of them by default). */
export const ROUTE53_REGIONS = [
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
] as const;

export interface Route53Options {
  /** Health checkers probing the endpoint. @default 16 */
  readonly checkers?: number;
  /** Each checker's interval (standard: 30 s, fast: 10 s). @default 30000 */
  readonly intervalMs?: number;
  /** Consecutive results that flip one checker's view, both ways. @default 3 */
  readonly failureThreshold?: number;
  /** The endpoint is healthy while strictly more than this share of checkers report healthy. @default 0.18 */
  readonly healthyShare?: number;
  /** 4 s to connect plus 2 s to the status line. @default 6000 */
  readonly timeoutMs?: number;
  /** Seed for the checkers' uncoordinated phases. @default 1 */
  readonly seed?: number;
  /** Fixed phases instead of seeded ones (one per checker), e.g. for tests. */
  readonly phasesMs?: readonly number[];
  /** Where the checkers sit, round-robin. @default ROUTE53_REGIONS */
  readonly regions?: readonly string[];
}

/**
 * Route 53 health checks: every checker probes on its own uncoordinated phase; a checker changes its view
 * after `failureThreshold` consecutive opposite results; the endpoint is healthy while more than 18% of the
 * checkers say healthy. Checkers are placed round-robin in Route 53's checker regions, each with its own noise.
 */
export function route53(options: Route53Options = {}): SyncPolicyModel {
  const checkers = options.checkers ?? 16;
  const intervalMs = options.intervalMs ?? 30_000;
  const threshold = options.failureThreshold ?? 3;
  const share = options.healthyShare ?? 0.18;
  const spec: CheckSpec = { attempts: 1, pausesMs: [], timeoutMs: options.timeoutMs ?? 6000 };
  const regions = options.regions ?? ROUTE53_REGIONS;
  const locationOf = (c: number) => regions[c % regions.length] as string;
  return {
    id: 'route53',
    name: 'Route 53 health check',
    observers: () => checkers,
    locations: () => [...new Set(Array.from({ length: checkers }, (_, c) => locationOf(c)))],
    run(trace: Trace) {
      const random = mulberry32(options.seed ?? 1);
      const phases = Array.from(
        { length: checkers },
        (_, i) => options.phasesMs?.[i] ?? Math.floor(random() * intervalMs),
      );
      const keys = Array.from({ length: checkers }, (_, i) => observerKey(`route53:${i}`));
      const healthy = Array.from({ length: checkers }, () => true);
      const streak = Array.from({ length: checkers }, () => 0);
      let healthyCount = checkers;
      const notifier = new Notifier();
      // Checks are scheduled one interval ahead; results arrive when the attempt ends.
      const queue = new EventQueue<{ checker: number; start: number } | { checker: number; ok: boolean }>();
      for (let c = 0; c < checkers; c++)
        queue.push(phases[c] as number, { checker: c, start: phases[c] as number });
      for (let event = queue.pop(); event; event = queue.pop()) {
        const { item } = event;
        const c = item.checker;
        if ('start' in item) {
          const outcome = runCheck(trace, locationOf(c), keys[c] as number, item.start, spec);
          queue.push(outcome.endMs, { checker: c, ok: outcome.sight.status === 'up' });
          const next = item.start + intervalMs;
          if (next < trace.durationMs) queue.push(next, { checker: c, start: next });
          continue;
        }
        // A result that agrees with the checker's view resets the streak; opposite results accumulate.
        const run = item.ok === healthy[c] ? 0 : (streak[c] ?? 0) + 1;
        streak[c] = run;
        if (run >= threshold) {
          healthy[c] = item.ok;
          streak[c] = 0;
          healthyCount += item.ok ? 1 : -1;
        }
        notifier.set(event.time, healthyCount / checkers > share ? 'up' : 'down');
      }
      return notifier.notifications;
    },
  };
}
