import { WorkBudget } from './work-budget.js';

/**
 * How much of a document the probe reads: far beyond any answer it classifies (the WSDL has ~100 elements,
 * nested < 10 deep, with < 10 attributes each), small enough to bound the work on a 16 MiB body.
 */
export const XML_LIMITS = { depth: 256, elements: 100_000, attributesPerElement: 1024 } as const;
/** Characters of an element's text kept for a caller (e.g. `statusApproval`). */
export const MAX_XML_TEXT = 1024;
/** Attributes of the root element kept in `XmlRoot.attributes`. */
const MAX_ROOT_ATTRIBUTES = 64;

export interface XmlRoot {
  /** Qualified name as written, e.g. `wsdl:definitions`. */
  readonly name: string;
  readonly localName: string;
  /** The namespace the root's prefix (or the default namespace) is bound to on the root, `null` if none. */
  readonly namespace: string | null;
  /** The root's first attributes by qualified name (namespace declarations included). */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface XmlScanOptions {
  /** Called for every element, in document order, with its local name and its `name` attribute. */
  readonly onElement?: (localName: string, name: string | undefined) => void;
  /** Local names of elements whose text is wanted: the first element of each name, at most `MAX_XML_TEXT`. */
  readonly texts?: readonly string[];
  /** @default unlimited */
  readonly budget?: WorkBudget;
}

/** `beyondLimits`: the document may be well-formed but is larger than `XML_LIMITS` allow to read. */
export type XmlScan =
  | { readonly ok: true; readonly root: XmlRoot; readonly texts: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly error: string; readonly beyondLimits: boolean };

export const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

const NAME = /[A-Za-z_:\u00c0-\ufffd][\w.:\u00b7\u00c0-\ufffd-]*/y;
const SPACE = /[ \t\r\n]*/y;
/** An `&` that does not start a character or entity reference. */
const BARE_AMPERSAND = /&(?!(?:[A-Za-z_:][\w.:-]{0,63}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});)/g;
const DOCTYPE_END = /\]\s*>/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Predefined and numeric references replaced (others are left as written: no DTD is ever expanded). */
function decodeReferences(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,4});/gi, (whole, ref: string) => {
    if (!ref.startsWith('#')) return PREDEFINED[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

class MalformedXml extends Error {
  constructor(
    message: string,
    readonly beyondLimits = false,
  ) {
    super(message);
  }
}

interface Open {
  readonly name: string;
  readonly at: number;
}

interface Capture {
  readonly name: string;
  readonly depth: number;
  readonly parts: string[];
  length: number;
}

/**
 * Checks that `text` is a well-formed XML document and reads the few facts classification needs (the root,
 * element names with their `name` attribute, a few texts) in one pass. Bounded whatever the input: time is
 * linear in the text and reported to the budget, memory holds at most `XML_LIMITS.depth` open elements and the
 * texts asked for; no tree is built and no entity is expanded.
 */
export function scanXml(text: string, options: XmlScanOptions = {}): XmlScan {
  const source = text.replace(/^\uFEFF/, '').trimStart();
  const budget = options.budget ?? WorkBudget.unlimited();
  const wanted = new Set(options.texts ?? []);
  const texts = new Map<string, string>();
  const stack: Open[] = [];
  const n = source.length;
  let root: XmlRoot | null = null;
  let capture: Capture | null = null;
  let elements = 0;
  let i = 0;
  let reported = 0;

  const lineAt = (position: number) => {
    let line = 1;
    for (let at = source.indexOf('\n'); at >= 0 && at < position; at = source.indexOf('\n', at + 1)) line++;
    return line;
  };
  const fail = (message: string, at = i): never => {
    throw new MalformedXml(`${message} (line ${lineAt(at)})`);
  };
  const limit = (message: string): never => {
    throw new MalformedXml(message, true);
  };
  const name = (at: number): string | null => {
    NAME.lastIndex = at;
    return NAME.exec(source)?.[0] ?? null;
  };
  const skipSpace = (at: number): number => {
    SPACE.lastIndex = at;
    SPACE.exec(source);
    return SPACE.lastIndex;
  };
  const collect = (part: string) => {
    if (capture === null || capture.depth !== stack.length || capture.length >= MAX_XML_TEXT) return;
    const kept = part.slice(0, MAX_XML_TEXT - capture.length);
    capture.parts.push(kept);
    capture.length += kept.length;
  };
  const finishCapture = () => {
    if (capture === null || capture.depth !== stack.length) return;
    texts.set(capture.name, decodeReferences(capture.parts.join('')).trim());
    capture = null;
  };

  const characterData = (from: number, to: number) => {
    if (from >= to) return;
    const segment = source.slice(from, to);
    if (stack.length === 0) {
      const stray = /\S/.exec(segment);
      if (stray !== null) {
        fail(
          root === null ? `char '${stray[0]}' is not expected` : 'Extra text at the end',
          from + stray.index,
        );
      }
      return;
    }
    BARE_AMPERSAND.lastIndex = 0;
    const bare = BARE_AMPERSAND.exec(segment);
    if (bare !== null) fail("char '&' is not expected", from + bare.index);
    collect(segment);
  };

  const startTag = (at: number) => {
    const qualified = name(at + 1);
    if (qualified === null) {
      fail(/\s/.test(source[at + 1] ?? '') ? "Invalid space after '<'" : 'invalid tag name', at);
    }
    const tag = qualified as string;
    const prefix = tag.includes(':') ? tag.slice(0, tag.indexOf(':')) : null;
    const isRoot = root === null;
    if (++elements > XML_LIMITS.elements) limit(`more than ${XML_LIMITS.elements} elements`);
    const attributes: Record<string, string> = {};
    let count = 0;
    let kept = 0;
    let namespace: string | null = null;
    let nameAttribute: string | undefined;
    let j = at + 1 + tag.length;
    for (;;) {
      const afterSpace = skipSpace(j);
      const spaced = afterSpace > j;
      j = afterSpace;
      budget.spend(1);
      if (j >= n) fail(`Unclosed tag '${tag}'`, at);
      if (source[j] === '>' || source.startsWith('/>', j)) break;
      const attribute = name(j);
      if (attribute === null) fail(`Unexpected character in tag '${tag}'`, j);
      const key = attribute as string;
      if (!spaced) fail(`Attribute '${key}' has no space in starting`, j);
      if (++count > XML_LIMITS.attributesPerElement) {
        limit(`more than ${XML_LIMITS.attributesPerElement} attributes on one element`);
      }
      j = skipSpace(j + key.length);
      if (source[j] !== '=') fail(`boolean attribute '${key}' is not allowed`, j);
      j = skipSpace(j + 1);
      const quote = source[j];
      if (quote !== '"' && quote !== "'") fail(`Attribute '${key}' has no quoted value`, j);
      const close = source.indexOf(quote as string, j + 1);
      if (close < 0) fail(`Attribute '${key}' has an unclosed value`, j);
      const value = source.slice(j + 1, close);
      budget.spend(close - j);
      j = close + 1;
      if (key === 'name' && nameAttribute === undefined) nameAttribute = value;
      if (!isRoot) continue;
      if (namespace === null && key === (prefix === null ? 'xmlns' : `xmlns:${prefix}`)) namespace = value;
      if (kept < MAX_ROOT_ATTRIBUTES && !(key in attributes)) {
        attributes[key] = value;
        kept++;
      }
    }
    const selfClosing = source[j] === '/';
    i = j + (selfClosing ? 2 : 1);
    const local = localName(tag);
    if (isRoot) root = { name: tag, localName: local, namespace, attributes };
    options.onElement?.(local, nameAttribute);
    if (capture === null && wanted.has(local) && !texts.has(local)) {
      capture = { name: local, depth: stack.length + 1, parts: [], length: 0 };
    }
    if (selfClosing) {
      stack.push({ name: tag, at });
      finishCapture();
      stack.pop();
      return;
    }
    if (stack.length >= XML_LIMITS.depth) limit(`elements nested deeper than ${XML_LIMITS.depth}`);
    stack.push({ name: tag, at });
  };

  const endTag = (at: number) => {
    const tag = name(at + 2);
    if (tag === null) fail("Invalid space after '<'", at);
    const j = skipSpace(at + 2 + (tag as string).length);
    if (source[j] !== '>') fail(`Closing tag '${tag}' is not closed`, at);
    const open = stack[stack.length - 1];
    if (open === undefined) fail(`Closing tag '${tag}' has no opening tag`, at);
    if (open!.name !== tag) {
      fail(
        `Expected closing tag '${open!.name}' (opened in line ${lineAt(open!.at)}) instead of '${tag}'`,
        at,
      );
    }
    finishCapture();
    stack.pop();
    i = j + 1;
  };

  /** Skips `<!-- -->`, `<? ?>` and the like: `close` must follow, else the document is cut short. */
  const skip = (open: string, close: string, what: string) => {
    const end = source.indexOf(close, i + open.length);
    if (end < 0) fail(`Unclosed ${what}`);
    return end + close.length;
  };

  try {
    while (i < n) {
      budget.spend(i - reported);
      reported = i;
      const lt = source.indexOf('<', i);
      characterData(i, lt < 0 ? n : lt);
      if (lt < 0) break;
      i = lt;
      if (source.startsWith('<?', i)) {
        if (i > 0 && /^<\?xml[\s?]/.test(source.slice(i, i + 6))) {
          fail('XML declaration allowed only at the start of the document');
        }
        i = skip('<?', '?>', 'processing instruction');
      } else if (source.startsWith('<!--', i)) {
        i = skip('<!--', '-->', 'comment');
      } else if (source.startsWith('<![CDATA[', i)) {
        if (stack.length === 0) fail('CDATA outside the root element');
        const end = skip('<![CDATA[', ']]>', 'CDATA section');
        collect(source.slice(i + 9, end - 3));
        i = end;
      } else if (source.startsWith('<!DOCTYPE', i)) {
        if (root !== null) fail('DOCTYPE after the root element');
        const bracket = source.indexOf('[', i);
        const gt = source.indexOf('>', i);
        if (gt < 0) fail('Unclosed DOCTYPE');
        if (bracket < 0 || bracket > gt) {
          i = gt + 1;
        } else {
          DOCTYPE_END.lastIndex = bracket;
          if (DOCTYPE_END.exec(source) === null) fail('Unclosed DOCTYPE');
          i = DOCTYPE_END.lastIndex;
        }
      } else if (source.startsWith('<!', i)) {
        fail('invalid markup declaration');
      } else if (source.startsWith('</', i)) {
        endTag(i);
      } else {
        startTag(i);
      }
    }
    budget.spend(n - reported);
    if (stack.length === 1) fail(`Unclosed tag '${stack[0]!.name}'`, stack[0]!.at);
    if (stack.length > 1) {
      const names = stack.slice(0, 8).map((open) => open.name);
      const more = stack.length > 8 ? ` and ${stack.length - 8} more` : '';
      throw new MalformedXml(`unclosed tags ${names.join(', ')}${more}`);
    }
    if (root === null) return { ok: false, error: 'no root element', beyondLimits: false };
    return { ok: true, root, texts };
  } catch (error) {
    if (error instanceof MalformedXml) {
      return { ok: false, error: error.message, beyondLimits: error.beyondLimits };
    }
    throw error;
  }
}
