import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError, startLocalFleet } from '../../../local/local-fleet.js';
import { type SvcSimulator, startSvcSimulator } from '../../../local/simulator/svc-simulator.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';

let simulator: SvcSimulator;
beforeAll(async () => {
  simulator = await startSvcSimulator({ initial: { service: 'hang' } });
});
afterAll(async () => {
  await simulator?.close();
});

function config() {
  return parseFleetConfig({
    controlUrl: simulator.controlUrl,
    targets: [
      {
        id: 'svc-wsdl',
        name: 'e-Faktur SVC',
        url: simulator.wsdlUrl,
        check: 'efaktur-wsdl',
        timeoutMs: 1000,
        degradedAfterMs: 900,
        retryDelayMs: 0,
      },
    ],
  });
}

describe('stopping the local fleet', () => {
  it('abandons probe rounds that outlast the grace period, and refuses their late results', async () => {
    const logged: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'fleet-stop-'));
    const fleet = await startLocalFleet({
      config: config(),
      intervalMs: 5000,
      port: 0,
      dataDir,
      outboxFile: join(dataDir, 'alerts.jsonl'),
      version: '0.0.0-test',
      shutdownGraceMs: 100,
      reporter: { log: (line) => logged.push(line), changed: () => {} },
    });
    await sleep(200); // every region's start-up round now waits on a server that never answers
    const summary = await fleet.stop();
    expect([...summary.abandoned].sort()).toEqual(['ap-northeast-1', 'ap-southeast-1', 'ap-southeast-3']);
    const snapshot = fleet.snapshot();
    await sleep(1500); // the probes time out meanwhile and try to store their results
    expect(fleet.snapshot().latest.size).toBe(snapshot.latest.size);
    expect(snapshot.latest.size).toBe(0);
    expect(logged).toEqual([]);

    // The data folder is free again: a new fleet can open it at once.
    const again = await startLocalFleet({
      config: config(),
      port: 0,
      dataDir,
      outboxFile: join(dataDir, 'alerts.jsonl'),
      version: '0.0.0-test',
      shutdownGraceMs: 100,
      reporter: { log: () => {}, changed: () => {} },
    });
    await again.stop();
  }, 20_000);

  it('refuses a port in use and releases what it had started', async () => {
    const first = await startLocalFleet({
      config: config(),
      port: 0,
      dataDir: null,
      outboxFile: join(tmpdir(), 'unused-alerts.jsonl'),
      version: '0.0.0-test',
      shutdownGraceMs: 100,
      reporter: { log: () => {}, changed: () => {} },
    });
    const port = Number(new URL(first.apiUrl).port);
    const dataDir = mkdtempSync(join(tmpdir(), 'fleet-port-'));
    await expect(
      startLocalFleet({
        config: config(),
        port,
        dataDir,
        outboxFile: join(dataDir, 'alerts.jsonl'),
        version: '0.0.0-test',
        reporter: { log: () => {}, changed: () => {} },
      }),
    ).rejects.toThrow(PortInUseError);
    await first.stop();
    // The failed start closed its database and freed its data folder.
    const retry = await startLocalFleet({
      config: config(),
      port,
      dataDir,
      outboxFile: join(dataDir, 'alerts.jsonl'),
      version: '0.0.0-test',
      shutdownGraceMs: 100,
      reporter: { log: () => {}, changed: () => {} },
    });
    expect(retry.apiUrl).toBe(`http://127.0.0.1:${port}`);
    await retry.stop();
  }, 20_000);
});
