import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScenario } from '../../../local/demo/demo-scenario.js';
import { runScenario } from '../../../local/demo/scenario-driver.js';
import { DrivenTimeline } from '../../../local/fleet-timeline.js';
import { type LocalFleet, startLocalFleet } from '../../../local/local-fleet.js';
import { type SvcSimulator, startSvcSimulator } from '../../../local/simulator/svc-simulator.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../local/webhook-receiver.js';
import type { TargetStatusView } from '../../../shared/api/target-view.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import type { ConsensusStatus } from '../../../shared/types.js';

const INTERVAL_MS = 500;
const START = Date.parse('2026-03-16T03:00:00.000Z');
const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];
const SECRET = 'whsec-local-demo';
/** Only a guard against a hang: the scenario runs on driven time. */
const WALL_CLOCK_GUARD_MS = 600_000;

let simulator: SvcSimulator;
let receiver: WebhookReceiver;
let fleet: LocalFleet;
let outboxFile: string;
const timeline = new DrivenTimeline({ startMs: START });
const logged: string[] = [];

beforeAll(async () => {
  simulator = await startSvcSimulator();
  // The receiver checks signatures on the fleet's time, as a receiver's clock agrees with the sender's.
  receiver = await startWebhookReceiver({ secret: SECRET, now: () => timeline.now() });
  outboxFile = join(mkdtempSync(join(tmpdir(), 'fleet-channels-')), 'alerts.jsonl');
  const bounds = { timeoutMs: 10_000, degradedAfterMs: 9000, retryDelayMs: 0 };
  const config = parseFleetConfig({
    probeRegions: REGIONS,
    controlUrl: simulator.controlUrl,
    targets: [
      { id: 'svc-wsdl', name: 'e-Faktur SVC', url: simulator.wsdlUrl, check: 'efaktur-wsdl', ...bounds },
      { id: 'svc-qr', name: 'e-Faktur QR', url: simulator.qrUrl, check: 'efaktur-qr-validation', ...bounds },
    ],
    policy: { recoveryHoldSeconds: 1 },
    channels: [
      { type: 'webhook', id: 'receiver', url: receiver.url, signingSecret: 'WEBHOOK_SIGNING_SECRET' },
    ],
  });
  fleet = await startLocalFleet({
    config,
    intervalMs: INTERVAL_MS,
    port: 0,
    dataDir: null,
    outboxFile,
    version: '0.0.0-test',
    reporter: { log: (line) => logged.push(line), changed: () => {} },
    timeline,
    env: { WEBHOOK_SIGNING_SECRET: SECRET },
  });
});

afterAll(async () => {
  await fleet?.stop();
  await receiver?.close();
  await simulator?.close();
});

async function statuses(): Promise<Map<string, ConsensusStatus>> {
  const res = await fetch(`${fleet.apiUrl}/status`);
  const { targets } = (await res.json()) as { targets: TargetStatusView[] };
  return new Map(targets.map((t) => [t.id, t.status]));
}

describe('local mode with a webhook channel', () => {
  it(
    'delivers the six transitions of the demo to a local receiver, signed and once each',
    async () => {
      const outcome = await runScenario({
        stages: demoScenario(REGIONS),
        simulator,
        targetIds: ['svc-wsdl', 'svc-qr'],
        intervalMs: INTERVAL_MS,
        statuses,
        log: () => {},
        stageTimeoutMs: 20 * INTERVAL_MS,
        pollMs: 50,
        time: { now: () => timeline.now(), wait: (ms) => timeline.advance(ms) },
      });
      expect(outcome.completed).toBe(true);
      // Deliveries run on the fleet's timeline right after each publish.
      await timeline.advance(2 * INTERVAL_MS);

      const emailed = readFileSync(outboxFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { targetId: string; from: string; to: string; at: string });
      expect(emailed).toHaveLength(6);
      expect(receiver.received.map((r) => r.problem)).toEqual(Array(6).fill(null));
      expect(receiver.received.filter((r) => r.repeat)).toEqual([]);
      expect(new Set(receiver.received.map((r) => r.key)).size).toBe(6);
      const hooked = receiver.received.map(
        (r) => `${r.payload?.target.id} ${r.payload?.from}→${r.payload?.to} ${r.payload?.at}`,
      );
      expect(hooked.sort()).toEqual(emailed.map((a) => `${a.targetId} ${a.from}→${a.to} ${a.at}`).sort());
      for (const target of ['svc-wsdl', 'svc-qr']) {
        expect(
          receiver.received
            .filter((r) => r.payload?.target.id === target)
            .map((r) => `${r.payload?.from}→${r.payload?.to}`),
        ).toEqual(['up→maintenance', 'maintenance→down', 'down→up']);
      }
      // Links point to the local API, since this configuration has no public status URL.
      for (const r of receiver.received)
        expect(r.payload?.links.status).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/targets\//);
      expect(logged.filter((l) => l.startsWith('channel receiver (webhook): sent'))).toHaveLength(6);
    },
    WALL_CLOCK_GUARD_MS,
  );
});
