import type { ResultLine } from '../../../shared/replay/result-line.js';
import type { ReasonCode } from '../../../shared/types.js';
import { T0 } from './fleet-harness.js';

/** A seeded PRNG (mulberry32): the same seed gives the same history on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface Window {
  /** Seconds after the start of the history. */
  readonly fromS: number;
  readonly toS: number;
}

export interface HistoryOptions {
  readonly seed: number;
  readonly hours: number;
  readonly regions?: readonly string[];
  readonly intervalS?: number;
  /** Probability that one probe fails on its own (after the probe's own retry). */
  readonly noise: number;
  /** Probability that one probe is slow on its own. @default noise / 2 */
  readonly slowNoise?: number;
  /** `staggered`: region i of n probes at i·interval/n; `aligned`: all at the top of the minute. */
  readonly phases?: 'staggered' | 'aligned';
  readonly globalOutage?: Window;
  /** One region fails alone (e.g. geo-blocked). */
  readonly regionalOutage?: Window & { readonly region: string };
  readonly target?: string;
}

const NOISE_REASONS: readonly ReasonCode[] = ['timeout', 'refused', 'reset', 'dns', 'network', 'http_status'];

/** Probe results of several regions over `hours`, as the API exports them. */
export function generateHistory(options: HistoryOptions): ResultLine[] {
  const random = mulberry32(options.seed);
  const regions = options.regions ?? ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];
  const intervalS = options.intervalS ?? 60;
  const slowNoise = options.slowNoise ?? options.noise / 2;
  const rounds = Math.floor((options.hours * 3600) / intervalS);
  const inside = (w: Window | undefined, s: number) => w !== undefined && s >= w.fromS && s < w.toS;
  const lines: ResultLine[] = [];
  for (let k = 0; k < rounds; k++) {
    regions.forEach((region, i) => {
      const s =
        k * intervalS + (options.phases === 'aligned' ? 0 : Math.floor((i * intervalS) / regions.length));
      const draw = random();
      const pick = NOISE_REASONS[Math.floor(random() * NOISE_REASONS.length)] ?? 'timeout';
      let status: ResultLine['status'] = 'up';
      let reason: ReasonCode = 'ok';
      if (inside(options.globalOutage, s)) [status, reason] = ['down', 'refused'];
      else if (options.regionalOutage?.region === region && inside(options.regionalOutage, s)) {
        [status, reason] = ['down', 'http_status'];
      } else if (draw < options.noise) [status, reason] = ['down', pick];
      else if (draw < options.noise + slowNoise) [status, reason] = ['degraded', 'slow'];
      lines.push({
        region,
        checkedAt: new Date(T0 + s * 1000).toISOString(),
        status,
        reason,
        ...(options.target !== undefined && { target: options.target }),
        latencyMs: status === 'up' ? 180 : status === 'degraded' ? 4000 : 10_000,
      });
    });
  }
  return lines;
}

/** Moments at which at least two regions' latest results were failing together (chance coincidences). */
export function coincidences(lines: readonly ResultLine[]): number {
  const latest = new Map<string, boolean>();
  let count = 0;
  for (const line of [...lines].sort((a, b) => a.checkedAt.localeCompare(b.checkedAt))) {
    latest.set(line.region, line.status === 'down');
    if (line.status === 'down' && [...latest.values()].filter(Boolean).length >= 2) count++;
  }
  return count;
}
