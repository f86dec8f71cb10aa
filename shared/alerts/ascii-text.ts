const REPLACEMENTS: Readonly<Record<string, string>> = {
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u2192': '->',
  '\u00d7': 'x',
  '\u00df': 'ss',
  '\u00e6': 'ae',
  '\u00c6': 'AE',
  '\u00f8': 'o',
  '\u00d8': 'O',
};

/**
 * Plain printable ASCII, for SMS (one GSM segment stays one) and SNS subjects: accents are stripped, common
 * punctuation is spelt in ASCII, anything else is dropped, and runs of whitespace become one space.
 */
export function toAscii(text: string): string {
  const spelt = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let out = '';
  for (const ch of spelt) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x20 && code <= 0x7e) out += ch;
    else if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
    else if (/\s/.test(ch)) out += ' ';
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** `text` cut to at most `max` characters, ending in `...` when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 3) return text.slice(0, Math.max(0, max));
  return `${text.slice(0, max - 3).trimEnd()}...`;
}

/** Characters of the GSM 03.38 extension table: each costs two septets (an escape, then the character). */
const GSM_EXTENSION = new Set(['^', '{', '}', '\\', '[', ']', '~', '|', '€']);

/**
 * Text an SMS carries in GSM-7 without falling back to UCS-2: `toAscii`, and the one printable ASCII character
 * GSM-7 lacks (the backtick) as an apostrophe.
 */
export function toGsm7(text: string): string {
  return toAscii(text).replace(/`/g, "'");
}

/** Septets `text` takes in GSM-7 (the extension characters `[ ] { } | ^ ~ \ €` take two). */
export function gsmSeptets(text: string): number {
  let septets = 0;
  for (const ch of text) septets += GSM_EXTENSION.has(ch) ? 2 : 1;
  return septets;
}

/** `text` cut to at most `max` septets, ending in `...` when cut. */
export function truncateSeptets(text: string, max: number): string {
  if (gsmSeptets(text) <= max) return text;
  const room = max <= 3 ? Math.max(0, max) : max - 3;
  let out = '';
  for (const ch of text) {
    if (gsmSeptets(out + ch) > room) break;
    out += ch;
  }
  return max <= 3 ? out : `${out.trimEnd()}...`;
}

/**
 * A link as an SMS can carry it in GSM-7: normalised (an international domain in punycode, other characters
 * percent-encoded), the backtick encoded too; `undefined` when it is no URL.
 */
export function gsmLink(url: string): string | undefined {
  let href: string;
  try {
    href = new URL(url).href;
  } catch {
    return undefined;
  }
  const encoded = href.replace(/`/g, '%60');
  return /^[\x21-\x7e]+$/.test(encoded) ? encoded : undefined;
}
