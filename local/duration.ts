/** A duration flag that is not `<whole number><unit>` with a known unit. */
export class DurationError extends Error {
  constructor(readonly input: string) {
    super(
      `${JSON.stringify(input)} is not a duration (a whole number followed by ms, s, m or h, e.g. 5s, 90s, 1m)`,
    );
    this.name = 'DurationError';
  }
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^(\d{1,7})(ms|s|m|h)$/;

/** Parses `5s`, `90s`, `1m`, `250ms`, `1h` strictly: no spaces, no fractions, no sign, one unit. */
export function parseDuration(input: string): number {
  const match = DURATION.exec(input);
  if (!match) throw new DurationError(input);
  const unit = match[2] as keyof typeof UNIT_MS;
  return Number(match[1]) * UNIT_MS[unit];
}

/** `5 s`, `1 min 30 s`, `250 ms`: for start-up lines and the view. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  }
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return [h > 0 ? `${h} h` : '', m > 0 ? `${m} min` : '', s > 0 ? `${s} s` : ''].filter(Boolean).join(' ');
}
