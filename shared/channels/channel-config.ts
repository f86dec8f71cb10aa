import * as z from 'zod/mini';
import { httpUrl } from '../config/url-schema.js';
import { PROBE_STATUSES } from '../types.js';

/** Chat channels and webhooks a fleet may have: each transition is sent to every one that selects it. */
export const MAX_CHANNELS = 20;
/** Telegram chats one channel may post to. */
export const MAX_TELEGRAM_CHATS = 10;
/**
 * A secret's name: an environment variable in local mode, the SSM SecureString parameter
 * `/<fleetName>/secrets/<NAME>` in AWS. Tokens and webhook URLs never sit in configuration files or templates.
 */
const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
const CHANNEL_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** A numeric chat id (groups and channels are negative) or a public channel's `@username`. */
const TELEGRAM_CHAT = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;
export const DEFAULT_TELEGRAM_API = 'https://api.telegram.org';
/** Every status subscribers are told about: a channel without `statuses` gets what email gets. */
export const DEFAULT_CHANNEL_STATUSES = ['degraded', 'maintenance', 'down', 'up'] as const;

const secretName = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a secret name') }).check(
    z.regex(SECRET_NAME, {
      // Never echoed: a token or webhook URL pasted here by mistake would end up in logs.
      error:
        "is not a secret name (A-Z, 0-9 and '_', starting with a letter, at most 64; the value given is not " +
        'shown): name the environment variable / SSM parameter that holds the value, never the value itself',
    }),
  );

const common = {
  id: z.string().check(
    z.regex(CHANNEL_ID, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a channel id (lowercase letters, digits and '-', at most 40)`,
    }),
  ),
  /** The statuses this channel is told about; a recovery goes where the change went (as for SMS). */
  statuses: z._default(
    z.array(z.enum(PROBE_STATUSES)).check(z.minLength(1, { error: 'must list at least one status' })),
    [...DEFAULT_CHANNEL_STATUSES],
  ),
};

const telegramSchema = z.strictObject({
  type: z.literal('telegram'),
  ...common,
  /** Names the secret holding the bot token (from @BotFather). */
  botTokenSecret: secretName(),
  chatIds: z
    .array(
      z.string().check(
        z.regex(TELEGRAM_CHAT, {
          error: (issue) =>
            `${JSON.stringify(String(issue.input).slice(0, 40))} is not a Telegram chat id (digits, negative for groups, or @channelname)`,
        }),
      ),
    )
    .check(
      z.minLength(1, { error: 'must list at least one chat' }),
      z.maxLength(MAX_TELEGRAM_CHATS, { error: `at most ${MAX_TELEGRAM_CHATS} chats` }),
    ),
  /** The Bot API's base URL (a local Bot API server, or a test double). */
  apiBaseUrl: z._default(httpUrl(), DEFAULT_TELEGRAM_API),
});

const slackSchema = z.strictObject({
  type: z.literal('slack'),
  ...common,
  /** Names the secret holding the incoming webhook URL (it carries its own token). */
  webhookUrlSecret: secretName(),
});

const discordSchema = z.strictObject({
  type: z.literal('discord'),
  ...common,
  /** Names the secret holding the webhook URL (it carries its own token). */
  webhookUrlSecret: secretName(),
});

const webhookSchema = z.strictObject({
  type: z.literal('webhook'),
  ...common,
  /** Where the JSON is posted, when the URL is no secret; otherwise `urlSecret`. */
  url: z.optional(httpUrl()),
  /** Names the secret holding the URL, for receivers whose URL carries a key. */
  urlSecret: z.optional(secretName()),
  /** Names the secret the HMAC-SHA256 signature is made with; the receiver holds the same value. */
  signingSecret: secretName(),
});

export const CHANNEL_TYPES = ['telegram', 'slack', 'discord', 'webhook'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const channelSchema = z
  .discriminatedUnion('type', [telegramSchema, slackSchema, discordSchema, webhookSchema], {
    error: (issue) =>
      issue.code === 'invalid_union' || issue.code === 'invalid_type'
        ? `must be an object whose "type" is one of ${CHANNEL_TYPES.map((t) => JSON.stringify(t)).join(', ')}`
        : undefined,
  })
  .check(
    z.superRefine((channel, ctx) => {
      if (channel.type !== 'webhook') return;
      if ((channel.url === undefined) === (channel.urlSecret === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message: 'give exactly one of "url" and "urlSecret"',
        });
      }
    }),
  );

export const channelsSchema = z._default(
  z.array(channelSchema).check(
    z.maxLength(MAX_CHANNELS, { error: `at most ${MAX_CHANNELS} channels` }),
    z.superRefine((channels, ctx) => {
      const seen = new Map<string, number>();
      channels.forEach((channel, i) => {
        const first = seen.get(channel.id);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'id'],
            message: `"${channel.id}" is used twice (also by channels[${first}])`,
          });
        } else seen.set(channel.id, i);
      });
    }),
  ),
  [],
);

export type ChannelConfig = z.output<typeof channelSchema>;
export type TelegramChannel = Extract<ChannelConfig, { type: 'telegram' }>;
export type SlackChannel = Extract<ChannelConfig, { type: 'slack' }>;
export type DiscordChannel = Extract<ChannelConfig, { type: 'discord' }>;
export type WebhookChannel = Extract<ChannelConfig, { type: 'webhook' }>;

/** The secret names one channel needs. */
export function secretNamesOf(channel: ChannelConfig): string[] {
  switch (channel.type) {
    case 'telegram':
      return [channel.botTokenSecret];
    case 'slack':
    case 'discord':
      return [channel.webhookUrlSecret];
    case 'webhook':
      return [channel.signingSecret, ...(channel.urlSecret !== undefined ? [channel.urlSecret] : [])];
  }
}

/** Every secret name the channels need, once each, sorted. */
export function channelSecretNames(channels: readonly ChannelConfig[]): string[] {
  return [...new Set(channels.flatMap(secretNamesOf))].sort();
}
