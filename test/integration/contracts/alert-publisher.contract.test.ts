import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, expect } from 'vitest';
import { ConsoleFileAlertPublisher, type OutboxLine } from '../../../local/console-file-alert-publisher.js';
import { SnsAlertPublisher } from '../../../shared/adapters/aws/sns-alert-publisher.js';
import { FakePublisher } from '../../unit/consensus/evaluation-fakes.js';
import {
  type AlertPublisherHarness,
  type Delivered,
  describeAlertPublisherContract,
} from './alert-publisher-contract.js';

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());
const folder = mkdtempSync(join(tmpdir(), 'alert-contract-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

/** An SNS topic stand-in: records each publish's attributes, or fails like an outage once broken. */
function snsTopic() {
  const published: Delivered[] = [];
  let broken = false;
  sns.on(PublishCommand).callsFake((input: PublishCommandInput) => {
    if (broken) throw Object.assign(new Error('SNS is unavailable'), { name: 'InternalErrorException' });
    const attribute = (key: string) => input.MessageAttributes?.[key]?.StringValue ?? '';
    const messageId = `sns-${published.length + 1}`;
    published.push({
      targetId: attribute('target'),
      status: attribute('status'),
      previousStatus: attribute('previousStatus'),
      messageId,
    });
    return { MessageId: messageId };
  });
  const publisher = new SnsAlertPublisher({
    client: new SNSClient({ region: 'ap-southeast-1' }),
    topicArn: 'arn:aws:sns:ap-southeast-1:123456789012:alerts',
    locale: 'en',
    targetNames: {},
  });
  return { publisher, published, breakTopic: () => (broken = true) };
}

function outboxLines(file: string): OutboxLine[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as OutboxLine);
  } catch {
    return [];
  }
}

const fromOutbox = (line: OutboxLine): Delivered => ({
  targetId: line.targetId,
  status: line.to,
  previousStatus: line.from,
  messageId: line.messageId,
});

function consoleFile(forward?: AlertPublisherHarness['publisher']) {
  const file = join(folder, `outbox-${++files}.jsonl`);
  const publisher = new ConsoleFileAlertPublisher({
    file,
    print: () => {},
    render: (t) => ({ subject: `${t.targetId} ${t.to}`, text: `${t.from} → ${t.to}` }),
    ...(forward !== undefined && { forward }),
  });
  return { publisher, file };
}

describeAlertPublisherContract('SNS', async () => {
  const topic = snsTopic();
  return {
    publisher: topic.publisher,
    delivered: async () => topic.published,
    breakChannel: topic.breakTopic,
  };
});

describeAlertPublisherContract('console and file (local mode)', async () => {
  const { publisher, file } = consoleFile();
  return {
    publisher,
    delivered: async () => outboxLines(file).map(fromOutbox),
    // A folder where the file should be: every append fails.
    breakChannel: () => mkdirSync(file, { recursive: true }),
  };
});

describeAlertPublisherContract('console and file forwarding to SNS (local mode with a topic)', async () => {
  const topic = snsTopic();
  const { publisher, file } = consoleFile(topic.publisher);
  return {
    publisher,
    // What subscribers got is what SNS delivered; the outbox must say the same.
    delivered: async () => {
      expect(outboxLines(file).map(fromOutbox)).toEqual(topic.published);
      return topic.published;
    },
    breakChannel: topic.breakTopic,
  };
});

describeAlertPublisherContract('the evaluation tests’ fake', async () => {
  const fake = new FakePublisher();
  return {
    publisher: fake,
    delivered: async () =>
      fake.published.map(({ messageId, transition: t }) => ({
        targetId: t.targetId,
        status: t.to,
        previousStatus: t.from,
        messageId,
      })),
    breakChannel: () => fake.failNext(Number.MAX_SAFE_INTEGER),
  };
});
