import { hashUnit } from '../../prng.js';
import { type CheckSpec, runCheck } from '../check.js';
import { Notifier, type SyncPolicyModel } from '../policy.js';
import { observerKey, type Trace } from '../trace.js';

/** A probe server of the Asia Pacific group, "as geographically varied as possible": a location of its own each. */
export const pingdomLocation = (server: number): string => `pingdom-${server + 1}`;
export const PINGDOM_SERVERS = 10;

export interface PingdomOptions {
  /** Probe servers in the rotation ("about 10", as geographically varied as possible). @default 10 */
  readonly servers?: number;
  /** @default 60000 */
  readonly intervalMs?: number;
  /** @default 30000 */
  readonly timeoutMs?: number;
  /** Delay before the second opinion starts. @default 1000 */
  readonly secondOpinionDelayMs?: number;
  /** Where server `i` sits. @default pingdomLocation */
  readonly locationOf?: (server: number) => string;
}

/**
 * Pingdom: probe servers test in rotation; a failed test is "unconfirmed down" until a server in another
 * region fails too (the second opinion), then the check is down; the first successful test ends the outage.
 */
export function pingdom(options: PingdomOptions = {}): SyncPolicyModel {
  const servers = options.servers ?? PINGDOM_SERVERS;
  const intervalMs = options.intervalMs ?? 60_000;
  const delayMs = options.secondOpinionDelayMs ?? 1000;
  const spec: CheckSpec = { attempts: 1, pausesMs: [], timeoutMs: options.timeoutMs ?? 30_000 };
  const locationOf = options.locationOf ?? pingdomLocation;
  return {
    id: 'pingdom',
    name: 'Pingdom',
    observers: () => servers,
    locations: () => Array.from({ length: servers }, (_, i) => locationOf(i)),
    run(trace: Trace) {
      const keys = Array.from({ length: servers }, (_, i) => observerKey(`pingdom:${i}`));
      const notifier = new Notifier();
      const check = (server: number, start: number) =>
        runCheck(trace, locationOf(server), keys[server] as number, start, spec);
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
          // Any server elsewhere: "as geographically different as possible", not always the same neighbour.
          const elsewhere = Array.from({ length: servers }, (_, i) => i).filter(
            (i) => locationOf(i) !== locationOf(server),
          );
          const other =
            elsewhere[
              Math.floor(hashUnit(trace.seed ^ 0x27d4eb2f, server, first.endMs) * elsewhere.length)
            ] ?? server;
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
