import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { DrivenTimeline } from '../../local/fleet-timeline.js';
import { type LocalFleet, startLocalFleet } from '../../local/local-fleet.js';
import { type SvcSimulator, startSvcSimulator } from '../../local/simulator/svc-simulator.js';
import type { HistoryPage } from '../../shared/api/history-page.js';
import { parseFleetConfig } from '../../shared/config/fleet-config.js';
import { motoNotifications } from '../support/moto.js';
import { startToggleProxy, type ToggleProxy } from '../support/toggle-proxy.js';

const endpoint = inject('motoEndpoint');
const INTERVAL_MS = 1000;
// The fleet runs on driven time: a late round on a loaded machine cannot turn a vote stale, and the delivery
// backoff is counted on the same clock.
const timeline = new DrivenTimeline({ startMs: Date.parse('2026-03-16T03:00:00.000Z') });
let simulator: SvcSimulator;
let fleet: LocalFleet;
let proxy: ToggleProxy;
let topicArn: string;
let outboxFile: string;
const logged: string[] = [];

beforeAll(async () => {
  const sns = new SNSClient({ endpoint, region: 'ap-southeast-1' });
  topicArn = (await sns.send(new CreateTopicCommand({ Name: `outage-alerts-${Date.now()}` }))).TopicArn!;
  sns.destroy();
  // SNS sits behind a proxy the test cuts: the fleet sees connections reset, as when SNS is unreachable.
  proxy = await startToggleProxy(new URL(endpoint), true);
  vi.stubEnv('AWS_ENDPOINT_URL_SNS', proxy.url);
  vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
  simulator = await startSvcSimulator();
  outboxFile = join(mkdtempSync(join(tmpdir(), 'fleet-sns-outage-')), 'alerts.jsonl');
  fleet = await startLocalFleet({
    config: parseFleetConfig({
      controlUrl: simulator.controlUrl,
      targets: [
        {
          id: 'svc-wsdl',
          name: 'e-Faktur SVC',
          url: simulator.wsdlUrl,
          check: 'efaktur-wsdl',
          // Latency is still real time: bounds no load can reach keep every answer `up`.
          timeoutMs: 10_000,
          degradedAfterMs: 9000,
          retryDelayMs: 0,
        },
      ],
    }),
    intervalMs: INTERVAL_MS,
    port: 0,
    dataDir: null,
    outboxFile,
    snsTopicArn: topicArn,
    version: '0.0.0-test',
    reporter: { log: (line) => logged.push(line), changed: () => {} },
    timeline,
  });
});

afterAll(async () => {
  await fleet?.stop();
  await simulator?.close();
  await proxy?.close();
  vi.unstubAllEnvs();
});

async function history(): Promise<HistoryPage['items']> {
  const res = await fetch(`${fleet.apiUrl}/targets/svc-wsdl/history?limit=50`);
  return ((await res.json()) as HistoryPage).items.filter((t) => t.audience === 'subscribers');
}

async function status(): Promise<string | undefined> {
  const res = await fetch(`${fleet.apiUrl}/status`);
  return ((await res.json()) as { targets: { status: string }[] }).targets[0]?.status;
}

function fileLines(): number {
  try {
    return readFileSync(outboxFile, 'utf8')
      .split('\n')
      .filter((l) => l !== '').length;
  } catch {
    return 0;
  }
}

/** Advances the fleet 100 ms at a time until `check` holds, for at most 10 intervals. */
async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < (10 * INTERVAL_MS) / 100 && !(await check()); i++) await timeline.advance(100);
}

describe('local mode with --sns-topic-arn while SNS is unreachable', () => {
  it('records the change in the history at once, then publishes it when SNS is back', async () => {
    await until(async () => (await status()) === 'up');
    simulator.set({ service: 'maintenance' });
    await until(async () => (await history()).some((t) => t.to === 'maintenance'));

    // Until SNS answers, the change waits in the history.
    const [waiting, ...more] = await history();
    expect(more).toEqual([]);
    expect(waiting).toMatchObject({ from: 'up', to: 'maintenance', notification: 'pending' });
    await until(() => logged.some((l) => l.includes('not delivered yet')));
    expect(logged.some((l) => l.includes(`alert of ${waiting?.at} not delivered yet`))).toBe(true);
    expect(fileLines()).toBe(0);
    expect(await motoNotifications(endpoint, topicArn)).toEqual([]);

    proxy.forward();
    await until(async () => (await motoNotifications(endpoint, topicArn)).length > 0 && fileLines() > 0);
    const sent = await motoNotifications(endpoint, topicArn);
    expect(sent.map((n) => n.attributes.status?.Value)).toEqual(['maintenance']);
    expect(sent[0]?.attributes).toMatchObject({
      status: { Value: 'maintenance' },
      previousStatus: { Value: 'up' },
    });
    await until(async () => (await history()).find((t) => t.at === waiting?.at)?.notification === 'sent');
    expect((await history()).find((t) => t.at === waiting?.at)?.notification).toBe('sent');
    expect(fileLines()).toBe(1);
  }, 60_000);
});
