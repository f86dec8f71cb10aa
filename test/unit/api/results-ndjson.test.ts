import { describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { parseResultLine, toResultLine } from '../../../shared/replay/result-line.js';
import type { ProbeResult } from '../../../shared/types.js';
import { apiEvent, makeDeps, REGIONS } from './fixtures.js';

/** A varied hour of results: every status, a failed and a missing control check, odd details. */
function sampleResults(): ProbeResult[] {
  const out: ProbeResult[] = [];
  for (let minute = 0; minute < 20; minute++) {
    for (const [i, region] of REGIONS.entries()) {
      const checkedAt = new Date(
        Date.parse('2026-03-15T02:00:00.000Z') + minute * 60_000 + i * 20_000,
      ).toISOString();
      const kind = (minute + i) % 5;
      out.push(
        probeResult({
          region,
          checkedAt,
          ...(kind === 0 && { status: 'up', reason: 'ok', detail: 'WSDL "MasterFakturService"\nok' }),
          ...(kind === 1 && { status: 'degraded', reason: 'slow', latencyMs: 4200.5 }),
          ...(kind === 2 && {
            status: 'maintenance',
            reason: 'maintenance_page',
            detail: 'sedang dalam perbaikan',
          }),
          ...(kind === 3 && {
            status: 'down',
            reason: 'refused',
            control: {
              ok: false,
              url: 'https://checkip.amazonaws.com/',
              latencyMs: 10_000,
              detail: 'timeout',
            },
          }),
          ...(kind === 4 && { status: 'down', reason: 'tls', control: null, detail: 'certificate expired' }),
        }),
      );
    }
  }
  return out;
}

describe('GET /targets/{id}/results as NDJSON', () => {
  it('exports lines that the replay tool parses back to exactly the stored results', async () => {
    const deps = makeDeps();
    const stored = sampleResults();
    for (const result of stored) await deps.results.put(result);
    const handle = createApiHandler(deps);

    const lines: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page++) {
      const query = `limit=7${before === undefined ? '' : `&before=${before}`}`;
      const res = await handle(
        apiEvent('GET', `/targets/svc-wsdl/results?${query}`, {
          headers: { accept: 'application/x-ndjson' },
        }),
      );
      expect(res.statusCode).toBe(200);
      expect(res.body!.endsWith('\n')).toBe(true);
      lines.push(...res.body!.split('\n').slice(0, -1));
      before = (res.headers as Record<string, string>)['x-next-before'];
      if (before === undefined) break;
    }
    expect(lines).toHaveLength(stored.length);
    const parsed = lines.map((line, i) => parseResultLine(line, i + 1));
    const newestFirst = [...stored].sort((a, b) =>
      a.checkedAt === b.checkedAt ? a.region.localeCompare(b.region) : a.checkedAt < b.checkedAt ? 1 : -1,
    );
    expect(parsed).toEqual(newestFirst.map(toResultLine));
    expect(parsed.filter((l) => l.control === undefined)).toHaveLength(
      stored.filter((r) => r.control === null).length,
    );
  });
});
