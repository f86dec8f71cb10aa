import type { ConsensusPolicy, Vote } from '../types.js';
import type { Observation } from './observation.js';

/** A vote keeps at most this much of its result's detail: votes live in the state item, which has a size bound. */
export const MAX_VOTE_DETAIL_LENGTH = 200;

function clip(detail: string): string {
  return detail.length <= MAX_VOTE_DETAIL_LENGTH ? detail : `${detail.slice(0, MAX_VOTE_DETAIL_LENGTH - 1)}…`;
}

export interface VotesFromResult {
  /** One vote per region that has a result, in the order of `regions`; those that do not count say why. */
  readonly votes: Vote[];
  /** Regions without any result. */
  readonly missing: string[];
}

/**
 * The vote of each region from its latest results (any order, any number per region; others are ignored):
 * - the newest result votes while younger than `staleAfterMs`, else it is `stale`;
 * - a result that is not `up` while the region's control URL failed is `control_failed` (its own network is
 *   the problem); an `up` still counts, since the region did reach the target;
 * - the result before it, if recent and not itself spoilt by a failed control, becomes `previousStatus`.
 */
export function votesFrom(
  observations: readonly Observation[],
  regions: readonly string[],
  policy: ConsensusPolicy,
  now: Date,
): VotesFromResult {
  const byRegion = new Map<string, Observation[]>();
  for (const o of observations) {
    const list = byRegion.get(o.region);
    if (list) list.push(o);
    else byRegion.set(o.region, [o]);
  }
  const votes: Vote[] = [];
  const missing: string[] = [];
  for (const region of regions) {
    const list = (byRegion.get(region) ?? []).sort(
      (a, b) => Date.parse(b.checkedAt) - Date.parse(a.checkedAt),
    );
    const [latest, previous] = list;
    if (!latest) {
      missing.push(region);
      continue;
    }
    const latestMs = Date.parse(latest.checkedAt);
    const stale = now.getTime() - latestMs >= policy.staleAfterMs;
    const controlFailed = latest.control === false && latest.status !== 'up';
    const confirms =
      previous !== undefined &&
      latestMs - Date.parse(previous.checkedAt) <= policy.staleAfterMs &&
      !(previous.control === false && previous.status !== 'up');
    votes.push({
      region,
      status: latest.status,
      reason: latest.reason,
      detail: clip(latest.detail),
      latencyMs: latest.latencyMs,
      checkedAt: latest.checkedAt,
      control: latest.control,
      ...(stale
        ? { excluded: 'stale' as const }
        : controlFailed
          ? { excluded: 'control_failed' as const }
          : {}),
      ...(confirms ? { previousStatus: previous.status } : {}),
    });
  }
  return { votes, missing };
}
