/** Details are one short line: long server texts are cut here. */
export const MAX_DETAIL_LENGTH = 160;

/** `10000` → `10.0 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `1048576` → `1 MiB`, `1536` → `1.5 KiB`, `12` → `12 bytes`. */
export function formatBytes(n: number): string {
  const unit = (value: number, name: string) =>
    `${Number.isInteger(value) ? value : Number(value.toFixed(1))} ${name}`;
  if (n >= 1024 * 1024) return unit(n / (1024 * 1024), 'MiB');
  if (n >= 1024) return unit(n / 1024, 'KiB');
  return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
}

/** One line, whitespace collapsed, at most `max` characters (an ellipsis marks a cut). */
export function shorten(text: string, max = MAX_DETAIL_LENGTH): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}
