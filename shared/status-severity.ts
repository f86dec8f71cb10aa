import type { ConsensusStatus, ProbeStatus } from './types.js';

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
