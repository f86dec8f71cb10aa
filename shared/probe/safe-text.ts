/**
 * Terminal escape sequences, removed whole so no "[31m" is left behind: CSI (`ESC [` or its C1 form), string
 * sequences such as OSC up to their terminator (or the end of the text), and two-character `ESC x` sequences.
 */
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing escape sequences is the point
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|\u001b[\]P^_X][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -~]?/g;
/** Line breaks and tabs of every kind: they become spaces, so the text stays one line. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/**
 * What may not reach a detail, an email or a console: C0 and C1 controls and DEL, bidirectional overrides and
 * isolates (they reorder what is displayed), and invisible characters (zero-width space, word joiner, BOM).
 */
const INVISIBLE = /[\p{Cc}\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/gu;
/** A half of a surrogate pair without its other half (invalid in JSON consumers and email). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text that came from the network, made safe to show: escape sequences, controls, bidi overrides and invisible
 * characters removed, lone surrogates replaced, whitespace collapsed to single spaces, trimmed.
 */
export function safeText(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(BREAKS, ' ')
    .replace(INVISIBLE, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}
