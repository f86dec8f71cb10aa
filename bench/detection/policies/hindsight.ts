import type { Notification, NotifiedStatus, SyncPolicyModel } from '../policy.js';
import { FLAPPING_TAIL_MS, type FlappingEpisode, type Trace } from '../trace.js';

/** The id of the floor in results: never an anchor, never ours. */
export const HINDSIGHT_POLICY = 'hindsight';

interface Flip {
  readonly atMs: number;
  readonly status: NotifiedStatus;
}

/**
 * The fewest milliseconds a told status can be wrong over a flapping episode and its scoring tail with at most
 * `budget` notifications, told up at both ends (the tail is all up: ending told down only costs more), and where the
 * notifications go. Dynamic programming over the spans between the server's changes: a notification is only worth
 * sending at one of them.
 */
export function bestFlips(episode: FlappingEpisode, budget: number): { wrongMs: number; flips: Flip[] } {
  const endMs = episode.endMs + FLAPPING_TAIL_MS;
  const cuts = new Set<number>([episode.startMs, endMs]);
  for (const d of episode.down) cuts.add(d.startMs).add(d.endMs);
  const points = [...cuts].sort((a, b) => a - b);
  const spans = points.slice(0, -1).map((from, i) => {
    const to = points[i + 1] as number;
    return { from, to, down: episode.down.some((d) => from >= d.startMs && from < d.endMs) };
  });
  // cost[k][told]: the least wrong time so far with k notifications used, told down (1) or up (0).
  type Cell = { cost: number; path: readonly number[] };
  const none: Cell = { cost: Number.POSITIVE_INFINITY, path: [] };
  let row: Cell[][] = Array.from({ length: budget + 1 }, () => [none, none]);
  (row[0] as Cell[])[0] = { cost: 0, path: [] };
  spans.forEach((span, i) => {
    const next: Cell[][] = Array.from({ length: budget + 1 }, () => [none, none]);
    for (let k = 0; k <= budget; k++) {
      for (const told of [0, 1]) {
        const here = (row[k] as Cell[])[told] as Cell;
        if (!Number.isFinite(here.cost)) continue;
        const options: Array<[number, number, readonly number[]]> = [[k, told, here.path]];
        if (k < budget) options.push([k + 1, 1 - told, [...here.path, i]]);
        for (const [k2, t2, path] of options) {
          const wrong = (t2 === 1) !== span.down ? span.to - span.from : 0;
          const cell = (next[k2] as Cell[])[t2] as Cell;
          if (here.cost + wrong < cell.cost) (next[k2] as Cell[])[t2] = { cost: here.cost + wrong, path };
        }
      }
    }
    row = next;
  });
  let best = none;
  for (const cells of row)
    if (((cells[0] as Cell).cost ?? Number.POSITIVE_INFINITY) < best.cost) best = cells[0] as Cell;
  let told: NotifiedStatus = 'up';
  const flips = best.path.map((i) => {
    told = told === 'up' ? 'down' : 'up';
    return { atMs: (spans[i] as { from: number }).from, status: told };
  });
  return { wrongMs: best.cost, flips };
}

/**
 * Not a monitor: what hindsight could tell with at most `perFlappingHour` notifications per flapping episode (each
 * lasts an hour). Outages and maintenance windows are told at their exact start and end; each flapping episode gets
 * the placement `bestFlips` finds. Its minutes told the wrong status inside flapping are the floor for any monitor
 * with that notification budget.
 */
export function hindsight(perFlappingHour = 3): SyncPolicyModel {
  return {
    id: HINDSIGHT_POLICY,
    name: `hindsight floor, ≤ ${perFlappingHour} notifications per flapping hour (not a monitor)`,
    observers: () => 0,
    locations: () => [],
    run(trace: Trace): Notification[] {
      const flips: Flip[] = [
        ...trace.outages.flatMap((o) => [
          { atMs: o.startMs, status: 'down' as const },
          { atMs: o.endMs, status: 'up' as const },
        ]),
        ...trace.maintenance.flatMap((m) => [
          { atMs: m.startMs, status: 'maintenance' as const },
          { atMs: m.endMs, status: 'up' as const },
        ]),
        ...trace.flapping.flatMap((f) => bestFlips(f, perFlappingHour).flips),
      ].sort((a, b) => a.atMs - b.atMs);
      let told: NotifiedStatus = 'up';
      return flips.map(({ atMs, status }) => {
        const kind = status === 'up' ? 'recovery' : told === 'up' ? 'alert' : 'change';
        told = status;
        return { atMs, kind, status };
      });
    },
  };
}
