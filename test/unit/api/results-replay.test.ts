import { describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { parseResultLines, replay } from '../../../shared/consensus/replay.js';
import { toResultLine } from '../../../shared/replay/result-line.js';
import type { ProbeResult } from '../../../shared/types.js';
import { apiEvent, makeDeps, REGIONS } from './fixtures.js';

/** Half an hour of one result per region per minute: up, then 10 minutes of timeouts everywhere, then up. */
function outage(): ProbeResult[] {
  const out: ProbeResult[] = [];
  for (let minute = 0; minute < 30; minute++) {
    for (const [i, region] of REGIONS.entries()) {
      const down = minute >= 10 && minute < 20;
      out.push(
        probeResult({
          region,
          checkedAt: new Date(
            Date.parse('2026-03-15T02:00:00.000Z') + minute * 60_000 + i * 20_000,
          ).toISOString(),
          ...(down && {
            status: 'down',
            reason: 'timeout',
            detail: 'connect timeout after 10.0 s',
            httpStatus: null,
          }),
        }),
      );
    }
  }
  return out;
}

describe('GET /targets/{id}/results NDJSON through the replay tool', () => {
  it('replays the export exactly as it replays the stored results', async () => {
    const deps = makeDeps();
    const stored = outage();
    for (const result of stored) await deps.results.put(result);
    const handle = createApiHandler(deps);

    let ndjson = '';
    let before: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await handle(
        apiEvent(
          'GET',
          `/targets/svc-wsdl/results?limit=1000${before === undefined ? '' : `&before=${before}`}`,
          {
            headers: { accept: 'application/x-ndjson' },
          },
        ),
      );
      ndjson += res.body;
      before = (res.headers as Record<string, string>)['x-next-before'];
      if (before === undefined) break;
    }

    const lines = parseResultLines(ndjson);
    expect(lines).toHaveLength(stored.length);
    const fromExport = replay(lines, { regions: REGIONS });
    const fromStore = replay(stored.map(toResultLine), { regions: REGIONS });
    expect(fromExport).toEqual(fromStore);
    const changes = fromExport.filter((t) => t.audience !== 'ops').map((t) => [t.from, t.to]);
    expect(changes).toContainEqual(['up', 'down']);
    expect(changes).toContainEqual(['down', 'up']);
    expect(fromExport.every((t) => t.targetId === 'svc-wsdl')).toBe(true);
    // Left to find the regions itself, the tool reads the newest-first export the same way.
    expect(replay(lines).map((t) => [t.at, t.from, t.to])).toEqual(
      fromStore.map((t) => [t.at, t.from, t.to]),
    );
  });
});
