import { Alias } from 'aws-cdk-lib/aws-kms';
import { type CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { statusFilterRule } from '../../shared/alerts/status-filter.js';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import type { ConsensusStatus } from '../../shared/types.js';

/** The message attribute the aggregator sets to the new consensus status (see the message format). */
export const STATUS_ATTRIBUTE = 'status';
/** The message attribute the aggregator sets to the status before the transition. */
export const PREVIOUS_STATUS_ATTRIBUTE = 'previousStatus';

/**
 * The SMS filter policy for the statuses worth a text. A recovery (`up`) reaches SMS only after a change that did,
 * or after any outage when outages do: a text saying "back up" after a slowdown nobody was texted about is noise.
 * Chat channels apply the same rule in code (`statusFilterSelects`).
 */
export function smsFilterPolicy(statuses: readonly ConsensusStatus[]): Record<string, unknown> {
  const rule = statusFilterRule(statuses);
  if (rule.recoveredFrom === 'none') return { [STATUS_ATTRIBUTE]: [...rule.changes] };
  if (rule.recoveredFrom === 'any') return { [STATUS_ATTRIBUTE]: ['up'] };
  return {
    $or: [
      { [STATUS_ATTRIBUTE]: [...rule.changes] },
      { [STATUS_ATTRIBUTE]: ['up'], [PREVIOUS_STATUS_ATTRIBUTE]: [...rule.recoveredFrom] },
    ],
  };
}

export interface AlertsTopicProps {
  readonly subscribers: FleetConfig['subscribers'];
}

/**
 * The topic that tells people about transitions: encrypted at rest with the AWS-managed SNS key, HTTPS-only for
 * publishers, every configured email address, and SMS numbers filtered to the statuses worth a text message.
 */
export class AlertsTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlertsTopicProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      // No display name: SNS would prefix every SMS with it ("NAME> "), pushing a 160-character message
      // into a second, separately billed part.
      enforceSSL: true,
      // Only the aggregator (an IAM principal of this account) publishes, which the AWS-managed key allows.
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    for (const email of new Set(props.subscribers.email))
      this.topic.addSubscription(new EmailSubscription(email));
    const policy = smsFilterPolicy(props.subscribers.smsStatuses);
    for (const phone of new Set(props.subscribers.sms)) {
      const subscription = this.topic.addSubscription(new SmsSubscription(phone));
      // The L2 filter type cannot express `$or`; the policy goes on the CloudFormation resource directly.
      const cfn = subscription.node.defaultChild as CfnSubscription;
      cfn.filterPolicy = policy;
      cfn.filterPolicyScope = 'MessageAttributes';
    }
  }
}
