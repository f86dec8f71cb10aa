import type { ConsensusPolicy } from '../types.js';

/** Votes needed to adopt a status when `voting` regions vote: a strict majority (at least the minimum) or the fixed count. */
export function quorumSize(policy: ConsensusPolicy, voting: number): number {
  if (policy.quorum === 'majority') return Math.max(policy.minQuorum, Math.floor(voting / 2) + 1);
  return Math.max(policy.quorum, policy.minQuorum);
}
