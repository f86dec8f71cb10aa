import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrivenTimeline } from '../../../local/fleet-timeline.js';
import { type LocalFleet, startLocalFleet } from '../../../local/local-fleet.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';

const TOKEN = 'local-operator-token-for-tests';
// 10:00 WIB on Saturday 5 December 2026; the timeline is never advanced, so no probe round runs.
const START = Date.parse('2026-12-05T03:00:00.000Z');
const WINDOW = {
  targets: ['svc-wsdl'],
  start: '2026-12-05T22:00:00+07:00',
  end: '2026-12-06T02:00:00+07:00',
  note: 'PENG-18/PJ.09/2024',
};

const fleets: LocalFleet[] = [];
async function start(operatorToken?: string): Promise<LocalFleet> {
  const config = parseFleetConfig({
    probeRegions: ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'],
    controlUrl: 'http://127.0.0.1:9/control',
    targets: [
      { id: 'svc-wsdl', name: 'e-Faktur SVC', url: 'http://127.0.0.1:9/wsdl', check: 'efaktur-wsdl' },
    ],
  });
  const fleet = await startLocalFleet({
    config,
    port: 0,
    dataDir: null,
    outboxFile: join(mkdtempSync(join(tmpdir(), 'fleet-maint-')), 'alerts.jsonl'),
    version: '0.0.0-test',
    reporter: { log: () => {}, changed: () => {} },
    timeline: new DrivenTimeline({ startMs: START }),
    ...(operatorToken !== undefined && { operatorToken }),
  });
  fleets.push(fleet);
  return fleet;
}

const post = (fleet: LocalFleet, authorization: string) =>
  fetch(`${fleet.apiUrl}/maintenance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(WINDOW),
  });

let withToken: LocalFleet;
beforeAll(async () => {
  withToken = await start(TOKEN);
});
afterAll(async () => {
  await Promise.all(fleets.map((f) => f.stop()));
});

describe('local mode: the operator adds a window with the token', () => {
  it('is refused without the token, then stored and shown in /maintenance, /status and the next deadline', async () => {
    expect((await post(withToken, 'Bearer not-the-token-at-all')).status).toBe(401);
    const created = await post(withToken, `Bearer ${TOKEN}`);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const listed = (await (await fetch(`${withToken.apiUrl}/maintenance`)).json()) as {
      windows: { id: string }[];
    };
    expect(listed.windows.map((w) => w.id)).toEqual([id]);
    const status = (await (await fetch(`${withToken.apiUrl}/status`)).json()) as {
      maintenance: { upcoming: { id: string; start: string; note: string }[] };
      nextDeadline: { date: string };
    };
    expect(status.maintenance.upcoming).toMatchObject([
      { id, start: '2026-12-05T15:00:00.000Z', note: 'PENG-18/PJ.09/2024' },
    ]);
    expect(status.nextDeadline.date).toBe('2026-12-20');

    const removed = await fetch(`${withToken.apiUrl}/maintenance/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(removed.status).toBe(204);
  });

  it('answers 403 saying how to enable the routes when started without a token', async () => {
    const without = await start();
    const res = await post(without, `Bearer ${TOKEN}`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      '--operator-token',
    );
  });
});
