import { describeBody, looksLikeHtml } from './body-text.js';
import { type AnswerText, isSuccess, statusLine, type Verdict, verdict } from './verdict.js';
import { parseXml, textOf, type XmlRoot } from './xml-document.js';

/**
 * The steps every XML check shares: a 2xx status, a non-empty body, a well-formed document that is not an HTML
 * page. Returns the document's root, or the verdict that ends the check.
 */
export function xmlAnswer(answer: AnswerText): { readonly root: XmlRoot } | { readonly verdict: Verdict } {
  if (!isSuccess(answer.status)) {
    let detail = statusLine(answer);
    const parsed = parseXml(answer.text);
    if (parsed.ok && parsed.root.localName === 'Envelope') {
      const fault = textOf(parsed.root.node, 'faultstring') ?? textOf(parsed.root.node, 'Text');
      detail += fault ? ` (SOAP fault: ${fault})` : ' (SOAP fault)';
    }
    return { verdict: verdict('http_status', detail) };
  }
  if (answer.text.trim() === '') return { verdict: verdict('unexpected_body', 'empty body') };
  const parsed = parseXml(answer.text);
  if (!parsed.ok) {
    const text = answer.text.trim();
    const notXml = looksLikeHtml(text) || !text.startsWith('<');
    return {
      verdict: verdict('unexpected_body', notXml ? describeBody(text) : `malformed XML: ${parsed.error}`),
    };
  }
  if (parsed.root.localName.toLowerCase() === 'html') {
    return { verdict: verdict('unexpected_body', describeBody(answer.text)) };
  }
  return { root: parsed.root };
}
