import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildChannelRequest,
  MissingSecretError,
  STATUS_COLOURS,
  type WebhookPayload,
} from '../../../shared/channels/channel-requests.js';
import { webhookSignatureProblem } from '../../../shared/channels/webhook-signature.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { transition, vote } from '../consensus/fixtures.js';

const NOW = Date.parse('2026-03-15T07:05:02.000Z');
const SECRETS = {
  BOT: '123456:AAH-bot-token',
  SLACK: 'https://hooks.slack.test/services/T/B/secret',
  DISCORD: 'https://discord.test/api/webhooks/1/secret',
  KEY: 'whsec-test-key',
};
const channels = parseFleetConfig({
  channels: [
    {
      type: 'telegram',
      id: 'tg',
      botTokenSecret: 'BOT',
      chatIds: ['-100200300'],
      apiBaseUrl: 'http://127.0.0.1:9/',
    },
    { type: 'slack', id: 'sl', webhookUrlSecret: 'SLACK' },
    { type: 'discord', id: 'dc', webhookUrlSecret: 'DISCORD' },
    { type: 'webhook', id: 'wh', url: 'https://receiver.example/hook', signingSecret: 'KEY' },
  ],
}).channels;
const [tg, sl, dc, wh] = channels as [
  (typeof channels)[number],
  (typeof channels)[number],
  (typeof channels)[number],
  (typeof channels)[number],
];
const hostile = 'Kantor <b>Pusat</b> & "Cabang" *bold* @everyone';
const context = { locale: 'id' as const, targetName: hostile, statusUrl: 'https://status.example.id/' };

/** A receiver's own check, written from the documentation, not from the product's code. */
function referenceVerify(secret: string, headers: Record<string, string>, body: string): boolean {
  const timestamp = headers['X-Efaktur-Fleet-Timestamp']!;
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  return headers['X-Efaktur-Fleet-Signature'] === expected;
}

describe('channel requests', () => {
  it('Telegram: HTML parse mode with every name escaped, to the bot URL of its token, one chat', () => {
    const request = buildChannelRequest(
      { channel: tg, recipient: '-100200300' },
      transition(),
      context,
      SECRETS,
      NOW,
    );
    expect(request.url).toBe('http://127.0.0.1:9/bot123456:AAH-bot-token/sendMessage');
    const body = JSON.parse(request.body) as { chat_id: string; text: string; parse_mode: string };
    expect(body.chat_id).toBe('-100200300');
    expect(body.parse_mode).toBe('HTML');
    expect(body.text).toContain('Kantor &lt;b&gt;Pusat&lt;/b&gt; &amp; &quot;Cabang&quot;');
    expect(body.text).not.toContain('<b>Pusat');
    expect(body.text.startsWith('<b>')).toBe(true);
    expect(body.text).toContain('DOWN sejak 14:05 WIB');
    expect(body.text).toContain('https://status.example.id/targets/svc-wsdl');
    expect(body.text.length).toBeLessThanOrEqual(4096);
  });

  it('Slack: a status-coloured bar, the status in words in the header, mrkdwn escaped', () => {
    const t = transition({
      votes: [vote('ap-southeast-1', 'down', { detail: 'HTTP 502 <html> & <!channel>' })],
    });
    const request = buildChannelRequest({ channel: sl }, t, context, SECRETS, NOW);
    expect(request.url).toBe(SECRETS.SLACK);
    const body = JSON.parse(request.body) as {
      text: string;
      attachments: { color: string; blocks: { type: string; text: { text: string } }[] }[];
    };
    expect(body.attachments[0]!.color).toBe('#c62828');
    // Header blocks are plain text: the name as written.
    expect(body.attachments[0]!.blocks[0]!.text.text).toContain('DOWN');
    const section = body.attachments[0]!.blocks[1]!.text.text;
    expect(section).toContain('HTTP 502 &lt;html&gt; &amp; &lt;!channel&gt;');
    expect(section).not.toContain('<');
  });

  it('Discord: one embed in the status colour, markdown and mentions neutralised', () => {
    const request = buildChannelRequest(
      { channel: dc },
      transition({ to: 'maintenance', rule: 'quorum_maintenance' }),
      context,
      SECRETS,
      NOW,
    );
    const body = JSON.parse(request.body) as {
      allowed_mentions: { parse: string[] };
      embeds: { title: string; description: string; color: number; url: string; timestamp: string }[];
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]!.color).toBe(STATUS_COLOURS.maintenance);
    expect(body.embeds[0]!.title).toContain('MAINTENANCE');
    expect(body.embeds[0]!.url).toBe('https://status.example.id/targets/svc-wsdl');
    expect(body.embeds[0]!.timestamp).toBe('2026-03-15T07:05:00.000Z');
    expect(body.embeds[0]!.title).toContain('@everyone');
    expect(body.embeds[0]!.description.length).toBeGreaterThan(100);
    expect(body.embeds[0]!.description.length).toBeLessThanOrEqual(4096);
  });

  it('webhook: the transition as JSON, signed over timestamp and body, verifiable by a receiver', () => {
    const t = transition({ votes: [vote('ap-southeast-1', 'down'), vote('ap-southeast-3', 'down')] });
    const request = buildChannelRequest({ channel: wh }, t, context, SECRETS, NOW);
    expect(request.url).toBe('https://receiver.example/hook');
    expect(request.headers['Content-Type']).toBe('application/json');
    expect(request.headers['X-Efaktur-Fleet-Timestamp']).toBe(String(NOW / 1000));
    expect(referenceVerify(SECRETS.KEY, request.headers as Record<string, string>, request.body)).toBe(true);
    expect(referenceVerify('another key', request.headers as Record<string, string>, request.body)).toBe(
      false,
    );
    const payload = JSON.parse(request.body) as WebhookPayload;
    expect(payload).toMatchObject({
      type: 'transition',
      target: { id: 'svc-wsdl', name: hostile },
      from: 'up',
      to: 'down',
      at: t.at,
      durationSeconds: 6 * 3600 + 5 * 60,
      rule: 'quorum_down',
      links: { status: 'https://status.example.id/targets/svc-wsdl' },
    });
    expect(payload.votes).toHaveLength(2);
    expect(payload.id).toBe(request.headers['Idempotency-Key']);
    // The same transition later (a retry) keeps its key; another transition gets another.
    const later = buildChannelRequest({ channel: wh }, t, context, SECRETS, NOW + 60_000);
    expect(later.headers['Idempotency-Key']).toBe(payload.id);
    const other = buildChannelRequest(
      { channel: wh },
      transition({ at: '2026-03-15T07:06:00.000Z' }),
      context,
      SECRETS,
      NOW,
    );
    expect(other.headers['Idempotency-Key']).not.toBe(payload.id);
  });

  it('the verifier refuses forgeries, replays and malformed headers', () => {
    const request = buildChannelRequest({ channel: wh }, transition(), context, SECRETS, NOW);
    const headers = request.headers as Record<string, string>;
    const check = (overrides: Partial<Parameters<typeof webhookSignatureProblem>[0]>) =>
      webhookSignatureProblem({
        secret: SECRETS.KEY,
        timestamp: headers['X-Efaktur-Fleet-Timestamp'],
        signature: headers['X-Efaktur-Fleet-Signature'],
        body: request.body,
        nowMs: NOW + 1000,
        ...overrides,
      });
    expect(check({})).toBeNull();
    expect(check({ body: request.body.replace('"down"', '"up"') })).toBe('signature does not match');
    expect(check({ nowMs: NOW + 301_000 })).toMatch(/replay/);
    expect(check({ timestamp: undefined })).toMatch(/timestamp/);
    expect(check({ signature: 'sha256=abc' })).toMatch(/malformed signature/);
    expect(check({ secret: 'guess' })).toBe('signature does not match');
  });

  it('a secret without a value is an error naming it (never a request without its token)', () => {
    expect(() => buildChannelRequest({ channel: sl }, transition(), context, {}, NOW)).toThrow(
      MissingSecretError,
    );
    expect(() => buildChannelRequest({ channel: sl }, transition(), context, {}, NOW)).toThrow(/SLACK/);
  });

  it.each(['id', 'en'] as const)('every channel tells recoveries and maintenance in %s words', (locale) => {
    const recovery = transition({
      from: 'down',
      to: 'up',
      rule: 'recovery_hold',
      fromSince: '2026-03-15T06:50:00.000Z',
    });
    for (const channel of channels) {
      const request = buildChannelRequest(
        { channel, ...(channel.type === 'telegram' && { recipient: '-100200300' }) },
        recovery,
        { ...context, locale },
        SECRETS,
        NOW,
      );
      expect(request.body).toMatch(locale === 'id' ? /NORMAL kembali|UP kembali/ : /UP again/);
    }
  });
});
