// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI colour codes is the point
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
/** East Asian wide and fullwidth ranges, and emoji: two terminal columns each. */
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u;
/** Combining marks, variation selectors and format characters (zero-width): no column of their own. */
const ZERO = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/** Drops ANSI escape sequences (colours, cursor movement). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Terminal columns of one character (a code point). */
function charWidth(char: string): number {
  if (ZERO.test(char)) return 0;
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  return WIDE.test(char) ? 2 : 1;
}

/** Terminal columns a text takes: ANSI codes take none, wide characters two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripAnsi(text)) width += charWidth(char);
  return width;
}

/** The longest start of a plain text that fits `width` columns. */
function fitPrefix(plain: string, width: number): string {
  let used = 0;
  let end = 0;
  for (const char of plain) {
    const w = charWidth(char);
    if (used + w > width) break;
    used += w;
    end += char.length;
  }
  return plain.slice(0, end);
}

/**
 * Wraps a text on word boundaries into lines of at most `width` columns; a word longer than a line (a URL) is
 * split where it must. Continuation lines start with `indent`. Colour codes are dropped from wrapped lines.
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  if (displayWidth(text) <= width) return [text];
  const plain = stripAnsi(text);
  const lead = /^ */.exec(plain)![0];
  const lines: string[] = [];
  let line = '';
  const prefix = () => (lines.length === 0 ? lead : indent);
  const room = () => Math.max(1, width - displayWidth(prefix()));
  const push = () => {
    lines.push(`${prefix()}${line}`);
    line = '';
  };
  for (const word of plain.slice(lead.length).split(/ +/)) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (displayWidth(joined) <= room()) {
      line = joined;
      continue;
    }
    if (line !== '') push();
    let rest = word;
    while (displayWidth(rest) > room()) {
      // At least one character a line, so a wide one in a one-column room still moves on.
      line = fitPrefix(rest, room()) || String.fromCodePoint(rest.codePointAt(0)!);
      rest = rest.slice(line.length);
      push();
    }
    line = rest;
  }
  if (line !== '') push();
  return lines;
}

/** Cuts a line to `width` columns, ending in `…` when it had to cut. */
export function truncateText(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  return `${fitPrefix(stripAnsi(text), Math.max(0, width - 1))}…`;
}
