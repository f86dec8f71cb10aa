import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element of a parsed document, as fast-xml-parser represents it (attributes prefixed `@_`). */
type XmlNode = Record<string, unknown>;

export interface XmlRoot {
  /** Qualified name as written, e.g. `wsdl:definitions`. */
  readonly name: string;
  readonly localName: string;
  /** The namespace the root's prefix (or the default namespace) is bound to on the root, `null` if none. */
  readonly namespace: string | null;
  readonly attributes: Readonly<Record<string, string>>;
  readonly node: XmlNode;
}

export type XmlParse =
  | { readonly ok: true; readonly root: XmlRoot }
  | { readonly ok: false; readonly error: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
});

/** The validator's complaint as one readable line (it lists tags left open at the end as a JSON array). */
function validationError(message: string, line: number): string {
  const open = /^Invalid '(\[.*\])' found/.exec(message)?.[1];
  if (open !== undefined) {
    try {
      return `unclosed tags ${(JSON.parse(open) as string[]).join(', ')}`;
    } catch {
      // not the list it usually is: keep the message
    }
  }
  return `${message.replace(/\.$/, '')} (line ${line})`;
}

export const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

/** Parses a well-formed XML document; anything else gives the parser's complaint and line. */
export function parseXml(text: string): XmlParse {
  const source = text.replace(/^\uFEFF/, '').trimStart();
  try {
    const valid = XMLValidator.validate(source);
    if (valid !== true) return { ok: false, error: validationError(valid.err.msg, valid.err.line) };
    const document = parser.parse(source) as XmlNode;
    const name = Object.keys(document).find((key) => !key.startsWith('?') && !key.startsWith('#'));
    if (name === undefined) return { ok: false, error: 'no root element' };
    const value = document[name];
    const node: XmlNode =
      typeof value === 'object' && value !== null ? (value as XmlNode) : { '#text': value };
    const attributes: Record<string, string> = {};
    for (const [key, attribute] of Object.entries(node)) {
      if (key.startsWith('@_') && typeof attribute === 'string') attributes[key.slice(2)] = attribute;
    }
    const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : null;
    const namespace = (prefix === null ? attributes.xmlns : attributes[`xmlns:${prefix}`]) ?? null;
    return { ok: true, root: { name, localName: localName(name), namespace, attributes, node } };
  } catch (error) {
    // The parser refuses pathological input (nesting, entity expansion) by throwing.
    return { ok: false, error: (error as Error).message };
  }
}

/** Visits every element below `node` (iteratively: depth is bounded by the parser, breadth by the body cap). */
export function* elements(
  node: XmlNode,
): Generator<{ readonly name: string; readonly node: XmlNode | string }> {
  const stack: XmlNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const [key, value] of Object.entries(current)) {
      if (key.startsWith('@_') || key === '#text') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (typeof child === 'object' && child !== null) {
          yield { name: key, node: child as XmlNode };
          stack.push(child as XmlNode);
        } else {
          yield { name: key, node: String(child) };
        }
      }
    }
  }
}

/** The text of the first element with this local name, e.g. `statusApproval` or `faultstring`. */
export function textOf(root: XmlNode, wanted: string): string | null {
  for (const { name, node } of elements(root)) {
    if (localName(name) !== wanted) continue;
    if (typeof node === 'string') return node;
    const text = node['#text'];
    return typeof text === 'string' || typeof text === 'number' ? String(text) : null;
  }
  return null;
}
