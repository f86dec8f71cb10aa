import { type CheckSpec, runCheck } from '../check.js';
import { EventQueue } from '../event-queue.js';
import { Notifier, type SyncPolicyModel } from '../policy.js';
import { observerKey, type Trace } from '../trace.js';

/** The regions of OpenStatus's free plan (`FREE_FLY_REGIONS`): Ashburn, Amsterdam, São Paulo, Sydney, Singapore, Johannesburg. */
export const OPENSTATUS_FREE_REGIONS = [
  'fly-iad',
  'fly-ams',
  'fly-gru',
  'fly-syd',
  'fly-sin',
  'fly-jnb',
] as const;

export interface OpenStatusOptions {
  /** @default 60000 */
  readonly intervalMs?: number;
  /** Tries per check (the checker's `retry`, default 3), with exponential backoff from 500 ms. */
  readonly attempts?: number;
  /** @default [500, 750] (backoff mean: 500 ms, ×1.5) */
  readonly pausesMs?: readonly number[];
  /** @default 45000 */
  readonly timeoutMs?: number;
  /** Where it checks from. @default OPENSTATUS_FREE_REGIONS */
  readonly regions?: readonly string[];
}

type RegionStatus = 'active' | 'error';

/**
 * OpenStatus: every region checks at the same cron instant; a region's status is stored when it changes (and
 * only if the check is newer than the stored change); the monitor moves to a status when at least half of its
 * regions report it (`affected * 2 >= total`), in both directions.
 */
export function openStatus(options: OpenStatusOptions = {}): SyncPolicyModel {
  const intervalMs = options.intervalMs ?? 60_000;
  const spec: CheckSpec = {
    attempts: options.attempts ?? 3,
    pausesMs: options.pausesMs ?? [500, 750],
    timeoutMs: options.timeoutMs ?? 45_000,
  };
  const regions = options.regions ?? OPENSTATUS_FREE_REGIONS;
  return {
    id: 'openstatus',
    name: 'OpenStatus',
    observers: () => regions.length,
    locations: () => regions,
    run(trace: Trace) {
      const n = regions.length;
      const keys = regions.map((r) => observerKey(`openstatus:${r}`));
      const status: RegionStatus[] = regions.map(() => 'active');
      const changedAt: number[] = regions.map(() => -1);
      let monitor: RegionStatus = 'active';
      const notifier = new Notifier();
      const queue = new EventQueue<{ region: number; cron: number; result: RegionStatus }>();
      for (let cron = 0; cron < trace.durationMs; cron += intervalMs) {
        for (let r = 0; r < n; r++) {
          const outcome = runCheck(trace, regions[r] as string, keys[r] as number, cron, spec);
          queue.push(outcome.endMs, {
            region: r,
            cron,
            result: outcome.sight.status === 'up' ? 'active' : 'error',
          });
        }
      }
      for (let event = queue.pop(); event; event = queue.pop()) apply(event);
      return notifier.notifications;

      function apply(event: { time: number; item: { region: number; cron: number; result: RegionStatus } }) {
        const { region, cron, result } = event.item;
        if (status[region] === result || cron <= (changedAt[region] as number)) return;
        status[region] = result;
        changedAt[region] = cron;
        const affected = status.filter((s) => s === result).length;
        if (affected * 2 >= n && monitor !== result) {
          monitor = result;
          notifier.set(event.time, result === 'active' ? 'up' : 'down');
        }
      }
    },
  };
}
