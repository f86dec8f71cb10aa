import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { snsAlertPublisher } from '../../../functions/compose/alert-publisher.js';
import { formatAlert } from '../../../shared/alerts/format-message.js';
import { ChannelNotifier } from '../../../shared/channels/channel-notifier.js';
import type { ChannelRequest } from '../../../shared/channels/channel-requests.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { transition } from '../consensus/fixtures.js';

// 18 March 2026 is inside the upload deadline's marked days (the 15th to the 20th) of the default calendar.
const DURING = '2026-03-18T03:00:00.000Z';
const PHRASE = 'Bertepatan dengan batas waktu unggah 20 Maret';
const config = parseFleetConfig({
  channels: [{ type: 'slack', id: 'ops', webhookUrlSecret: 'SLACK_URL', statuses: ['down', 'up'] }],
});

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

describe('the deadline calendar reaches every message path', () => {
  it('the SNS publisher built from the configuration names the deadline in email, SMS and default', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
    const publisher = snsAlertPublisher(config, {
      client: new SNSClient({ region: 'ap-southeast-1' }),
      topicArn: 'arn:aws:sns:ap-southeast-1:123456789012:alerts',
    });
    await publisher.publish(transition({ at: DURING }));
    const body = JSON.parse(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!);
    expect(body.email).toContain(PHRASE);
    expect(body.default).toContain(PHRASE);
    expect(body.sms).toContain(PHRASE);
  });

  it('a failure outside the marked days, or a recovery, says nothing of it', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
    const publisher = snsAlertPublisher(config, {
      client: new SNSClient({ region: 'ap-southeast-1' }),
      topicArn: 'arn:aws:sns:ap-southeast-1:123456789012:alerts',
    });
    await publisher.publish(transition({ at: '2026-03-05T03:00:00.000Z' }));
    await publisher.publish(transition({ at: DURING, from: 'down', to: 'up' }));
    for (const call of sns.commandCalls(PublishCommand)) {
      expect(call.args[0].input.Message).not.toContain('batas waktu');
    }
  });

  it("a service group's message names it too", () => {
    const message = formatAlert(
      transition({
        targetId: 'group:faktur',
        at: DURING,
        rule: 'group_worst_of',
        votes: [],
        members: [{ targetId: 'svc-wsdl', status: 'down', explains: true }],
      }),
      { locale: 'id', targetName: 'Buat & unggah faktur', deadlines: config.deadlines },
    );
    expect(message.email).toContain(PHRASE);
  });

  it("chat channels get it from the notifier's calendar", async () => {
    const sent: ChannelRequest[] = [];
    const notifier = new ChannelNotifier({
      channels: config.channels,
      locale: 'id',
      targetNames: { 'svc-wsdl': 'e-Faktur SVC' },
      deadlines: config.deadlines,
      secrets: { get: async () => ({ SLACK_URL: 'https://hooks.slack.test/T/B/x' }) },
      send: async (request) => {
        sent.push(request);
        return { kind: 'sent', status: 200 };
      },
      retryQueue: { retry: async () => {}, deadLetter: async () => {} },
      now: () => Date.parse(DURING),
    });
    await notifier.handle({ kind: 'transition', transition: transition({ at: DURING }) });
    expect(sent).toHaveLength(1);
    expect(String(sent[0]!.body)).toContain(PHRASE);
  });
});
