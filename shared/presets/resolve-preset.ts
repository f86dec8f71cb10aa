import { DJP_PRESETS, isPresetId, PRESET_IDS, type PresetId } from './djp-presets.js';

/** A problem of one target entry: the field (relative to the entry) and the rule. */
export interface PresetProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const KNOWN = `known presets: ${PRESET_IDS.join(', ')}`;

/** The target a preset stands for, fields as a configuration writes them. */
export function presetTarget(id: PresetId): Record<string, unknown> {
  const preset = DJP_PRESETS[id];
  return { id: preset.id, name: preset.name, url: preset.url, check: preset.check, ...preset.settings };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function presetWithOverrides(
  entry: Record<string, unknown>,
): { target: unknown } | { problem: PresetProblem } {
  const { preset, ...overrides } = entry;
  if (!isPresetId(preset)) {
    const shown = typeof preset === 'string' ? JSON.stringify(preset.slice(0, 60)) : 'it';
    return { problem: { path: ['preset'], message: `${shown} is not a preset (${KNOWN})` } };
  }
  if ('check' in overrides) {
    return {
      problem: {
        path: ['check'],
        message: `a preset's check is fixed ("${DJP_PRESETS[preset].check}"): to use another, write the whole target without "preset"`,
      },
    };
  }
  const target = { ...presetTarget(preset), ...overrides };
  // A shorter timeout without its own threshold: the preset's threshold would break the rule that it be shorter.
  const { timeoutMs, degradedAfterMs } = target;
  if (
    overrides.degradedAfterMs === undefined &&
    typeof timeoutMs === 'number' &&
    Number(degradedAfterMs) >= timeoutMs
  ) {
    delete target.degradedAfterMs;
  }
  return { target };
}

/**
 * A target entry of the configuration as the rest of the code knows targets: `"coretax"` is the preset,
 * `{ "preset": "coretax", ...overrides }` the preset with those fields replaced, anything else is returned as it is
 * (and validated as a whole target).
 */
export function resolveTargetEntry(entry: unknown): { target: unknown } | { problem: PresetProblem } {
  if (typeof entry === 'string') {
    if (isPresetId(entry)) return { target: presetTarget(entry) };
    return {
      problem: { path: [], message: `${JSON.stringify(entry.slice(0, 60))} is not a preset (${KNOWN})` },
    };
  }
  if (!isRecord(entry)) {
    return { problem: { path: [], message: `must be a preset id (${KNOWN.slice(7)}) or a target` } };
  }
  if (Object.hasOwn(entry, 'preset')) return presetWithOverrides(entry);
  return { target: entry };
}
