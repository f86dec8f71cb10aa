import type { SNSClient } from '@aws-sdk/client-sns';
import { SnsAlertPublisher } from '../../shared/adapters/aws/sns-alert-publisher.js';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { targetNames } from './target-names.js';

export { targetNames };

export interface AlertTopic {
  readonly client: SNSClient;
  readonly topicArn: string;
  readonly dashboardUrl?: string | undefined;
  /** Everything runs on one machine (local mode): the messages say so. */
  readonly oneMachine?: boolean;
}

/** Alerts to the SNS topic, worded in the configuration's language and linking its status page. */
export function snsAlertPublisher(config: FleetConfig, topic: AlertTopic): SnsAlertPublisher {
  return new SnsAlertPublisher({
    client: topic.client,
    topicArn: topic.topicArn,
    locale: config.locale,
    targetNames: targetNames(config),
    deadlines: config.deadlines,
    ...(topic.oneMachine === true && { oneMachine: true }),
    ...(config.statusUrl !== undefined && { statusUrl: config.statusUrl }),
    ...(topic.dashboardUrl !== undefined && { dashboardUrl: topic.dashboardUrl }),
  });
}
