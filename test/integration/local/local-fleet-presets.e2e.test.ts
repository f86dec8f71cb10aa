import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxLine } from '../../../local/console-file-alert-publisher.js';
import { DrivenTimeline } from '../../../local/fleet-timeline.js';
import { type LocalFleet, startLocalFleet } from '../../../local/local-fleet.js';
import {
  type ServiceMode,
  type SvcSimulator,
  startSvcSimulator,
} from '../../../local/simulator/svc-simulator.js';
import type { TargetStatusView } from '../../../shared/api/target-view.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import type { ConsensusStatus, ReasonCode } from '../../../shared/types.js';

/** Below the configuration's 5 s minimum: the runner's test-only interval keeps the scenario short. */
const INTERVAL_MS = 500;
const START = Date.parse('2026-03-16T03:00:00.000Z');
const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];
const TARGETS = ['coretax', 'enofa'];
/** Only a guard against a hang: every assertion reads driven time. */
const WALL_CLOCK_GUARD_MS = 600_000;

let simulator: SvcSimulator;
let fleet: LocalFleet;
let outboxFile: string;
const timeline = new DrivenTimeline({ startMs: START });

beforeAll(async () => {
  simulator = await startSvcSimulator();
  outboxFile = join(mkdtempSync(join(tmpdir(), 'fleet-presets-')), 'alerts.jsonl');
  // Latency is measured on the real clock: bounds no load can reach keep every working page `up`.
  const bounds = { timeoutMs: 10_000, degradedAfterMs: 9000, retryDelayMs: 0 };
  const config = parseFleetConfig({
    probeRegions: REGIONS,
    controlUrl: simulator.controlUrl,
    targets: [
      { preset: 'coretax', url: simulator.coretaxUrl, ...bounds },
      { preset: 'enofa', url: simulator.enofaUrl, ...bounds },
    ],
    policy: { recoveryHoldSeconds: 1 },
  });
  fleet = await startLocalFleet({
    config,
    intervalMs: INTERVAL_MS,
    port: 0,
    dataDir: null,
    outboxFile,
    version: '0.0.0-test',
    reporter: { log: () => {}, changed: () => {} },
    timeline,
  });
});

afterAll(async () => {
  await fleet?.stop();
  await simulator?.close();
});

async function views(): Promise<TargetStatusView[]> {
  const res = await fetch(`${fleet.apiUrl}/status`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { targets: TargetStatusView[] }).targets;
}

function outbox(): OutboxLine[] {
  let text = '';
  try {
    text = readFileSync(outboxFile, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as OutboxLine);
}

/** Puts the simulator in `mode`, then advances an interval at a time (at most 20) until every target shows `expect`. */
async function stage(mode: ServiceMode, expect_: ConsensusStatus): Promise<TargetStatusView[]> {
  simulator.set({ service: mode });
  for (let i = 0; i < 20; i++) {
    const current = await views();
    if (current.every((v) => v.status === expect_)) return current;
    await timeline.advance(INTERVAL_MS);
  }
  throw new Error(`the targets did not reach ${expect_} in mode ${mode} within 20 intervals`);
}

const reasons = (view: TargetStatusView | undefined): ReasonCode[] =>
  (view?.votes ?? []).map((v) => v.reason);

describe('local mode with DJP presets pointed at the simulator', () => {
  it(
    'follows Coretax and e-Nofa up → error shell served with 200 → maintenance → up',
    async () => {
      for (const view of await stage('up', 'up')) {
        expect(view.votes.map((v) => [v.region, v.status])).toEqual(REGIONS.map((r) => [r, 'up']));
      }
      expect(outbox()).toEqual([]);

      for (const view of await stage('error-shell', 'down')) {
        expect(reasons(view).filter((r) => r === 'error_page').length).toBeGreaterThanOrEqual(2);
        expect(view.votes.find((v) => v.reason === 'error_page')?.detail).toBe(
          'error page: "An Error Occurred"',
        );
      }

      for (const view of await stage('maintenance', 'maintenance')) {
        expect(reasons(view).filter((r) => r === 'maintenance_page').length).toBeGreaterThanOrEqual(2);
      }

      const recovered = await stage('up', 'up');
      expect(recovered.map((v) => v.id).sort()).toEqual([...TARGETS].sort());

      // Subscribers hear each change once per target, in order, and nothing of the start.
      const alerts = outbox();
      for (const target of TARGETS) {
        expect(alerts.filter((a) => a.targetId === target).map((a) => `${a.from}→${a.to}`)).toEqual([
          'up→down',
          'down→maintenance',
          'maintenance→up',
        ]);
      }
      expect(alerts).toHaveLength(6);
      const down = alerts.find((a) => a.targetId === 'coretax' && a.to === 'down');
      expect(down?.subject).toContain('Coretax DJP');
      expect(down?.sms?.length).toBeLessThanOrEqual(160);
      // Every region's probes reached the simulated portals.
      const counts = simulator.requestCounts();
      for (const region of REGIONS) expect(counts[region]).toBeGreaterThan(0);
    },
    WALL_CLOCK_GUARD_MS,
  );
});
