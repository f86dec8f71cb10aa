import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFleet, startLocalFleet } from '../../../local/local-fleet.js';
import { type SvcSimulator, startSvcSimulator } from '../../../local/simulator/svc-simulator.js';
import type { TargetStatusView } from '../../../shared/api/target-view.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';

// The scenario runs on driven time (local-fleet.e2e.test.ts); this keeps the real timers of `npm start` covered.
// It asserts nothing that a slow machine could break: it waits, bounded, for what must come.
const INTERVAL_MS = 500;
let simulator: SvcSimulator;
let fleet: LocalFleet;
let startedAt: number;

beforeAll(async () => {
  simulator = await startSvcSimulator();
  const dir = mkdtempSync(join(tmpdir(), 'fleet-real-time-'));
  startedAt = Date.now();
  fleet = await startLocalFleet({
    config: parseFleetConfig({
      controlUrl: simulator.controlUrl,
      targets: [
        {
          id: 'svc-wsdl',
          name: 'e-Faktur SVC',
          url: simulator.wsdlUrl,
          check: 'efaktur-wsdl',
          timeoutMs: 10_000,
          degradedAfterMs: 9000,
          retryDelayMs: 0,
        },
      ],
    }),
    intervalMs: INTERVAL_MS,
    port: 0,
    dataDir: null,
    outboxFile: join(dir, 'alerts.jsonl'),
    version: '0.0.0-test',
    // Long enough for any round in progress to end however loaded the machine is.
    shutdownGraceMs: 30_000,
    reporter: { log: () => {}, changed: () => {} },
  });
});

afterAll(async () => {
  await fleet?.stop();
  await simulator?.close();
});

async function view(): Promise<TargetStatusView | undefined> {
  const res = await fetch(`${fleet.apiUrl}/status`);
  const { targets } = (await res.json()) as { targets: TargetStatusView[] };
  return targets[0];
}

function requests(): number {
  return Object.values(simulator.requestCounts()).reduce((a, b) => a + b, 0);
}

describe('local mode on real timers', () => {
  it('reaches an `up` consensus on its own, then stops cleanly and runs nothing afterwards', async () => {
    const deadline = Date.now() + 30_000;
    while ((await view())?.status !== 'up' && Date.now() < deadline) await sleep(100);
    const up = await view();
    expect(up?.status).toBe('up');
    // Without a driven timeline every clock of the fleet is the wall clock.
    expect(Date.parse(up?.checkedAt ?? '')).toBeGreaterThanOrEqual(startedAt);
    expect(Date.parse(up?.checkedAt ?? '')).toBeLessThanOrEqual(Date.now());

    const { port } = new URL(fleet.apiUrl);
    expect(await fleet.stop()).toEqual({ abandoned: [] });
    await expect(fetch(`http://127.0.0.1:${port}/status`)).rejects.toThrow();
    const before = requests();
    await sleep(3 * INTERVAL_MS);
    expect(requests()).toBe(before);
  }, 60_000);
});
