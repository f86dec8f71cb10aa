import { TextDecoder } from 'node:util';
import { shorten } from './format.js';

function charsetOf(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1] ?? null;
}

function sniffedEncoding(body: Buffer, contentType: string | undefined): string {
  // A byte order mark outranks every label, as in browsers.
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  const declared = charsetOf(contentType);
  if (declared !== null) return declared;
  const xmlDeclaration = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(
    body.subarray(0, 256).toString('latin1'),
  );
  return xmlDeclaration?.[1] ?? 'utf-8';
}

/** The body as text, decoded as a browser would (BOM, then the Content-Type charset, then the XML declaration). */
export function decodeBody(body: Buffer, contentType: string | undefined): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(sniffedEncoding(body, contentType));
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(body).replace(/^\uFEFF/, '');
}

/**
 * Characters of a body read as a page (maintenance text, title, description). Those pages are small; the
 * bound keeps a 16 MiB answer from costing more than this.
 */
export const PAGE_TEXT_LIMIT = 256 * 1024;
/** A JSON body is parsed to tell it from text only up to this size (a parse allocates a whole tree). */
const JSON_PARSE_LIMIT = 64 * 1024;

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** Replaces the character references a maintenance or error page is likely to use. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{1,32});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * Where the markup that starts at `lt` ends: after a comment, after a script or style element with its
 * content, or after a tag. An unterminated one runs to the end, as in browsers. Each search starts where the
 * previous ended, so a page of unterminated `<!--` or `<` costs one pass, not one pass per opening.
 */
function markupEnd(markup: string, lt: number): number {
  if (markup.startsWith('<!--', lt)) {
    const close = markup.indexOf('-->', lt + 4);
    return close < 0 ? markup.length : close + 3;
  }
  const gt = markup.indexOf('>', lt + 1);
  if (gt < 0) return markup.length;
  const raw = /^<(script|style)\b/i.exec(markup.slice(lt, lt + 8))?.[1];
  if (raw === undefined) return gt + 1;
  const close = new RegExp(`</${raw}\\s*>`, 'gi');
  close.lastIndex = gt + 1;
  return close.exec(markup) === null ? markup.length : close.lastIndex;
}

/** What a person would read on the page: tags and comments dropped, entities decoded, whitespace collapsed. */
export function visibleText(markup: string): string {
  const parts: string[] = [];
  // Markup starts with a letter, `/`, `!` or `?` after `<`; `a < b` is text.
  const opening = /<[A-Za-z/!?]/g;
  let i = 0;
  for (let found = opening.exec(markup); found !== null; found = opening.exec(markup)) {
    parts.push(markup.slice(i, found.index), ' ');
    i = markupEnd(markup, found.index);
    opening.lastIndex = i;
  }
  parts.push(markup.slice(i));
  return decodeEntities(parts.join(''))
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

/** Whether the text is an HTML page rather than XML or plain text. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^\s*<!doctype\s+html/i.test(head) || /<(html|head|body|title)[\s>]/i.test(head);
}

/** The page's `<title>`, as shown in a browser tab (looked for in the first `PAGE_TEXT_LIMIT` characters). */
export function htmlTitle(text: string): string | null {
  const page = text.slice(0, PAGE_TEXT_LIMIT);
  const open = /<title\b/i.exec(page);
  if (open === null) return null;
  const gt = page.indexOf('>', open.index);
  if (gt < 0) return null;
  const close = /<\/title\s*>/gi;
  close.lastIndex = gt + 1;
  const end = close.exec(page);
  if (end === null) return null;
  const title = visibleText(page.slice(gt + 1, end.index));
  return title === '' ? null : title;
}

/** Whether a body that starts like JSON is JSON (parsed when small, judged by its ends when large). */
function isJson(trimmed: string): boolean {
  if (trimmed.length > JSON_PARSE_LIMIT) {
    return /^(\{\s*["}]|\[\s*[-\d"[{\]tfn])/.test(trimmed) && /[}\]]$/.test(trimmed);
  }
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

/**
 * A short description of a body that is not the expected XML, e.g. `HTML page "Request Rejected"`. With
 * `quote` false (another host's answer) it names only the kind of body, never its text.
 */
export function describeBody(text: string, quote = true): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'empty body';
  if (looksLikeHtml(trimmed)) {
    if (!quote) return 'HTML page';
    const title = htmlTitle(trimmed);
    return title === null ? 'HTML page without a title' : `HTML page "${shorten(title, 60)}"`;
  }
  if (/^[[{]/.test(trimmed) && isJson(trimmed)) return 'JSON document instead of XML';
  return quote ? `text "${shorten(trimmed, 60)}"` : 'text that is not XML';
}
