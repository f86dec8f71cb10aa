import { PAGE_TEXT_LIMIT } from './body-text.js';
import { shorten } from './format.js';
import { outlinePage, type PageOutline } from './html-outline.js';
import { findMaintenanceText, MAINTENANCE_PHRASES } from './maintenance-text.js';
import { type AnswerText, quote, statusLine, type Verdict, verdict } from './verdict.js';
import { WorkBudget } from './work-budget.js';

/** What a `djp-portal` target expects beyond the page itself (the `http` rules, read the portal's way). */
export interface PortalExpectations {
  /** Status codes a working page comes with. */
  readonly expectStatus: readonly number[];
  /** Text that marks the working page, instead of a login form (e.g. for a portal that is not a login page). */
  readonly mustContain?: string | undefined;
  /** Text that must not be on the working page. */
  readonly mustNotContain?: string | undefined;
}

/**
 * Sentences that say the service is in maintenance now: DJP's own (`MAINTENANCE_PHRASES`) and the wordings of its
 * portals' downtime pages. An announcement of maintenance to come ("akan dilakukan pemeliharaan") is none of them.
 */
export const PORTAL_MAINTENANCE_PHRASES: readonly string[] = [
  ...MAINTENANCE_PHRASES,
  'sedang dilakukan pemeliharaan',
  'sedang dilakukan perbaikan',
  'sedang melakukan pemeliharaan',
  'dinonaktifkan sementara',
  'sementara tidak dapat diakses',
  'down for maintenance',
];

/** A heading or alert with one of these words is a maintenance notice, on a page that is not a working one. */
const MAINTENANCE_WORD = /\b(maintenance|pemeliharaan|perbaikan)\b/i;

/** What the portals and the servers in front of them show when the application failed, in lower case. */
export const ERROR_PAGE_PHRASES: readonly string[] = [
  'an error occurred',
  'kesalahan sistem',
  'terjadi kesalahan',
  'internal server error',
  'service unavailable',
  'service temporarily unavailable',
  'bad gateway',
  'gateway timeout',
  'gateway time-out',
  'server error in',
  'runtime error',
];

/** A page with fewer visible characters than this, and no form, shows nothing a person could use. */
export const NEAR_EMPTY_CHARS = 20;

const LOGIN_WORD = /\b(login|log in|masuk|sign in|kata sandi|password)\b/i;

const firstIn = (texts: readonly string[], phrases: readonly string[]) =>
  texts.find((t) => phrases.some((p) => t.toLowerCase().includes(p)));

/** The prominent text (title first; only alarms with `alarmsOnly`) that holds one of `phrases`, or `undefined`. */
function prominentWith(
  outline: PageOutline,
  phrases: readonly string[],
  alarmsOnly = false,
): string | undefined {
  const texts = alarmsOnly ? outline.alarms : outline.prominent;
  return firstIn([...(outline.title === null ? [] : [outline.title]), ...texts], phrases);
}

/** The page's own words around the first of `phrases` in its visible text, or `undefined`. */
function sentenceWith(outline: PageOutline, phrases: readonly string[]): string | undefined {
  const lower = outline.text.toLowerCase();
  const at = Math.min(...phrases.map((p) => lower.indexOf(p)).filter((i) => i >= 0));
  if (!Number.isFinite(at)) return undefined;
  if (lower.length !== outline.text.length) return phrases.find((p) => lower.includes(p));
  return outline.text.slice(Math.max(0, at - 40), at + 100);
}

/** The maintenance notice of a page: anywhere on a page that does not work, only where it stands out on one that does. */
function maintenanceNotice(answer: AnswerText, outline: PageOutline, working: boolean): string | undefined {
  if (working) return prominentWith(outline, PORTAL_MAINTENANCE_PHRASES);
  return (
    findMaintenanceText(answer.text) ??
    sentenceWith(outline, PORTAL_MAINTENANCE_PHRASES) ??
    [outline.title ?? '', ...outline.prominent].find((t) => MAINTENANCE_WORD.test(t))
  );
}

function maintenanceVerdict(answer: AnswerText, notice: string, ok: boolean): Verdict {
  const status = ok ? '' : ` (${statusLine(answer)})`;
  const quoted = quote(answer, notice, 100);
  return verdict(
    'maintenance_page',
    quoted ? `maintenance page${status}: "${quoted}"` : `maintenance page${status}`,
  );
}

function errorVerdict(answer: AnswerText, shown: string): Verdict {
  const quoted = quote(answer, shown);
  return verdict('error_page', quoted ? `error page: "${quoted}"` : 'error page');
}

/** Whether the page is the working one: its `mustContain` text, else a login form. */
function isWorking(answer: AnswerText, outline: PageOutline, expect: PortalExpectations): boolean {
  if (expect.mustContain !== undefined)
    return answer.text.slice(0, PAGE_TEXT_LIMIT).includes(expect.mustContain);
  if (outline.passwordFields > 0) return true;
  return outline.forms > 0 && [outline.title ?? '', ...outline.prominent].some((t) => LOGIN_WORD.test(t));
}

/** A body that is not a page at all: empty, near-empty or a bare JSON document. */
function bareAnswer(answer: AnswerText, outline: PageOutline): Verdict | null {
  const trimmed = answer.text.trim();
  if (trimmed === '') return verdict('error_page', 'empty page');
  if (/^[[{]/.test(trimmed)) {
    const shown = quote(answer, trimmed, 60);
    return verdict('error_page', shown ? `JSON instead of a page: ${shown}` : 'JSON instead of a page');
  }
  if (outline.forms === 0 && !outline.truncated && outline.text.length < NEAR_EMPTY_CHARS) {
    const shown = quote(answer, outline.text, 40);
    return verdict('error_page', shown ? `near-empty page: "${shown}"` : 'near-empty page');
  }
  return null;
}

/** A page with the expected status: the working page (unless it says it failed), or what it shows instead. */
function classifyPage(answer: AnswerText, outline: PageOutline, expect: PortalExpectations): Verdict {
  const working = isWorking(answer, outline, expect);
  const notice = maintenanceNotice(answer, outline, working);
  if (working) {
    // A help notice beside the form ("if an error occurs, call…") is not the page failing.
    const error = prominentWith(outline, ERROR_PAGE_PHRASES, true);
    if (error !== undefined) return errorVerdict(answer, error);
    if (notice !== undefined) return maintenanceVerdict(answer, notice, true);
    if (expect.mustNotContain !== undefined && answer.text.includes(expect.mustNotContain)) {
      return verdict('unexpected_body', `text "${shorten(expect.mustNotContain, 60)}" found in the page`);
    }
    const title = outline.title === null ? null : quote(answer, outline.title, 60);
    const what = expect.mustContain === undefined ? 'login page' : 'page';
    return verdict('ok', title ? `${what} "${title}"` : what);
  }
  if (notice !== undefined) return maintenanceVerdict(answer, notice, true);
  const bare = bareAnswer(answer, outline);
  if (bare !== null) return bare;
  const error = prominentWith(outline, ERROR_PAGE_PHRASES) ?? sentenceWith(outline, ERROR_PAGE_PHRASES);
  if (error !== undefined) return errorVerdict(answer, error);
  const title = outline.title === null ? null : quote(answer, outline.title, 60);
  const missing = expect.mustContain === undefined ? 'a login form' : `"${shorten(expect.mustContain, 60)}"`;
  return verdict('unexpected_body', title ? `page "${title}" without ${missing}` : `page without ${missing}`);
}

/**
 * `djp-portal`: an HTML portal of DJP, read as a person would. With an expected status, a page with a login form
 * (or the `mustContain` text) is up unless its title, a heading or an alert shows an error or says the service
 * is in maintenance now; any other page is maintenance when it says so anywhere, else down: `error_page` for an
 * error shell ("An Error Occurred", "Kesalahan Sistem", an empty page, a bare JSON), `unexpected_body` for the rest.
 * Another status is maintenance when the page says so, else `http_status`.
 */
export function classifyDjpPortal(
  answer: AnswerText,
  expect: PortalExpectations,
  budget: WorkBudget = WorkBudget.unlimited(),
): Verdict {
  const outline = outlinePage(answer.text, budget);
  if (!expect.expectStatus.includes(answer.status)) {
    const notice = maintenanceNotice(answer, outline, false);
    if (notice !== undefined) return maintenanceVerdict(answer, notice, false);
    const error = prominentWith(outline, ERROR_PAGE_PHRASES) ?? outline.title;
    const shown = error == null ? null : quote(answer, error, 60);
    // A proxy's page only repeats the status line ("502 Bad Gateway").
    const useful = shown !== null && !shown.includes(String(answer.status));
    return verdict('http_status', useful ? `${statusLine(answer)} ("${shown}")` : statusLine(answer));
  }
  return classifyPage(answer, outline, expect);
}
