import { formatAlert, type MessageContext, targetStatusUrl } from '../alerts/format-message.js';
import type { ConsensusStatus, Transition } from '../types.js';
import type { ChannelConfig } from './channel-config.js';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  transitionKey,
} from './webhook-signature.js';

/** One HTTP POST a channel delivery makes. */
export interface ChannelRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** One place a transition goes: a channel, and for Telegram one of its chats. */
export interface DeliveryUnit {
  readonly channel: ChannelConfig;
  /** Telegram: the chat id. */
  readonly recipient?: string;
}

/** A named secret the configuration refers to was not given a value. */
export class MissingSecretError extends Error {
  constructor(
    readonly secretName: string,
    readonly where: string,
  ) {
    super(`secret ${secretName} has no value (${where})`);
    this.name = 'MissingSecretError';
  }
}

/** Secret values by name, as a `SecretSource` returned them. */
export type SecretValues = Readonly<Record<string, string>>;

/** Telegram's limit for one message's text, after entities are parsed. */
export const TELEGRAM_MAX_TEXT = 4096;
/** Slack: a header block's text, a section's text. */
export const SLACK_MAX_HEADER = 150;
export const SLACK_MAX_SECTION = 3000;
/** Discord: an embed's title and description (the whole embed stays under its 6,000). */
export const DISCORD_MAX_TITLE = 256;
export const DISCORD_MAX_DESCRIPTION = 4096;

/** Status colours for chat cards; the status is always in words too. */
export const STATUS_COLOURS: Readonly<Record<ConsensusStatus, number>> = {
  up: 0x2e7d32,
  degraded: 0xf9a825,
  maintenance: 0x1565c0,
  down: 0xc62828,
  unknown: 0x757575,
};

const USER_AGENT = 'efaktur-probe-fleet-notifier';

function secret(values: SecretValues, name: string, channelId: string): string {
  const value = values[name];
  if (value === undefined || value === '') throw new MissingSecretError(name, `channel ${channelId}`);
  return value;
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Telegram's HTML parse mode knows only these entities. */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Slack's mrkdwn: `&`, `<` and `>` are control characters (links, mentions). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Discord markdown characters, escaped so names and details render as written. */
export function escapeDiscord(text: string): string {
  return text.replace(/([\\*_~`|>#[\]])/g, '\\$1').replace(/@/g, '@\u200b');
}

/** The email body without its first line (the title, which each channel shows its own way) and footer. */
function bodyText(email: string): string {
  const lines = email.split('\n');
  const footer = lines.lastIndexOf('--');
  return lines
    .slice(1, footer > 0 ? footer : undefined)
    .join('\n')
    .trim();
}

/** The JSON a webhook receives: the transition's facts, links and the text people read. */
export interface WebhookPayload {
  readonly type: 'transition';
  readonly id: string;
  readonly target: { readonly id: string; readonly name: string };
  readonly from: ConsensusStatus;
  readonly to: ConsensusStatus;
  readonly at: string;
  readonly fromSince: string;
  /** How long `from` lasted, in whole seconds. */
  readonly durationSeconds: number;
  readonly rule: Transition['rule'];
  readonly votes: Transition['votes'];
  readonly links: { readonly status?: string; readonly dashboard?: string };
  readonly message: {
    readonly subject: string;
    readonly text: string;
    readonly locale: MessageContext['locale'];
  };
}

export function webhookPayload(t: Transition, context: MessageContext): WebhookPayload {
  const message = formatAlert(t, context);
  const status = targetStatusUrl(context.statusUrl, t.targetId);
  return {
    type: 'transition',
    id: transitionKey(t.targetId, t.at),
    target: { id: t.targetId, name: context.targetName },
    from: t.from,
    to: t.to,
    at: t.at,
    fromSince: t.fromSince,
    durationSeconds: Math.max(0, Math.round((Date.parse(t.at) - Date.parse(t.fromSince)) / 1000)),
    rule: t.rule,
    votes: t.votes,
    links: {
      ...(status !== undefined && { status }),
      ...(context.dashboardUrl !== undefined &&
        context.dashboardUrl !== '' && { dashboard: context.dashboardUrl }),
    },
    message: { subject: message.subject, text: message.default, locale: context.locale },
  };
}

/**
 * The request that delivers a transition to one unit, formatted the channel's own way: Telegram HTML, Slack
 * blocks with a status-coloured bar, a Discord embed, or signed JSON. Pure but for the secrets it is handed.
 */
export function buildChannelRequest(
  unit: DeliveryUnit,
  t: Transition,
  context: MessageContext,
  secrets: SecretValues,
  nowMs: number,
): ChannelRequest {
  const { channel } = unit;
  switch (channel.type) {
    case 'telegram':
      return telegramRequest(channel, unit.recipient, t, context, secrets);
    case 'slack':
      return slackRequest(channel, t, context, secrets);
    case 'discord':
      return discordRequest(channel, t, context, secrets);
    case 'webhook':
      return webhookRequest(channel, t, context, secrets, nowMs);
  }
}

type ChannelOf<K extends ChannelConfig['type']> = Extract<ChannelConfig, { type: K }>;

const JSON_HEADERS = { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT };

/** Telegram `sendMessage` in HTML parse mode to one chat. */
function telegramRequest(
  channel: ChannelOf<'telegram'>,
  recipient: string | undefined,
  t: Transition,
  context: MessageContext,
  secrets: SecretValues,
): ChannelRequest {
  const message = formatAlert(t, context);
  // The body's own "Status: <url>" line carries the link; Telegram makes it clickable.
  const text = [
    `<b>${escapeTelegramHtml(message.subject)}</b>`,
    '',
    escapeTelegramHtml(cut(bodyText(message.email), TELEGRAM_MAX_TEXT - 600)),
  ].join('\n');
  const token = secret(secrets, channel.botTokenSecret, channel.id);
  return {
    url: `${channel.apiBaseUrl.replace(/\/+$/, '')}/bot${token}/sendMessage`,
    headers: JSON_HEADERS,
    body: JSON.stringify({
      chat_id: recipient,
      text,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    }),
  };
}

/** A Slack incoming webhook: header and section blocks under a status-coloured bar. */
function slackRequest(
  channel: ChannelOf<'slack'>,
  t: Transition,
  context: MessageContext,
  secrets: SecretValues,
): ChannelRequest {
  const message = formatAlert(t, context);
  return {
    url: secret(secrets, channel.webhookUrlSecret, channel.id),
    headers: JSON_HEADERS,
    body: JSON.stringify({
      text: message.default,
      attachments: [
        {
          color: `#${STATUS_COLOURS[t.to].toString(16).padStart(6, '0')}`,
          blocks: [
            {
              type: 'header',
              text: { type: 'plain_text', text: cut(message.subject, SLACK_MAX_HEADER) },
            },
            {
              type: 'section',
              text: {
                type: 'mrkdwn',
                text: escapeSlack(cut(bodyText(message.email), SLACK_MAX_SECTION - 200)),
              },
            },
          ],
        },
      ],
    }),
  };
}

/** A Discord webhook: one embed, mentions disabled. */
function discordRequest(
  channel: ChannelOf<'discord'>,
  t: Transition,
  context: MessageContext,
  secrets: SecretValues,
): ChannelRequest {
  const message = formatAlert(t, context);
  const link = targetStatusUrl(context.statusUrl, t.targetId);
  return {
    url: secret(secrets, channel.webhookUrlSecret, channel.id),
    headers: JSON_HEADERS,
    body: JSON.stringify({
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: cut(message.subject, DISCORD_MAX_TITLE),
          description: escapeDiscord(cut(bodyText(message.email), DISCORD_MAX_DESCRIPTION - 800)),
          color: STATUS_COLOURS[t.to],
          timestamp: t.at,
          ...(link !== undefined && { url: link }),
        },
      ],
    }),
  };
}

/** A generic webhook: the payload as JSON, signed over the timestamp and body, with an idempotency key. */
function webhookRequest(
  channel: ChannelOf<'webhook'>,
  t: Transition,
  context: MessageContext,
  secrets: SecretValues,
  nowMs: number,
): ChannelRequest {
  const body = JSON.stringify(webhookPayload(t, context));
  const timestamp = Math.floor(nowMs / 1000);
  return {
    url: channel.url ?? secret(secrets, channel.urlSecret ?? '', channel.id),
    headers: {
      ...JSON_HEADERS,
      [IDEMPOTENCY_HEADER]: transitionKey(t.targetId, t.at),
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(secret(secrets, channel.signingSecret, channel.id), timestamp, body),
    },
    body,
  };
}
