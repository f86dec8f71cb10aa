import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxLine } from '../../../local/console-file-alert-publisher.js';
import { demoScenario, type ScenarioStage } from '../../../local/demo/demo-scenario.js';
import { runScenario } from '../../../local/demo/scenario-driver.js';
import { DrivenTimeline } from '../../../local/fleet-timeline.js';
import { type LocalFleet, startLocalFleet } from '../../../local/local-fleet.js';
import { type SvcSimulator, startSvcSimulator } from '../../../local/simulator/svc-simulator.js';
import type { TargetStatusView } from '../../../shared/api/target-view.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import type { ConsensusStatus } from '../../../shared/types.js';

/** Below the configuration's 5 s minimum: the runner's test-only interval keeps the scenario short. */
const INTERVAL_MS = 500;
const START = Date.parse('2026-03-16T03:00:00.000Z');
const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];
const LONELY = 'ap-northeast-1';

let simulator: SvcSimulator;
let fleet: LocalFleet;
let outboxFile: string;
// Every round, sweep and clock of the fleet follows this timeline: a loaded machine cannot make a vote stale.
const timeline = new DrivenTimeline({ startMs: START });
const logged: string[] = [];

beforeAll(async () => {
  simulator = await startSvcSimulator();
  outboxFile = join(mkdtempSync(join(tmpdir(), 'fleet-e2e-')), 'alerts.jsonl');
  // Latency is still measured on the real monotonic clock: bounds no load can reach keep every answer `up`.
  const bounds = { timeoutMs: 10_000, degradedAfterMs: 9000, retryDelayMs: 0 };
  const config = parseFleetConfig({
    probeRegions: REGIONS,
    controlUrl: simulator.controlUrl,
    targets: [
      { id: 'svc-wsdl', name: 'e-Faktur SVC', url: simulator.wsdlUrl, check: 'efaktur-wsdl', ...bounds },
      { id: 'svc-qr', name: 'e-Faktur QR', url: simulator.qrUrl, check: 'efaktur-qr-validation', ...bounds },
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
    reporter: { log: (line) => logged.push(line), changed: () => {} },
    timeline,
  });
});

afterAll(async () => {
  await fleet?.stop();
  await simulator?.close();
});

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${fleet.apiUrl}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function statusViews(): Promise<Map<string, TargetStatusView>> {
  const { targets } = await getJson<{ targets: TargetStatusView[] }>('/status');
  return new Map(targets.map((t) => [t.id, t]));
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

/** Advances the fleet an interval at a time until `check` holds (at most 10 intervals); returns its last value. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 10; i++) {
    const value = await read();
    if (check(value)) return value;
    await timeline.advance(INTERVAL_MS);
  }
  throw new Error(`no ${what} after 10 intervals`);
}

/**
 * Only a guard against a hang: every assertion reads driven time, so a slow machine makes the run longer, never
 * different (it took 40 s alone and up to 125 s on 2 cores under a CPU load of 20).
 */
const E2E_WALL_CLOCK_GUARD_MS = 600_000;

describe('local mode end to end', () => {
  it(
    'plays up → one region offline → maintenance → down → up through the API, alerting exactly the changes',
    async () => {
      const assertions: Record<
        ScenarioStage['name'],
        (views: Map<string, TargetStatusView>) => Promise<void>
      > = {
        up: async (views) => {
          for (const view of views.values()) {
            expect(view.status).toBe('up');
            expect(view.votes.map((v) => [v.region, v.status])).toEqual(REGIONS.map((r) => [r, 'up']));
          }
          expect(outbox()).toEqual([]);
        },
        'regional-network': async () => {
          // Wait until the offline region has reported its failure: its target and control URL both failed.
          const views = await eventually(
            statusViews,
            (v) =>
              [...v.values()].every((t) =>
                t.votes.some(
                  (vote) => vote.region === LONELY && vote.status === 'down' && vote.control === false,
                ),
              ),
            `${LONELY}'s failing vote`,
          );
          for (const view of views.values()) {
            expect(view.status).toBe('up');
            const lonely = view.votes.find((v) => v.region === LONELY);
            expect([lonely?.status, lonely?.reason, lonely?.control]).toEqual(['down', 'reset', false]);
          }
          // A few intervals later it still has not moved the consensus, and nobody was alerted.
          await timeline.advance(4 * INTERVAL_MS);
          for (const view of (await statusViews()).values()) expect(view.status).toBe('up');
          expect(outbox()).toEqual([]);
        },
        maintenance: async (views) => {
          for (const view of views.values()) {
            expect(view.status).toBe('maintenance');
            expect(view.votes.filter((v) => v.status === 'maintenance').length).toBeGreaterThanOrEqual(2);
          }
        },
        down: async (views) => {
          for (const view of views.values()) {
            expect(view.status).toBe('down');
            expect(view.votes.filter((v) => v.status === 'down').length).toBeGreaterThanOrEqual(2);
          }
        },
        recovered: async (views) => {
          for (const view of views.values()) expect(view.status).toBe('up');
        },
      };

      const seen: string[] = [];
      const outcome = await runScenario({
        stages: demoScenario(REGIONS),
        simulator,
        targetIds: ['svc-wsdl', 'svc-qr'],
        intervalMs: INTERVAL_MS,
        statuses: async () => {
          const views = await statusViews();
          return new Map<string, ConsensusStatus>([...views].map(([id, v]) => [id, v.status]));
        },
        log: () => {},
        stageTimeoutMs: 20 * INTERVAL_MS,
        onReached: async (stage) => {
          seen.push(stage.name);
          await assertions[stage.name](await statusViews());
        },
        pollMs: 50,
        time: { now: () => timeline.now(), wait: (ms) => timeline.advance(ms) },
      });
      expect(outcome.completed).toBe(true);
      expect(seen).toEqual(['up', 'regional-network', 'maintenance', 'down', 'recovered']);

      // Exactly the changes subscribers hear of, each once: not the start (unknown → up), not the regional blip.
      const alerts = outbox();
      for (const target of ['svc-wsdl', 'svc-qr']) {
        expect(alerts.filter((a) => a.targetId === target).map((a) => `${a.from}→${a.to}`)).toEqual([
          'up→maintenance',
          'maintenance→down',
          'down→up',
        ]);
      }
      expect(alerts).toHaveLength(6);
      for (const alert of alerts) {
        // Published by the evaluation that decided it, on the fleet's time.
        expect(alert.publishedAt).toBe(alert.at);
        expect(Date.parse(alert.at)).toBeGreaterThan(START);
        expect(alert.channels).toEqual(['console', 'file']);
        expect(alert.messageId).toMatch(/^local-/);
        expect(alert.subject.length).toBeLessThan(100);
        expect(alert.sms?.length).toBeLessThanOrEqual(160);
      }
      expect(alerts.find((a) => a.to === 'maintenance')?.subject).toContain('MAINTENANCE');

      // Driven time makes the run reproducible to the millisecond: the same changes at the same instants, every run.
      const changes = alerts
        .map((a) => ({ ms: Date.parse(a.at) - START, change: `${a.targetId} ${a.from}→${a.to}` }))
        .sort((x, y) => x.ms - y.ms || x.change.localeCompare(y.change))
        .map((c) => `+${c.ms} ${c.change}`);
      expect(changes).toEqual([
        '+6172 svc-qr up→maintenance',
        '+6173 svc-wsdl up→maintenance',
        '+7500 svc-qr maintenance→down',
        '+7500 svc-wsdl maintenance→down',
        '+9668 svc-qr down→up',
        '+9669 svc-wsdl down→up',
      ]);
      expect(outcome.stages.map((st) => `${st.name}:${st.reachedAfterMs}`)).toEqual([
        'up:50',
        'regional-network:0',
        'maintenance:150',
        'down:300',
        'recovered:1200',
      ]);

      // The history API holds the same transitions, and their notifications are marked sent.
      for (const target of ['svc-wsdl', 'svc-qr']) {
        const history = await getJson<{
          items: { from: string; to: string; rule: string; audience: string; notification: string }[];
        }>(`/targets/${target}/history`);
        expect(
          history.items.map((t) => `${t.from}→${t.to}:${t.rule}:${t.audience}:${t.notification}`),
        ).toEqual([
          'down→up:recovery_hold:subscribers:sent',
          'maintenance→down:quorum_down:subscribers:sent',
          'up→maintenance:quorum_maintenance:subscribers:sent',
          'unknown→up:initial:ops:skipped',
        ]);
      }

      // Every logical region identified itself to the simulator.
      const counts = simulator.requestCounts();
      for (const region of REGIONS) expect(counts[region]).toBeGreaterThan(0);
      expect(counts['(none)']).toBeUndefined();
      expect(logged.filter((l) => l.startsWith('ALERT '))).toHaveLength(6);
    },
    E2E_WALL_CLOCK_GUARD_MS,
  );

  it('stops cleanly: the port is released and nothing runs afterwards', async () => {
    const { port } = new URL(fleet.apiUrl);
    const summary = await fleet.stop();
    expect(summary.abandoned).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/status`)).rejects.toThrow();
    const before = Object.values(simulator.requestCounts()).reduce((a, b) => a + b, 0);
    expect(timeline.pending()).toBe(0);
    await timeline.advance(3 * INTERVAL_MS);
    expect(Object.values(simulator.requestCounts()).reduce((a, b) => a + b, 0)).toBe(before);
  });
});
