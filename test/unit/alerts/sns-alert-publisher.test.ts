import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NotForSubscribersError,
  PublishRejectedError,
  SnsAlertPublisher,
} from '../../../shared/adapters/aws/sns-alert-publisher.js';
import { formatAlert } from '../../../shared/alerts/format-message.js';
import { parseEnvelope, transitionEnvelope } from '../../../shared/channels/channel-envelope.js';
import { transition } from '../consensus/fixtures.js';

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const TOPIC = 'arn:aws:sns:ap-southeast-1:123456789012:efaktur-alerts';

function publisher(locale: 'id' | 'en' = 'id') {
  return new SnsAlertPublisher({
    client: new SNSClient({ region: 'ap-southeast-1' }),
    topicArn: TOPIC,
    locale,
    targetNames: { 'svc-wsdl': 'e-Faktur SVC' },
    statusUrl: 'https://status.example.id',
    dashboardUrl: 'https://console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/efaktur',
  });
}

describe('SnsAlertPublisher', () => {
  it('publishes one JSON-structured message with subject and filter attributes, and returns its id', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
    const t = transition();
    expect(await publisher('en').publish(t)).toBe('msg-1');
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    const expected = formatAlert(t, {
      locale: 'en',
      targetName: 'e-Faktur SVC',
      statusUrl: 'https://status.example.id',
      dashboardUrl: 'https://console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/efaktur',
    });
    expect(input).toEqual({
      TopicArn: TOPIC,
      MessageStructure: 'json',
      Subject: expected.subject,
      Message: JSON.stringify({
        default: expected.default,
        email: expected.email,
        sms: expected.sms,
        sqs: transitionEnvelope(t),
      }),
      MessageAttributes: {
        target: { DataType: 'String', StringValue: 'svc-wsdl' },
        status: { DataType: 'String', StringValue: 'down' },
        previousStatus: { DataType: 'String', StringValue: 'up' },
      },
    });
    expect(JSON.parse(input.Message!).sms).toContain('DOWN since');
    // The chat channels' queue reads the transition itself back from its body.
    expect(parseEnvelope(JSON.parse(input.Message!).sqs)).toEqual({ kind: 'transition', transition: t });
  });

  it('names a target without a configured name by its id', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'msg-2' });
    await publisher().publish(transition({ targetId: 'svc-qr' }));
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.Subject).toBe('svc-qr: DOWN sejak 14:05 WIB');
  });

  it('refuses a transition meant for operators only, without calling SNS', async () => {
    await expect(publisher().publish(transition({ audience: 'ops', to: 'unknown' }))).rejects.toBeInstanceOf(
      NotForSubscribersError,
    );
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('fails when SNS returns no message id, and passes SNS errors on', async () => {
    sns.on(PublishCommand).resolvesOnce({}).rejectsOnce(new Error('Throttling'));
    await expect(publisher().publish(transition())).rejects.toBeInstanceOf(PublishRejectedError);
    await expect(publisher().publish(transition())).rejects.toThrow('Throttling');
  });
});
