import { setTimeout as sleep } from 'node:timers/promises';
import type { TargetStatusView } from '../shared/api/target-view.js';

/**
 * Polls `GET /status` until every target shows a consensus evaluated at or after `since` (a state kept from an
 * earlier run does not count). Resolves with the views then, or `null` after `timeoutMs`.
 */
export async function waitForFirstStatus(
  apiUrl: string,
  since: Date,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<TargetStatusView[] | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !signal?.aborted) {
    try {
      const res = await fetch(`${apiUrl}/status`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        const { targets } = (await res.json()) as { targets: TargetStatusView[] };
        const evaluated = targets.every(
          (t) => t.since !== null && t.checkedAt !== null && Date.parse(t.checkedAt) >= since.getTime(),
        );
        if (targets.length > 0 && evaluated) return targets;
      }
    } catch {
      // not answering yet: poll again
    }
    try {
      await sleep(50, undefined, { signal });
    } catch {
      return null;
    }
  }
  return null;
}
