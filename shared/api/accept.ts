const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson'];

interface MediaRange {
  readonly type: string;
  readonly q: number;
}

function parseAccept(header: string): MediaRange[] {
  return header.split(',').flatMap((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (type === undefined || type === '') return [];
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    return [{ type, q: Number.isFinite(q) ? q : 0 }];
  });
}

/** Whether the `Accept` header asks for NDJSON at least as much as for JSON (and wildcards). */
export function prefersNdjson(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const ranges = parseAccept(accept);
  // A fold, not Math.max(...list): a header with very many ranges would overflow the call's argument list.
  const best = (types: readonly string[]) =>
    ranges.reduce((max, r) => (types.includes(r.type) && r.q > max ? r.q : max), 0);
  const ndjson = best(NDJSON_TYPES);
  if (ndjson === 0) return false;
  return ndjson >= best(['application/json']);
}
