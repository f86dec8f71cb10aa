import { redactUrlsInText } from './redact-url.js';
import { safeText } from './safe-text.js';

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

/**
 * One safe line of at most `max` characters (an ellipsis marks a cut): controls, escape sequences and bidi
 * overrides removed (see `safeText`), whitespace collapsed, credentials in URLs redacted.
 */
export function shorten(text: string, max = MAX_DETAIL_LENGTH): string {
  // Only a bounded head is cleaned: a 16 MiB body quoted here costs no more than a title.
  const head = max * 8 + 64;
  const cut = text.length > head;
  const line = redactUrlsInText(safeText(cut ? text.slice(0, head) : text));
  // Code points, not UTF-16 units: a cut never splits a surrogate pair.
  const chars = Array.from(line.slice(0, max * 2));
  if (!cut && line.length <= max * 2 && chars.length <= max) return line;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}
