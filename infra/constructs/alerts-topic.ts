import { Alias } from 'aws-cdk-lib/aws-kms';
import { SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { FleetConfig } from '../../shared/config/fleet-config.js';

/** The message attribute the aggregator sets to the new consensus status (see the message format). */
export const STATUS_ATTRIBUTE = 'status';

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
    for (const phone of new Set(props.subscribers.sms)) {
      this.topic.addSubscription(
        new SmsSubscription(phone, {
          filterPolicy: {
            [STATUS_ATTRIBUTE]: SubscriptionFilter.stringFilter({
              allowlist: [...props.subscribers.smsStatuses],
            }),
          },
        }),
      );
    }
  }
}
