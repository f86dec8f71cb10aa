import { describeBody, looksLikeHtml } from './body-text.js';
import { type AnswerText, isSuccess, quote, statusLine, type Verdict, verdict } from './verdict.js';
import type { WorkBudget } from './work-budget.js';
import { scanXml, type XmlRoot, type XmlScanOptions } from './xml-scan.js';

/** What an XML check reads of a well-formed answer. */
export interface XmlAnswer {
  readonly root: XmlRoot;
  /** The texts asked for with `texts`, by local name. */
  readonly texts: ReadonlyMap<string, string>;
}

/**
 * The steps every XML check shares: a 2xx status, a non-empty body, a well-formed document that is not an HTML
 * page. Returns the document's root and what `options` asked for, or the verdict that ends the check.
 */
export function xmlAnswer(
  answer: AnswerText,
  budget: WorkBudget,
  options: Omit<XmlScanOptions, 'budget'> = {},
): XmlAnswer | { readonly verdict: Verdict } {
  if (!isSuccess(answer.status)) {
    let detail = statusLine(answer);
    const scan = scanXml(answer.text, { budget, texts: ['faultstring', 'Text'] });
    if (scan.ok && scan.root.localName === 'Envelope') {
      const fault = scan.texts.get('faultstring') || scan.texts.get('Text');
      const quoted = fault ? quote(answer, fault) : null;
      detail += quoted ? ` (SOAP fault: ${quoted})` : ' (SOAP fault)';
    }
    return { verdict: verdict('http_status', detail) };
  }
  if (answer.text.trim() === '') return { verdict: verdict('unexpected_body', 'empty body') };
  const scan = scanXml(answer.text, { ...options, budget });
  if (!scan.ok) {
    const text = answer.text.trim();
    const notXml = looksLikeHtml(text) || !text.startsWith('<');
    if (notXml) return { verdict: verdict('unexpected_body', describeBody(text, answer.own)) };
    // The limits name no text of the answer; a malformed document's complaint names its tags.
    if (scan.beyondLimits)
      return { verdict: verdict('unexpected_body', `XML too complex to classify: ${scan.error}`) };
    const error = quote(answer, scan.error, 120);
    return { verdict: verdict('unexpected_body', error ? `malformed XML: ${error}` : 'malformed XML') };
  }
  if (scan.root.localName.toLowerCase() === 'html') {
    return { verdict: verdict('unexpected_body', describeBody(answer.text, answer.own)) };
  }
  return { root: scan.root, texts: scan.texts };
}
