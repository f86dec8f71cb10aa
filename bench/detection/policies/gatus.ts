import { type CheckSpec, runCheck } from '../check.js';
import { Notifier, type SyncPolicyModel } from '../policy.js';
import { observerKey, type Trace } from '../trace.js';

export interface GatusOptions {
  /** The one location Gatus runs in (self-hosted). @default the first of our regions */
  readonly location?: string;
  /** @default 60000 (Gatus's default endpoint interval) */
  readonly intervalMs?: number;
  /** Failures in a row that trigger the alert. @default 3 */
  readonly failureThreshold?: number;
  /** Successes in a row that resolve it. @default 2 */
  readonly successThreshold?: number;
  /** @default 10000 (Gatus's default client timeout) */
  readonly timeoutMs?: number;
}

/** Gatus: one location, no retry; alert after 3 failures in a row, resolved after 2 successes in a row. */
export function gatus(options: GatusOptions = {}): SyncPolicyModel {
  const intervalMs = options.intervalMs ?? 60_000;
  const failureThreshold = options.failureThreshold ?? 3;
  const successThreshold = options.successThreshold ?? 2;
  const spec: CheckSpec = { attempts: 1, pausesMs: [], timeoutMs: options.timeoutMs ?? 10_000 };
  return {
    id: 'gatus',
    name: 'Gatus',
    observers: () => 1,
    locations: (trace) => [options.location ?? (trace.regions[0] as string)],
    run(trace: Trace) {
      const location = options.location ?? (trace.regions[0] as string);
      const key = observerKey(`gatus:${location}`);
      const notifier = new Notifier();
      let failures = 0;
      let successes = 0;
      let triggered = false;
      // One location checks sequentially: a check starts at its tick or when the previous one ended.
      let t = 0;
      while (t < trace.durationMs) {
        const outcome = runCheck(trace, location, key, t, spec);
        if (outcome.sight.status === 'up') {
          successes++;
          failures = 0;
          if (triggered && successes >= successThreshold) {
            triggered = false;
            notifier.set(outcome.endMs, 'up');
          }
        } else {
          failures++;
          successes = 0;
          if (!triggered && failures >= failureThreshold) {
            triggered = true;
            notifier.set(outcome.endMs, 'down');
          }
        }
        t = Math.max(t + intervalMs, outcome.endMs);
      }
      return notifier.notifications;
    },
  };
}
