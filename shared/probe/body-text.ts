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
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** What a person would read on the page: tags and comments dropped, entities decoded, whitespace collapsed. */
export function visibleText(markup: string): string {
  return decodeEntities(
    markup
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<[^>]*>/g, ' '),
  )
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

/** Whether the text is an HTML page rather than XML or plain text. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^\s*<!doctype\s+html/i.test(head) || /<(html|head|body|title)[\s>]/i.test(head);
}

/** The page's `<title>`, as shown in a browser tab. */
export function htmlTitle(text: string): string | null {
  const match = /<title[^>]*>([\s\S]*?)<\/title\s*>/i.exec(text);
  if (!match?.[1]) return null;
  const title = visibleText(match[1]);
  return title === '' ? null : title;
}

/** A short description of a body that is not the expected XML, e.g. `HTML page "Request Rejected"`. */
export function describeBody(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'empty body';
  if (looksLikeHtml(trimmed)) {
    const title = htmlTitle(trimmed);
    return title === null ? 'HTML page without a title' : `HTML page "${shorten(title, 60)}"`;
  }
  if (/^[[{]/.test(trimmed)) {
    try {
      JSON.parse(trimmed);
      return 'JSON document instead of XML';
    } catch {
      // not JSON after all: described as text below
    }
  }
  return `text "${shorten(trimmed, 60)}"`;
}
