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
  const ndjson = Math.max(0, ...ranges.filter((r) => NDJSON_TYPES.includes(r.type)).map((r) => r.q));
  if (ndjson === 0) return false;
  const json = Math.max(0, ...ranges.filter((r) => r.type === 'application/json').map((r) => r.q));
  return ndjson >= json;
}
