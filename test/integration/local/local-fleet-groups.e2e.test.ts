import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxLine } from '../../../local/console-file-alert-publisher.js';
import { DrivenTimeline } from '../../../local/fleet-timeline.js';
import { type LocalFleet, startLocalFleet } from '../../../local/local-fleet.js';
import { type SvcSimulator, startSvcSimulator } from '../../../local/simulator/svc-simulator.js';
import { renderStatusLines } from '../../../local/view/render-status.js';
import type { GroupStatusView } from '../../../shared/api/group-view.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';

const INTERVAL_MS = 500;
const START = Date.parse('2026-03-16T03:00:00.000Z');
const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];
const timeline = new DrivenTimeline({ startMs: START });
const logged: string[] = [];
let simulator: SvcSimulator;
let fleet: LocalFleet;
let outboxFile: string;

beforeAll(async () => {
  simulator = await startSvcSimulator();
  outboxFile = join(mkdtempSync(join(tmpdir(), 'fleet-groups-')), 'alerts.jsonl');
  const bounds = { timeoutMs: 10_000, degradedAfterMs: 9000, retryDelayMs: 0 };
  fleet = await startLocalFleet({
    config: parseFleetConfig({
      probeRegions: REGIONS,
      controlUrl: simulator.controlUrl,
      targets: [
        { id: 'svc-wsdl', name: 'e-Faktur SVC', url: simulator.wsdlUrl, check: 'efaktur-wsdl', ...bounds },
        {
          id: 'svc-qr',
          name: 'e-Faktur QR',
          url: simulator.qrUrl,
          check: 'efaktur-qr-validation',
          ...bounds,
        },
      ],
      groups: [{ id: 'faktur', name: 'Buat & unggah faktur', targets: ['svc-wsdl', 'svc-qr'] }],
      policy: { recoveryHoldSeconds: 1 },
    }),
    intervalMs: INTERVAL_MS,
    port: 0,
    dataDir: null,
    outboxFile,
    version: '0.0.0-test',
    reporter: { log: (line) => logged.push(line), changed: () => {} },
    timeline,
  });
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
  await simulator?.close();
});

async function group(): Promise<GroupStatusView> {
  const res = await fetch(`${fleet.apiUrl}/groups/faktur`);
  expect(res.status).toBe(200);
  return (await res.json()) as GroupStatusView;
}

function groupAlerts(): OutboxLine[] {
  let text = '';
  try {
    text = readFileSync(outboxFile, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as OutboxLine)
    .filter((l) => l.targetId === 'group:faktur');
}

/** Advances the fleet an interval at a time until the group's view satisfies `check` (at most 20 intervals). */
async function until(check: (view: GroupStatusView) => boolean, what: string): Promise<GroupStatusView> {
  for (let i = 0; i < 20; i++) {
    const view = await group();
    if (check(view)) return view;
    await timeline.advance(INTERVAL_MS);
  }
  throw new Error(`no ${what} after 20 intervals`);
}

describe('local mode with a service group', () => {
  it('records the group going down with its members and tells it once, then its recovery once', async () => {
    await until((v) => v.status === 'up' && v.since !== null, 'group up');
    expect(groupAlerts()).toEqual([]);

    simulator.set({ service: 'bad-gateway' });
    const down = await until((v) => v.status === 'down' && v.since !== null, 'group down');
    expect(down.members.map((m) => [m.id, m.status])).toEqual([
      ['svc-wsdl', 'down'],
      ['svc-qr', 'down'],
    ]);
    // A few more rounds and sweeps: the change is still told once.
    for (let i = 0; i < 4; i++) await timeline.advance(INTERVAL_MS);
    expect(groupAlerts().map((a) => `${a.from}→${a.to}`)).toEqual(['up→down']);
    expect(groupAlerts()[0]?.subject).toMatch(/^Buat & unggah faktur: DOWN sejak \d\d:\d\d WIB$/);
    expect(logged.some((l) => l.startsWith('aggregator: group faktur up → down'))).toBe(true);
    const view = renderStatusLines(fleet.snapshot(), { now: new Date(timeline.now()), color: false }, 200);
    expect(view.at(-1)).toMatch(/^group faktur {2}DOWN since .*: svc-wsdl down, svc-qr down$/);

    simulator.set({ service: 'up' });
    await until((v) => v.status === 'up', 'recovery');
    for (let i = 0; i < 4; i++) await timeline.advance(INTERVAL_MS);
    expect(groupAlerts().map((a) => `${a.from}→${a.to}`)).toEqual(['up→down', 'down→up']);
  }, 300_000);
});
