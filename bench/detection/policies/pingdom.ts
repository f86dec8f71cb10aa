import { type CheckSpec, runCheck } from '../check.js';
import { Notifier, regionOf, type SyncPolicyModel } from '../policy.js';
import { observerKey, type Trace } from '../trace.js';

export interface PingdomOptions {
  /** Probe servers in the rotation, placed round-robin in the trace's regions. @default 10 */
  readonly servers?: number;
  /** @default 60000 */
  readonly intervalMs?: number;
  /** @default 30000 */
  readonly timeoutMs?: number;
  /** Delay before the second opinion starts. @default 1000 */
  readonly secondOpinionDelayMs?: number;
}

/**
 * Pingdom: probe servers test in rotation; a failed test is "unconfirmed down" until a server in another
 * region fails too (the second opinion), then the check is down; the first successful test ends the outage.
 */
export function pingdom(options: PingdomOptions = {}): SyncPolicyModel {
  const servers = options.servers ?? 10;
  const intervalMs = options.intervalMs ?? 60_000;
  const delayMs = options.secondOpinionDelayMs ?? 1000;
  const spec: CheckSpec = { attempts: 1, pausesMs: [], timeoutMs: options.timeoutMs ?? 30_000 };
  return {
    id: 'pingdom',
    name: 'Pingdom',
    observers: () => servers,
    run(trace: Trace) {
      const keys = Array.from({ length: servers }, (_, i) => observerKey(`pingdom:${i}`));
      const notifier = new Notifier();
      const check = (server: number, start: number) =>
        runCheck(trace, regionOf(trace, server), keys[server] as number, start, spec);
      let rotation = 0;
      let t = 0;
      while (t < trace.durationMs) {
        const server = rotation++ % servers;
        const first = check(server, t);
        let end = first.endMs;
        if (first.sight.status === 'up') notifier.set(first.endMs, 'up');
        else if (notifier.current !== 'up') {
          // Already confirmed down: consecutive errors keep it down.
        } else {
          let other = (server + 1) % servers;
          while (regionOf(trace, other) === regionOf(trace, server) && other !== server)
            other = (other + 1) % servers;
          const second = check(other, first.endMs + delayMs);
          end = second.endMs;
          if (second.sight.status !== 'up') notifier.set(second.endMs, 'down');
        }
        t = Math.max(t + intervalMs, end);
      }
      return notifier.notifications;
    },
  };
}
