import { htmlTitle, PAGE_TEXT_LIMIT, visibleText } from './body-text.js';
import { WorkBudget } from './work-budget.js';

/** What a portal classifier reads of an HTML page, from its first `PAGE_TEXT_LIMIT` characters. */
export interface PageOutline {
  readonly title: string | null;
  /**
   * Visible text of headings (`h1`–`h3`) and of alert-like elements (`role="alert"`, a class naming an alert,
   * error, danger, banner or notice) that are not hidden: where a page says what went wrong.
   */
  readonly prominent: readonly string[];
  /**
   * The prominent texts that a page shows as its own state: headings and error-styled elements (`role="alert"`, a
   * class naming an error or danger), not the notices and banners beside a working form.
   */
  readonly alarms: readonly string[];
  readonly forms: number;
  readonly passwordFields: number;
  /** What a person would read on the page (see `visibleText`). */
  readonly text: string;
  /** The page is longer than what was read. */
  readonly truncated: boolean;
}

/** A tag longer than this is read only this far (attributes past it are ignored). */
const MAX_TAG_CHARS = 4096;
/** Markup read after an opening heading or alert tag for its text. */
const PROMINENT_SPAN = 600;
/** Prominent elements kept: a page of ten thousand headings costs no more than thirty-two. */
const MAX_PROMINENT = 32;

const TAG_NAME = /^([a-z][a-z0-9-]*)/i;
const ALERT_CLASS = /\bclass\s*=\s*["']?[^"'>]{0,512}\b(alert|error|danger|banner|notice|pengumuman)\b/i;
const ERROR_CLASS = /\bclass\s*=\s*["']?[^"'>]{0,512}\b(error|danger)\b/i;
const ALERT_ROLE = /\brole\s*=\s*["']?alert\b/i;
/** Hidden elements hold messages the page may show later (a form's validation summary), not what it shows now. */
const HIDDEN = /\bhidden\b|\bd-none\b|\bhide\b|display\s*:\s*none|visibility\s*:\s*hidden/i;
const PASSWORD_INPUT = /\btype\s*=\s*["']?password\b/i;

/** Where a tag that ends at `gt` ends, with the content of a script or style element. */
function markupEnd(page: string, name: string | undefined, gt: number): number {
  if (name !== 'script' && name !== 'style') return gt + 1;
  const close = new RegExp(`</${name}\\s*>`, 'gi');
  close.lastIndex = gt + 1;
  return close.exec(page) === null ? page.length : close.lastIndex;
}

/** The visible text of an element whose opening tag ends at `gt`, up to its closing tag or `PROMINENT_SPAN`. */
function elementText(page: string, gt: number, name: string): string {
  const span = page.slice(gt + 1, gt + 1 + PROMINENT_SPAN);
  const close = span.toLowerCase().indexOf(`</${name}`);
  return visibleText(close < 0 || span.length !== span.toLowerCase().length ? span : span.slice(0, close));
}

/** How an element stands out: `alarm` (a heading, an error box), `notice` (another alert or banner), or not. */
function prominence(name: string, attributes: string): 'alarm' | 'notice' | null {
  if (HIDDEN.test(attributes)) return null;
  if (/^h[1-3]$/.test(name) || ALERT_ROLE.test(attributes) || ERROR_CLASS.test(attributes)) return 'alarm';
  return ALERT_CLASS.test(attributes) ? 'notice' : null;
}

interface Counts {
  forms: number;
  passwordFields: number;
  readonly prominent: string[];
  readonly alarms: string[];
}

/** Records what one opening tag tells (`tag` is its text between `<` and `>`, bounded). */
function readTag(page: string, tag: string, gt: number, counts: Counts): string | undefined {
  const name = TAG_NAME.exec(tag)?.[1]?.toLowerCase();
  if (name === undefined) return undefined;
  if (name === 'form') counts.forms++;
  if (name === 'input' && PASSWORD_INPUT.test(tag)) counts.passwordFields++;
  const kind = counts.prominent.length < MAX_PROMINENT ? prominence(name, tag) : null;
  if (kind !== null) {
    const text = elementText(page, gt, name);
    if (text !== '') counts.prominent.push(text);
    if (text !== '' && kind === 'alarm') counts.alarms.push(text);
  }
  return name;
}

/**
 * One pass over the head of a page: each search starts where the previous tag ended, so a page of unterminated
 * `<` or `<!--` costs one pass, not one per opening. Text inside comments, scripts and styles does not count.
 */
export function outlinePage(markup: string, budget: WorkBudget = WorkBudget.unlimited()): PageOutline {
  const page = markup.length > PAGE_TEXT_LIMIT ? markup.slice(0, PAGE_TEXT_LIMIT) : markup;
  const counts: Counts = { forms: 0, passwordFields: 0, prominent: [], alarms: [] };
  let i = page.indexOf('<');
  while (i >= 0 && i < page.length) {
    let end: number;
    if (page.startsWith('<!--', i)) {
      const close = page.indexOf('-->', i + 4);
      end = close < 0 ? page.length : close + 3;
    } else {
      const gt = page.indexOf('>', i + 1);
      if (gt < 0) break;
      const name = readTag(page, page.slice(i + 1, Math.min(gt, i + 1 + MAX_TAG_CHARS)), gt, counts);
      end = markupEnd(page, name, gt);
    }
    budget.spend(end - i);
    i = page.indexOf('<', end);
  }
  budget.check();
  const text = visibleText(page);
  budget.spend(page.length);
  return { title: htmlTitle(page), ...counts, text, truncated: page.length < markup.length };
}
