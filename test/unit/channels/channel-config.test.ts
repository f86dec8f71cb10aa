import { describe, expect, it } from 'vitest';
import { channelSecretNames, MAX_CHANNELS } from '../../../shared/channels/channel-config.js';
import { ConfigError, parseFleetConfig } from '../../../shared/config/fleet-config.js';

function problems(channels: unknown): string[] {
  try {
    parseFleetConfig({ channels });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

const telegram = {
  type: 'telegram',
  id: 'kantor',
  botTokenSecret: 'TELEGRAM_BOT_TOKEN',
  chatIds: ['-1001234567890'],
};

describe('channel configuration', () => {
  it('fills in defaults: every status subscribers get, and the public Bot API', () => {
    const [channel] = parseFleetConfig({ channels: [telegram] }).channels;
    expect(channel).toEqual({
      ...telegram,
      statuses: ['degraded', 'maintenance', 'down', 'up'],
      apiBaseUrl: 'https://api.telegram.org',
    });
    expect(parseFleetConfig({}).channels).toEqual([]);
  });

  it.each([
    [
      'an unknown type',
      [{ type: 'whatsapp', id: 'a' }],
      /channels\[0\]\.type: .*"telegram", "slack", "discord", "webhook"/,
    ],
    [
      'a bad id',
      [{ ...telegram, id: 'Kantor Pusat' }],
      /channels\[0\]\.id: "Kantor Pusat" is not a channel id/,
    ],
    ['no chat', [{ ...telegram, chatIds: [] }], /channels\[0\]\.chatIds: must list at least one chat/],
    [
      'a bad chat id',
      [{ ...telegram, chatIds: ['grup kantor'] }],
      /chatIds\[0\]: "grup kantor" is not a Telegram chat id/,
    ],
    [
      'an empty status filter',
      [{ ...telegram, statuses: [] }],
      /channels\[0\]\.statuses: must list at least one status/,
    ],
    ['unknown as a status', [{ ...telegram, statuses: ['unknown'] }], /channels\[0\]\.statuses\[0\]/],
    [
      'a webhook without url',
      [{ type: 'webhook', id: 'w', signingSecret: 'S' }],
      /give exactly one of "url" and "urlSecret"/,
    ],
    [
      'a webhook with both',
      [{ type: 'webhook', id: 'w', url: 'https://hook.example/x', urlSecret: 'U', signingSecret: 'S' }],
      /give exactly one of "url" and "urlSecret"/,
    ],
    [
      'a webhook without signing secret',
      [{ type: 'webhook', id: 'w', url: 'https://hook.example/x' }],
      /signingSecret: is required/,
    ],
    ['an unknown field', [{ ...telegram, token: 'x' }], /channels\[0\]\.token: unknown field/],
    [
      'the same id twice',
      [telegram, { ...telegram }],
      /channels\[1\]\.id: "kantor" is used twice \(also by channels\[0\]\)/,
    ],
    [
      'too many',
      Array.from({ length: MAX_CHANNELS + 1 }, (_, i) => ({ ...telegram, id: `c${i}` })),
      /at most 20 channels/,
    ],
  ])('refuses %s with a line naming the field', (_name, channels, message) => {
    const lines = problems(channels);
    expect(
      lines.some((line) => message.test(line)),
      lines.join('\n'),
    ).toBe(true);
  });

  it('never echoes a value pasted where a secret name belongs (it would end up in logs)', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX';
    const lines = problems([{ type: 'slack', id: 's', webhookUrlSecret: url }]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^channels\[0\]\.webhookUrlSecret: is not a secret name/);
    expect(lines.join('\n')).not.toContain('XXXXSECRETXXXX');
  });

  it('masks credentials in a webhook URL it refuses', () => {
    const lines = problems([
      { type: 'webhook', id: 'w', url: 'https://user:pa55word@hook.example/x', signingSecret: 'S' },
    ]);
    expect(lines.join('\n')).not.toContain('pa55word');
  });

  it('lists every secret the channels need, once each', () => {
    const config = parseFleetConfig({
      channels: [
        telegram,
        { type: 'slack', id: 's', webhookUrlSecret: 'SLACK_URL' },
        { type: 'discord', id: 'd', webhookUrlSecret: 'DISCORD_URL' },
        { type: 'webhook', id: 'w', urlSecret: 'HOOK_URL', signingSecret: 'HOOK_KEY' },
        { type: 'webhook', id: 'w2', url: 'https://hook.example/x', signingSecret: 'HOOK_KEY' },
      ],
    });
    expect(channelSecretNames(config.channels)).toEqual([
      'DISCORD_URL',
      'HOOK_KEY',
      'HOOK_URL',
      'SLACK_URL',
      'TELEGRAM_BOT_TOKEN',
    ]);
  });
});
