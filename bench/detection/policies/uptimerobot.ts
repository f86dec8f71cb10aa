import { mulberry32, sample } from '../../prng.js';
import { type CheckSpec, runCheck } from '../check.js';
import { Notifier, type SyncPolicyModel } from '../policy.js';
import { observerKey, type Trace } from '../trace.js';

/** "Various locations around the world": each node of the default pool in a location of its own. */
export const uptimeRobotLocation = (node: number): string => `uptimerobot-${node + 1}`;
export const UPTIMEROBOT_NODES = 12;

export interface UptimeRobotOptions {
  /** Checker nodes in the pool, each in a location of its own. @default 12 */
  readonly nodes?: number;
  /** Nodes drawn at random for every check. @default 3 */
  readonly perCheck?: number;
  /** @default 60000 (the shortest paid interval) */
  readonly intervalMs?: number;
  /** @default 30000 */
  readonly timeoutMs?: number;
  /** @default 1 */
  readonly seed?: number;
  /** Where node `i` sits. @default uptimeRobotLocation */
  readonly locationOf?: (node: number) => string;
}

/**
 * UptimeRobot: every check draws three different nodes at random; the monitor is down when all three fail,
 * up again as soon as a check has at least one success. The three nodes are modelled as checking in parallel.
 */
export function uptimeRobot(options: UptimeRobotOptions = {}): SyncPolicyModel {
  const nodes = options.nodes ?? UPTIMEROBOT_NODES;
  const perCheck = options.perCheck ?? 3;
  const intervalMs = options.intervalMs ?? 60_000;
  const spec: CheckSpec = { attempts: 1, pausesMs: [], timeoutMs: options.timeoutMs ?? 30_000 };
  const locationOf = options.locationOf ?? uptimeRobotLocation;
  return {
    id: 'uptimerobot',
    name: 'UptimeRobot',
    observers: () => nodes,
    locations: () => Array.from({ length: nodes }, (_, i) => locationOf(i)),
    run(trace: Trace) {
      const random = mulberry32(options.seed ?? 1);
      const pool = Array.from({ length: nodes }, (_, i) => i);
      const keys = pool.map((i) => observerKey(`uptimerobot:${i}`));
      const notifier = new Notifier();
      for (let t = 0; t < trace.durationMs; t += intervalMs) {
        const outcomes = sample(random, pool, perCheck).map((node) =>
          runCheck(trace, locationOf(node), keys[node] as number, t, spec),
        );
        const allFailed = outcomes.every((o) => o.sight.status !== 'up');
        const known = Math.max(...outcomes.map((o) => o.endMs));
        notifier.set(known, allFailed ? 'down' : 'up');
      }
      return notifier.notifications;
    },
  };
}
