import type { ConsensusPolicy, ConsensusStatus, ProbeStatus } from '../types.js';

/** How bad a known status is: up 0, degraded 1, maintenance and down 2 (both failing). */
export function severity(status: ProbeStatus): 0 | 1 | 2 {
  if (status === 'up') return 0;
  if (status === 'degraded') return 1;
  return 2;
}

/** Two statuses agree when they are equally bad; `unknown` agrees with nothing. */
export function agrees(a: ConsensusStatus, b: ConsensusStatus): boolean {
  return a !== 'unknown' && b !== 'unknown' && severity(a) === severity(b);
}

/** Votes needed to adopt a status when `voting` regions vote: a strict majority (at least the minimum) or the fixed count. */
export function quorumSize(policy: ConsensusPolicy, voting: number): number {
  if (policy.quorum === 'majority') return Math.max(policy.minQuorum, Math.floor(voting / 2) + 1);
  return Math.max(policy.quorum, policy.minQuorum);
}
