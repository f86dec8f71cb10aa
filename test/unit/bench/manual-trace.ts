import type { Trace } from '../../../bench/detection/trace.js';

/** A hand-made trace: no noise and no events unless given. */
export function manualTrace(overrides: Partial<Trace> = {}): Trace {
  return {
    seed: 7,
    regions: ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'],
    epochMs: Date.UTC(2026, 2, 1),
    durationMs: 20 * 60_000,
    noiseRate: 0,
    noise: 'attempt',
    outages: [],
    maintenance: [],
    flapping: [],
    regional: [],
    ...overrides,
  };
}
