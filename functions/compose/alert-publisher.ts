import type { SNSClient } from '@aws-sdk/client-sns';
import { SnsAlertPublisher } from '../../shared/adapters/aws/sns-alert-publisher.js';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { groupStateId } from '../../shared/groups/group-key.js';

export interface AlertTopic {
  readonly client: SNSClient;
  readonly topicArn: string;
  readonly dashboardUrl?: string | undefined;
  /** Everything runs on one machine (local mode): the messages say so. */
  readonly oneMachine?: boolean;
}

/** Names of the configured targets and groups by the id their states carry, for messages. */
export function targetNames(config: FleetConfig): Record<string, string> {
  return Object.fromEntries([
    ...config.targets.map((t) => [t.id, t.name]),
    ...config.groups.map((g) => [groupStateId(g.id), g.name]),
  ]);
}

/** Alerts to the SNS topic, worded in the configuration's language and linking its status page. */
export function snsAlertPublisher(config: FleetConfig, topic: AlertTopic): SnsAlertPublisher {
  return new SnsAlertPublisher({
    client: topic.client,
    topicArn: topic.topicArn,
    locale: config.locale,
    targetNames: targetNames(config),
    ...(topic.oneMachine === true && { oneMachine: true }),
    ...(config.statusUrl !== undefined && { statusUrl: config.statusUrl }),
    ...(topic.dashboardUrl !== undefined && { dashboardUrl: topic.dashboardUrl }),
  });
}
