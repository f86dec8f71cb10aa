import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ChannelEnvelope,
  ChannelNotifier,
  MAX_CHANNEL_ATTEMPTS,
  type RetryQueue,
} from '../../../shared/channels/channel-notifier.js';
import { EnvSecretSource } from '../../../shared/channels/env-secret-source.js';
import { sendChannelRequest } from '../../../shared/channels/send-channel-request.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { transition } from '../../unit/consensus/fixtures.js';

/** What a fake channel answers next, per path; afterwards it answers 200. */
type Script = { status: number; headers?: Record<string, string>; body?: string; hang?: boolean }[];

interface Received {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

let server: Server;
let base = '';
const received: Received[] = [];
const scripts = new Map<string, Script>();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const next = scripts.get(path)?.shift();
      if (next?.hang) return; // never answers: the client's timeout must end it
      res.writeHead(next?.status ?? 200, { 'content-type': 'application/json', ...next?.headers });
      res.end(next?.body ?? '{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  scripts.clear();
});

const SIGNING_KEY = 'whsec-integration';
const NOW = Date.parse('2026-03-15T07:05:02.000Z');

/** `timeoutMs`: short only where a server hangs on purpose; the others must never depend on the machine's speed. */
function setup(channelsInput: unknown[], timeoutMs = 10_000) {
  const config = parseFleetConfig({ channels: channelsInput, locale: 'id' });
  const retries: { envelope: ChannelEnvelope; delaySeconds: number }[] = [];
  const deadLetters: { envelope: ChannelEnvelope; reason: string }[] = [];
  const queue: RetryQueue = {
    retry: async (envelope, delaySeconds) => void retries.push({ envelope, delaySeconds }),
    deadLetter: async (envelope, reason) => void deadLetters.push({ envelope, reason }),
  };
  const notifier = new ChannelNotifier({
    channels: config.channels,
    locale: 'id',
    targetNames: { 'svc-wsdl': 'e-Faktur SVC' },
    statusUrl: 'https://status.example.id',
    secrets: new EnvSecretSource({
      BOT: 'bot-token',
      SLACK_URL: `${base}/slack/T/B/x`,
      DISCORD_URL: `${base}/discord/1/x`,
      HOOK_KEY: SIGNING_KEY,
    }),
    send: (request) => sendChannelRequest(request, { timeoutMs, nowMs: () => NOW }),
    retryQueue: queue,
    now: () => NOW,
  });
  return { notifier, retries, deadLetters };
}

const ALL = () => [
  { type: 'telegram', id: 'tg', botTokenSecret: 'BOT', chatIds: ['-1001', '-1002'], apiBaseUrl: base },
  { type: 'slack', id: 'sl', webhookUrlSecret: 'SLACK_URL' },
  { type: 'discord', id: 'dc', webhookUrlSecret: 'DISCORD_URL', statuses: ['down'] },
  { type: 'webhook', id: 'wh', url: `${base}/hook`, signingSecret: 'HOOK_KEY' },
];

describe('channel delivery against local fake servers', () => {
  it('delivers one transition to every selected unit, each formatted its own way', async () => {
    const { notifier, retries, deadLetters } = setup(ALL());
    const results = await notifier.handle({ kind: 'transition', transition: transition() });
    expect(
      results.map((r) => `${r.channelId}${r.recipient ? `:${r.recipient}` : ''}=${r.outcome}`).sort(),
    ).toEqual(['dc=sent', 'sl=sent', 'tg:-1001=sent', 'tg:-1002=sent', 'wh=sent']);
    expect(retries).toEqual([]);
    expect(deadLetters).toEqual([]);
    const paths = received.map((r) => r.path).sort();
    expect(paths).toEqual([
      '/botbot-token/sendMessage',
      '/botbot-token/sendMessage',
      '/discord/1/x',
      '/hook',
      '/slack/T/B/x',
    ]);
    for (const r of received) expect(r.headers['content-type']).toBe('application/json');
    const hook = received.find((r) => r.path === '/hook')!;
    // The receiver's own check (a reference implementation of the documented scheme).
    const mac = createHmac('sha256', SIGNING_KEY)
      .update(`${hook.headers['x-efaktur-fleet-timestamp']}.${hook.body}`)
      .digest('hex');
    expect(hook.headers['x-efaktur-fleet-signature']).toBe(`sha256=${mac}`);
    expect(hook.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('applies each channel filter: a recovery after a slowdown reaches only channels that heard of it', async () => {
    const { notifier } = setup(ALL());
    const results = await notifier.handle({
      kind: 'transition',
      transition: transition({ from: 'degraded', to: 'up', rule: 'recovery_hold' }),
    });
    // Discord selects only `down`; the others take every status.
    expect(results.map((r) => r.channelId).sort()).toEqual(['sl', 'tg', 'tg', 'wh']);
  });

  it('honours Retry-After on 429 and backs off on 5xx, without holding back the other channels', async () => {
    scripts.set('/slack/T/B/x', [{ status: 429, headers: { 'retry-after': '42' }, body: 'rate_limited' }]);
    scripts.set('/discord/1/x', [{ status: 429, body: '{"message":"rate limited","retry_after":7.5}' }]);
    scripts.set('/hook', [{ status: 503 }]);
    scripts.set('/botbot-token/sendMessage', [
      { status: 429, body: '{"ok":false,"error_code":429,"parameters":{"retry_after":3}}' },
    ]);
    const { notifier, retries } = setup(ALL());
    const results = await notifier.handle({ kind: 'transition', transition: transition() });
    const byUnit = Object.fromEntries(results.map((r) => [`${r.channelId}${r.recipient ?? ''}`, r]));
    expect(byUnit.sl?.outcome).toBe('retry-scheduled');
    expect(byUnit.sl?.delaySeconds).toBe(42);
    expect(byUnit.dc?.delaySeconds).toBe(8);
    expect(byUnit.wh?.delaySeconds).toBe(5);
    expect(byUnit['tg-1001']?.outcome === 'sent' || byUnit['tg-1002']?.outcome === 'sent').toBe(true);
    // Each failed unit is retried on its own.
    for (const { envelope } of retries) {
      expect(envelope.kind).toBe('channel-retry');
      if (envelope.kind === 'channel-retry') expect(envelope.attempt).toBe(2);
    }
    // The retry delivers to that unit only.
    received.length = 0;
    const slack = retries.find((r) => r.envelope.kind === 'channel-retry' && r.envelope.channelId === 'sl')!;
    const again = await notifier.handle(slack.envelope);
    expect(again.map((r) => [r.channelId, r.outcome, r.attempt])).toEqual([['sl', 'sent', 2]]);
    expect(received.map((r) => r.path)).toEqual(['/slack/T/B/x']);
  });

  it('a channel that never answers is retried after its timeout; one that refuses is set aside at once', async () => {
    scripts.set('/hook', [{ status: 0, hang: true }]);
    scripts.set('/slack/T/B/x', [{ status: 404, body: 'no_service' }]);
    // Only the hanging channel gets a short timeout: nothing else may depend on the machine's speed.
    const hanging = setup([ALL()[3]], 500);
    const [hook] = await hanging.notifier.handle({ kind: 'transition', transition: transition() });
    expect([hook?.outcome, hook?.reason]).toEqual(['retry-scheduled', 'no answer in time']);
    expect(hanging.retries.map((r) => (r.envelope as { channelId: string }).channelId)).toEqual(['wh']);
    const refusing = setup(ALL().slice(0, 2));
    const results = await refusing.notifier.handle({ kind: 'transition', transition: transition() });
    expect(
      refusing.deadLetters.map((d) => [(d.envelope as { channelId: string }).channelId, d.reason]),
    ).toEqual([['sl', 'HTTP 404: no_service']]);
    expect(refusing.retries).toEqual([]);
    // Neither the token nor the webhook URL appears in what is logged or set aside.
    expect(JSON.stringify({ results, deadLetters: refusing.deadLetters })).not.toMatch(
      /bot-token|\/slack\/T\/B/,
    );
  });

  it('gives up after the last attempt and sets the unit aside with the last reason', async () => {
    scripts.set('/hook', [{ status: 500, body: 'boom' }]);
    const { notifier, deadLetters } = setup([ALL()[3]]);
    const results = await notifier.handle({
      kind: 'channel-retry',
      transition: transition(),
      channelId: 'wh',
      attempt: MAX_CHANNEL_ATTEMPTS,
    });
    expect(results[0]?.outcome).toBe('dead-lettered');
    expect(deadLetters[0]?.reason).toBe(`gave up after ${MAX_CHANNEL_ATTEMPTS} attempts: HTTP 500: boom`);
  });

  it('a redirect is not followed (the configured URL must be the final one)', async () => {
    scripts.set('/hook', [{ status: 301, headers: { location: 'http://169.254.169.254/' } }]);
    const { notifier, deadLetters } = setup([ALL()[3]]);
    await notifier.handle({ kind: 'transition', transition: transition() });
    expect(received.map((r) => r.path)).toEqual(['/hook']);
    expect(deadLetters[0]?.reason).toMatch(/redirects are not followed/);
  });

  it('reads at most 16 KB of an endless answer', async () => {
    scripts.set('/hook', [{ status: 500, body: 'x'.repeat(5_000_000) }]);
    const { notifier, retries } = setup([ALL()[3]]);
    const [result] = await notifier.handle({ kind: 'transition', transition: transition() });
    expect(result?.outcome).toBe('retry-scheduled');
    expect(result?.reason?.length).toBeLessThan(300);
    expect(retries).toHaveLength(1);
  });
});
