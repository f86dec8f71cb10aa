/**
 * Runs in its own Node process so that its peak resident memory is the probe's alone: checks the URL given
 * (JSON `{ url, check }` as the argument) with the largest allowed body cap and prints one JSON line, with the
 * growth of peak RSS over the baseline taken after a warm-up check.
 */
import { attemptTarget, type ProbeTargetSpec } from '../../../shared/probe/probe-target.js';
import type { CheckKind } from '../../../shared/types.js';
import { MAX_BODY_BYTES } from './adversarial-bodies.js';

const MiB = 1024 * 1024;
const { url, check, warmUpUrl } = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  check: CheckKind;
  warmUpUrl: string;
};
const spec = (target: string): ProbeTargetSpec => ({
  url: target,
  check,
  timeoutMs: 10_000,
  degradedAfterMs: 9_000,
  retryDelayMs: 0,
  maxBodyBytes: MAX_BODY_BYTES,
});

await attemptTarget(spec(warmUpUrl));
(globalThis as { gc?: () => void }).gc?.();
const baseline = process.memoryUsage().rss;
const outcome = await attemptTarget(spec(url));
const peakGrowthMiB = (process.resourceUsage().maxRSS * 1024 - baseline) / MiB;
process.stdout.write(
  `${JSON.stringify({ reason: outcome.reason, detail: outcome.detail, bytes: outcome.bytes, totalMs: outcome.timings.totalMs, peakGrowthMiB })}\n`,
);
