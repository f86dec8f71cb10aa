import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { OutboxLine } from '../../local/console-file-alert-publisher.js';
import { DrivenTimeline } from '../../local/fleet-timeline.js';
import { type LocalFleet, startLocalFleet } from '../../local/local-fleet.js';
import { type SvcSimulator, startSvcSimulator } from '../../local/simulator/svc-simulator.js';
import type { TargetStatusView } from '../../shared/api/target-view.js';
import { parseFleetConfig } from '../../shared/config/fleet-config.js';
import { motoNotifications } from '../support/moto.js';

const endpoint = inject('motoEndpoint');
const INTERVAL_MS = 500;
// The fleet runs on driven time: a late round on a loaded machine cannot turn a vote stale.
const timeline = new DrivenTimeline({ startMs: Date.parse('2026-03-16T03:00:00.000Z') });
let simulator: SvcSimulator;
let fleet: LocalFleet;
let topicArn: string;
let outboxFile: string;
const logged: string[] = [];

beforeAll(async () => {
  // The SDK reads the endpoint from the environment: local mode has no switch for it.
  vi.stubEnv('AWS_ENDPOINT_URL_SNS', endpoint);
  const sns = new SNSClient({ endpoint, region: 'ap-southeast-1' });
  topicArn = (await sns.send(new CreateTopicCommand({ Name: `local-alerts-${Date.now()}` }))).TopicArn!;
  sns.destroy();
  simulator = await startSvcSimulator();
  outboxFile = join(mkdtempSync(join(tmpdir(), 'fleet-sns-')), 'alerts.jsonl');
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
  vi.unstubAllEnvs();
});

async function status(): Promise<string | undefined> {
  const res = await fetch(`${fleet.apiUrl}/status`);
  const { targets } = (await res.json()) as { targets: TargetStatusView[] };
  return targets[0]?.status;
}

function outbox(): OutboxLine[] {
  try {
    return readFileSync(outboxFile, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as OutboxLine);
  } catch {
    return [];
  }
}

/** Advances the fleet 50 ms at a time until `check` holds, for at most 10 intervals. */
async function advanceUntil(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < (10 * INTERVAL_MS) / 50 && !(await check()); i++) await timeline.advance(50);
}

describe('local mode with --sns-topic-arn', () => {
  it('publishes each alert to the SNS topic too, and records SNS’s message id in the file', async () => {
    await advanceUntil(async () => (await status()) === 'up');
    expect(await status()).toBe('up');
    simulator.set({ service: 'maintenance' });
    await advanceUntil(() => outbox().length > 0);

    const [line, ...more] = outbox();
    expect(more).toEqual([]);
    expect([line?.from, line?.to, line?.channels]).toEqual(['up', 'maintenance', ['console', 'file', 'sns']]);
    const sent = await motoNotifications(endpoint, topicArn);
    expect(sent.map((n) => n.messageId)).toEqual([line?.messageId]);
    const body = JSON.parse(sent[0]!.message) as { default: string; email: string; sms: string };
    // The file holds what SNS was sent: without a public status URL configured, no local link either.
    expect(body.sms).toBe(line?.sms);
    expect(body.email).toBe(line?.text);
    expect(body.sms).not.toContain('127.0.0.1');
    expect(sent[0]?.subject).toBe(line?.subject);
    expect(sent[0]?.attributes).toMatchObject({
      target: { Type: 'String', Value: 'svc-wsdl' },
      status: { Type: 'String', Value: 'maintenance' },
      previousStatus: { Type: 'String', Value: 'up' },
    });
  }, 30_000);

  it('subscribes an email address through the local API on the same topic', async () => {
    const res = await fetch(`${fleet.apiUrl}/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.com' }),
    });
    expect(res.status).toBe(202);
    // moto confirms email subscriptions at once; SNS would mail a confirmation link first.
    expect(['pending_confirmation', 'subscribed']).toContain(
      ((await res.json()) as { status: string }).status,
    );
    expect(logged).toContain(
      'subscription: ops@example.com (every change) — SNS sends the confirmation email',
    );
  });
});
