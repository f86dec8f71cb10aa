import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, inject, it } from 'vitest';
import { motoNotifications } from '../support/moto.js';

describe('moto SNS', () => {
  it('reads back a JSON-structured publish with its subject and attributes', async () => {
    const endpoint = inject('motoEndpoint');
    const sns = new SNSClient({
      endpoint,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `alerts-${Date.now()}` }));
    const body = { default: 'e-Faktur SVC DOWN', email: 'long', sms: 'short' };
    const { MessageId } = await sns.send(
      new PublishCommand({
        TopicArn,
        MessageStructure: 'json',
        Subject: 'e-Faktur SVC DOWN',
        Message: JSON.stringify(body),
        MessageAttributes: { status: { DataType: 'String', StringValue: 'down' } },
      }),
    );
    const sent = await motoNotifications(endpoint, TopicArn!);
    expect(sent).toEqual([
      {
        messageId: MessageId,
        message: JSON.stringify(body),
        subject: 'e-Faktur SVC DOWN',
        attributes: { status: { Type: 'String', Value: 'down' } },
      },
    ]);
    sns.destroy();
  });
});
