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
  try {
    return new XmlScanner(text, options).scan();
  } catch (error) {
    if (error instanceof MalformedXml) {
      return { ok: false, error: error.message, beyondLimits: error.beyondLimits };
    }
    throw error;
  }
}

/** A start tag's attributes as far as the scan keeps them, and where the tag's `>` or `/>` is. */
interface Attributes {
  readonly end: number;
  readonly kept: Record<string, string>;
  readonly namespace: string | null;
  readonly nameAttribute: string | undefined;
}

/**
 * One scan's state: the position, the open elements and the text being captured. `scan` reads markup by
 * construct (declarations, tags, character data); every problem is thrown as `MalformedXml`.
 */
class XmlScanner {
  private readonly source: string;
  private readonly n: number;
  private readonly budget: WorkBudget;
  private readonly wanted: ReadonlySet<string>;
  private readonly texts = new Map<string, string>();
  private readonly stack: Open[] = [];
  private root: XmlRoot | null = null;
  private capture: Capture | null = null;
  private elements = 0;
  private i = 0;
  private reported = 0;

  constructor(
    text: string,
    private readonly options: XmlScanOptions,
  ) {
    this.source = text.replace(/^\uFEFF/, '').trimStart();
    this.n = this.source.length;
    this.budget = options.budget ?? WorkBudget.unlimited();
    this.wanted = new Set(options.texts ?? []);
  }

  scan(): XmlScan {
    const { source, n } = this;
    while (this.i < n) {
      this.budget.spend(this.i - this.reported);
      this.reported = this.i;
      const lt = source.indexOf('<', this.i);
      this.characterData(this.i, lt < 0 ? n : lt);
      if (lt < 0) break;
      this.i = lt;
      if (source.startsWith('<!', lt) || source.startsWith('<?', lt)) this.declaration();
      else if (source.startsWith('</', lt)) this.endTag(lt);
      else this.startTag(lt);
    }
    this.budget.spend(n - this.reported);
    return this.finish();
  }

  /** The end of the document: every element closed and a root seen. */
  private finish(): XmlScan {
    const { stack } = this;
    if (stack.length === 1) this.fail(`Unclosed tag '${stack[0]!.name}'`, stack[0]!.at);
    if (stack.length > 1) {
      const names = stack.slice(0, 8).map((open) => open.name);
      const more = stack.length > 8 ? ` and ${stack.length - 8} more` : '';
      throw new MalformedXml(`unclosed tags ${names.join(', ')}${more}`);
    }
    if (this.root === null) return { ok: false, error: 'no root element', beyondLimits: false };
    return { ok: true, root: this.root, texts: this.texts };
  }

  private lineAt(position: number): number {
    let line = 1;
    const { source } = this;
    for (let at = source.indexOf('\n'); at >= 0 && at < position; at = source.indexOf('\n', at + 1)) line++;
    return line;
  }

  private fail(message: string, at = this.i): never {
    throw new MalformedXml(`${message} (line ${this.lineAt(at)})`);
  }

  private limit(message: string): never {
    throw new MalformedXml(message, true);
  }

  private name(at: number): string | null {
    NAME.lastIndex = at;
    return NAME.exec(this.source)?.[0] ?? null;
  }

  private skipSpace(at: number): number {
    SPACE.lastIndex = at;
    SPACE.exec(this.source);
    return SPACE.lastIndex;
  }

  private collect(part: string): void {
    const { capture } = this;
    if (capture === null || capture.depth !== this.stack.length || capture.length >= MAX_XML_TEXT) return;
    const kept = part.slice(0, MAX_XML_TEXT - capture.length);
    capture.parts.push(kept);
    capture.length += kept.length;
  }

  private finishCapture(): void {
    const { capture } = this;
    if (capture === null || capture.depth !== this.stack.length) return;
    this.texts.set(capture.name, decodeReferences(capture.parts.join('')).trim());
    this.capture = null;
  }

  private characterData(from: number, to: number): void {
    if (from >= to) return;
    const segment = this.source.slice(from, to);
    if (this.stack.length === 0) {
      const stray = /\S/.exec(segment);
      if (stray !== null) {
        this.fail(
          this.root === null ? `char '${stray[0]}' is not expected` : 'Extra text at the end',
          from + stray.index,
        );
      }
      return;
    }
    BARE_AMPERSAND.lastIndex = 0;
    const bare = BARE_AMPERSAND.exec(segment);
    if (bare !== null) this.fail("char '&' is not expected", from + bare.index);
    this.collect(segment);
  }

  /** `<?...?>`, `<!--...-->`, `<![CDATA[...]]>`, `<!DOCTYPE...>` at `this.i`; any other `<!` is refused. */
  private declaration(): void {
    const { source, i } = this;
    if (source.startsWith('<?', i)) {
      if (i > 0 && /^<\?xml[\s?]/.test(source.slice(i, i + 6))) {
        this.fail('XML declaration allowed only at the start of the document');
      }
      this.i = this.skip('<?', '?>', 'processing instruction');
    } else if (source.startsWith('<!--', i)) {
      this.i = this.skip('<!--', '-->', 'comment');
    } else if (source.startsWith('<![CDATA[', i)) {
      if (this.stack.length === 0) this.fail('CDATA outside the root element');
      const end = this.skip('<![CDATA[', ']]>', 'CDATA section');
      this.collect(source.slice(i + 9, end - 3));
      this.i = end;
    } else if (source.startsWith('<!DOCTYPE', i)) {
      this.doctype();
    } else {
      this.fail('invalid markup declaration');
    }
  }

  /** Skips a DOCTYPE, its internal subset included: nothing in it is ever read or expanded. */
  private doctype(): void {
    const { source, i } = this;
    if (this.root !== null) this.fail('DOCTYPE after the root element');
    const bracket = source.indexOf('[', i);
    const gt = source.indexOf('>', i);
    if (gt < 0) this.fail('Unclosed DOCTYPE');
    if (bracket < 0 || bracket > gt) {
      this.i = gt + 1;
    } else {
      DOCTYPE_END.lastIndex = bracket;
      if (DOCTYPE_END.exec(source) === null) this.fail('Unclosed DOCTYPE');
      this.i = DOCTYPE_END.lastIndex;
    }
  }

  /** Skips `<!-- -->`, `<? ?>` and the like: `close` must follow, else the document is cut short. */
  private skip(open: string, close: string, what: string): number {
    const end = this.source.indexOf(close, this.i + open.length);
    if (end < 0) this.fail(`Unclosed ${what}`);
    return end + close.length;
  }

  private startTag(at: number): void {
    const { source, stack } = this;
    const qualified = this.name(at + 1);
    if (qualified === null) {
      this.fail(/\s/.test(source[at + 1] ?? '') ? "Invalid space after '<'" : 'invalid tag name', at);
    }
    const tag = qualified as string;
    const isRoot = this.root === null;
    if (++this.elements > XML_LIMITS.elements) this.limit(`more than ${XML_LIMITS.elements} elements`);
    const { end, kept, namespace, nameAttribute } = this.attributes(tag, at, isRoot);
    const selfClosing = source[end] === '/';
    this.i = end + (selfClosing ? 2 : 1);
    const local = localName(tag);
    if (isRoot) this.root = { name: tag, localName: local, namespace, attributes: kept };
    this.options.onElement?.(local, nameAttribute);
    if (this.capture === null && this.wanted.has(local) && !this.texts.has(local)) {
      this.capture = { name: local, depth: stack.length + 1, parts: [], length: 0 };
    }
    if (selfClosing) {
      stack.push({ name: tag, at });
      this.finishCapture();
      stack.pop();
      return;
    }
    if (stack.length >= XML_LIMITS.depth) this.limit(`elements nested deeper than ${XML_LIMITS.depth}`);
    stack.push({ name: tag, at });
  }

  /** Reads a start tag's attributes up to its `>` or `/>`; only the root's are kept, with its namespace. */
  private attributes(tag: string, at: number, isRoot: boolean): Attributes {
    const { source } = this;
    const prefix = tag.includes(':') ? tag.slice(0, tag.indexOf(':')) : null;
    const kept: Record<string, string> = {};
    let count = 0;
    let keptCount = 0;
    let namespace: string | null = null;
    let nameAttribute: string | undefined;
    let j = at + 1 + tag.length;
    for (;;) {
      const afterSpace = this.skipSpace(j);
      const spaced = afterSpace > j;
      j = afterSpace;
      this.budget.spend(1);
      if (j >= this.n) this.fail(`Unclosed tag '${tag}'`, at);
      if (source[j] === '>' || source.startsWith('/>', j)) break;
      const attribute = this.name(j);
      if (attribute === null) this.fail(`Unexpected character in tag '${tag}'`, j);
      const key = attribute as string;
      if (!spaced) this.fail(`Attribute '${key}' has no space in starting`, j);
      if (++count > XML_LIMITS.attributesPerElement) {
        this.limit(`more than ${XML_LIMITS.attributesPerElement} attributes on one element`);
      }
      j = this.skipSpace(j + key.length);
      if (source[j] !== '=') this.fail(`boolean attribute '${key}' is not allowed`, j);
      j = this.skipSpace(j + 1);
      const quote = source[j];
      if (quote !== '"' && quote !== "'") this.fail(`Attribute '${key}' has no quoted value`, j);
      const close = source.indexOf(quote as string, j + 1);
      if (close < 0) this.fail(`Attribute '${key}' has an unclosed value`, j);
      const value = source.slice(j + 1, close);
      this.budget.spend(close - j);
      j = close + 1;
      if (key === 'name' && nameAttribute === undefined) nameAttribute = value;
      if (!isRoot) continue;
      if (namespace === null && key === (prefix === null ? 'xmlns' : `xmlns:${prefix}`)) namespace = value;
      if (keptCount < MAX_ROOT_ATTRIBUTES && !(key in kept)) {
        kept[key] = value;
        keptCount++;
      }
    }
    return { end: j, kept, namespace, nameAttribute };
  }

  private endTag(at: number): void {
    const tag = this.name(at + 2);
    if (tag === null) this.fail("Invalid space after '<'", at);
    const j = this.skipSpace(at + 2 + (tag as string).length);
    if (this.source[j] !== '>') this.fail(`Closing tag '${tag}' is not closed`, at);
    const open = this.stack[this.stack.length - 1];
    if (open === undefined) this.fail(`Closing tag '${tag}' has no opening tag`, at);
    if (open.name !== tag) {
      this.fail(
        `Expected closing tag '${open.name}' (opened in line ${this.lineAt(open.at)}) instead of '${tag}'`,
        at,
      );
    }
    this.finishCapture();
    this.stack.pop();
    this.i = j + 1;
  }
}
