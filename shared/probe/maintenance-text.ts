import { visibleText } from './body-text.js';
import { shorten } from './format.js';

/** What DJP's maintenance page says, whatever the wording around it ("Service e-Faktur sedang dalam perbaikan …"). */
export const MAINTENANCE_PHRASE = 'sedang dalam perbaikan';

/**
 * The sentence of the page that announces maintenance, or `null`. Case and spacing do not matter, nor tags
 * inside the phrase (`sedang <b>dalam</b> perbaikan`) or entities such as `&nbsp;`.
 */
export function findMaintenanceText(body: string): string | null {
  if (!/perbaikan/i.test(body)) return null;
  const text = visibleText(body);
  const lower = text.toLowerCase();
  const at = lower.indexOf(MAINTENANCE_PHRASE);
  if (at < 0) return null;
  // Case mapping can change the length of exotic characters; then show the phrase alone.
  if (lower.length !== text.length) return MAINTENANCE_PHRASE;
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
