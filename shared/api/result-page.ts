import type { ProbeResult } from '../types.js';

export interface ResultPage {
  readonly items: readonly ProbeResult[];
  /** Pass as `before` for the next page; `null` when there is none. */
  readonly nextBefore: string | null;
}

/**
 * One page of results, newest first, from per-region lists that each hold up to `limit + 1` of their newest
 * results under the cursor. The cursor is a time (strictly before), so the page never splits results that share
 * a timestamp across regions: ties at the cut move to the next page, or, when they alone exceed the limit, stay
 * together on this one (at most one result per region per instant).
 */
export function mergeResultPage(lists: readonly (readonly ProbeResult[])[], limit: number): ResultPage {
  const merged = lists
    .flat()
    .sort((a, b) =>
      a.checkedAt === b.checkedAt ? a.region.localeCompare(b.region) : a.checkedAt < b.checkedAt ? 1 : -1,
    );
  if (merged.length <= limit) return { items: merged, nextBefore: null };
  let end = limit;
  const firstLeftOut = merged[limit]!.checkedAt;
  if (merged[limit - 1]!.checkedAt === firstLeftOut) {
    const cut = merged.findIndex((r) => r.checkedAt === firstLeftOut);
    end = cut > 0 ? cut : merged.findLastIndex((r) => r.checkedAt === firstLeftOut) + 1;
  }
  const items = merged.slice(0, end);
  // With one region or no ties, exactly `limit` items were fetched past the page only when more exist.
  const more = end < merged.length;
  return { items, nextBefore: more ? items.at(-1)!.checkedAt : null };
}
