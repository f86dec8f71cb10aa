import { PAGE_TEXT_LIMIT, visibleText } from './body-text.js';
import { shorten } from './format.js';

/** What DJP's maintenance page says, whatever the wording around it ("Service e-Faktur sedang dalam perbaikan …"). */
export const MAINTENANCE_PHRASE = 'sedang dalam perbaikan';

/**
 * Every wording that announces maintenance: DJP's own phrase first, then the variants its pages and front ends
 * have used ("pemeliharaan" is the formal word for maintenance, "proses" is often inserted) and the English one.
 */
export const MAINTENANCE_PHRASES = [
  MAINTENANCE_PHRASE,
  'sedang dalam proses perbaikan',
  'sedang dalam pemeliharaan',
  'sedang dalam proses pemeliharaan',
  'under maintenance',
] as const;

function firstPhrase(lower: string): { phrase: string; at: number } | undefined {
  return MAINTENANCE_PHRASES.map((phrase) => ({ phrase, at: lower.indexOf(phrase) }))
    .filter((f) => f.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
}

/** The page without its first `<title>` element (one search each way: no pattern that backtracks). */
function withoutTitle(page: string): string {
  const lower = page.toLowerCase();
  // Case mapping can change the length of exotic characters; positions would then not match: keep the page.
  if (lower.length !== page.length) return page;
  const open = lower.indexOf('<title');
  if (open < 0) return page;
  const close = lower.indexOf('</title', open);
  if (close < 0) return page;
  const end = page.indexOf('>', close);
  return `${page.slice(0, open)} ${end < 0 ? '' : page.slice(end + 1)}`;
}

/**
 * The sentence of the page that announces maintenance (any of `MAINTENANCE_PHRASES`), or `null`. Case and spacing
 * do not matter, nor tags inside the phrase (`sedang <b>dalam</b> perbaikan`) or entities such as `&nbsp;`.
 * Only the first `PAGE_TEXT_LIMIT` characters are read.
 */
export function findMaintenanceText(body: string): string | null {
  // A maintenance page is small: only the head of a large body is read.
  const page = body.length > PAGE_TEXT_LIMIT ? body.slice(0, PAGE_TEXT_LIMIT) : body;
  if (!/perbaikan|pemeliharaan|maintenance/i.test(page)) return null;
  // The page's own words first: a title before them ("e-Faktur") would be quoted as if it began the sentence.
  let text = visibleText(withoutTitle(page));
  let found = firstPhrase(text.toLowerCase());
  if (found === undefined) {
    text = visibleText(page);
    found = firstPhrase(text.toLowerCase());
  }
  if (found === undefined) return null;
  const lower = text.toLowerCase();
  const { phrase, at } = found;
  // Case mapping can change the length of exotic characters; then show the phrase alone.
  if (lower.length !== text.length) return phrase;
  // Start at the sentence that holds the phrase, or a few words before the phrase.
  const sentence = Math.max(
    0,
    ...['. ', '! ', '? ', ': '].map((end) => {
      const i = text.lastIndexOf(end, at);
      return i < 0 ? 0 : i + end.length;
    }),
  );
  const near = at - 40 > sentence ? text.indexOf(' ', at - 40) + 1 : sentence;
  return shorten(text.slice(Math.max(sentence, near), at + 100), 100);
}
