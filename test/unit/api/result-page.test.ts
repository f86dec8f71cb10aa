import { describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { mergeResultPage } from '../../../shared/api/result-page.js';
import type { ProbeResult } from '../../../shared/types.js';

const r = (region: string, second: number): ProbeResult =>
  probeResult({ region, checkedAt: `2026-03-15T03:00:${String(second).padStart(2, '0')}.000Z` });
const keys = (items: readonly ProbeResult[]) =>
  items.map((x) => `${x.region}@${Number(x.checkedAt.slice(17, 19))}`);

describe('mergeResultPage', () => {
  it('merges regions newest first and points the cursor at the last item', () => {
    const page = mergeResultPage(
      [
        [r('a', 50), r('a', 30), r('a', 10)],
        [r('b', 40), r('b', 20), r('b', 0)],
      ],
      3,
    );
    expect(keys(page.items)).toEqual(['a@50', 'b@40', 'a@30']);
    expect(page.nextBefore).toBe('2026-03-15T03:00:30.000Z');
  });

  it('has no cursor when everything fits', () => {
    expect(mergeResultPage([[r('a', 5)], [r('b', 4)]], 3)).toEqual({
      items: [r('a', 5), r('b', 4)],
      nextBefore: null,
    });
  });

  it('moves results sharing the cut timestamp to the next page instead of splitting them', () => {
    const page = mergeResultPage(
      [
        [r('a', 50), r('a', 30), r('a', 10)],
        [r('b', 30), r('b', 20)],
        [r('c', 30), r('c', 5)],
      ],
      2,
    );
    expect(keys(page.items)).toEqual(['a@50']);
    expect(page.nextBefore).toBe('2026-03-15T03:00:50.000Z');
  });

  it('keeps a tie group whole when it alone exceeds the limit', () => {
    const page = mergeResultPage(
      [
        [r('a', 30), r('a', 10)],
        [r('b', 30), r('b', 20)],
        [r('c', 30), r('c', 5)],
      ],
      2,
    );
    expect(keys(page.items)).toEqual(['a@30', 'b@30', 'c@30']);
    expect(page.nextBefore).toBe('2026-03-15T03:00:30.000Z');
  });
});
