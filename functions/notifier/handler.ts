import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsRetryQueue } from '../../shared/adapters/aws/sqs-retry-queue.js';
import { SsmSecretSource } from '../../shared/adapters/aws/ssm-secret-source.js';
import { channelSecretNames } from '../../shared/channels/channel-config.js';
import { ChannelNotifier } from '../../shared/channels/channel-notifier.js';
import { sendChannelRequest } from '../../shared/channels/send-channel-request.js';
import { targetNames } from '../compose/target-names.js';
import { createNotifierHandler } from './create-notifier-handler.js';
import { readNotifierEnvironment } from './notifier-environment.js';

// Read once at cold start: a bad deployment fails here with every problem listed.
const env = readNotifierEnvironment(process.env);
const { config } = env;
const logger = new Logger({ serviceName: 'efaktur-notifier' });
const secrets = new SsmSecretSource(config.fleetName);
// Every secret is read (and cached) now: a parameter that does not exist fails the cold start, naming it.
await secrets.get(channelSecretNames(config.channels));

const retryQueue = new SqsRetryQueue(new SQSClient({}), env.queueUrl, env.deadLetterQueueUrl);

export const handler = createNotifierHandler({
  notifier: new ChannelNotifier({
    channels: config.channels,
    locale: config.locale,
    targetNames: targetNames(config),
    deadlines: config.deadlines,
    ...(config.statusUrl !== undefined && { statusUrl: config.statusUrl }),
    ...(env.dashboardUrl !== undefined && { dashboardUrl: env.dashboardUrl }),
    secrets,
    send: (request) => sendChannelRequest(request),
    retryQueue,
    now: Date.now,
  }),
  setAside: (body, reason) => retryQueue.setAside(body, reason),
  logger,
});
