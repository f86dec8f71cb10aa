import { Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface OpsTopicProps {
  /** Who receives the alarms of this region (each confirms the subscription by email). */
  readonly emails: readonly string[];
}

/**
 * The SNS topic that carries CloudWatch alarms of one region to the operators. Alarms can only notify a topic in
 * their own region, so every stack of the fleet has one.
 */
export class OpsTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OpsTopicProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'e-Faktur fleet ops',
      enforceSSL: true,
    });
    for (const email of new Set(props.emails)) this.topic.addSubscription(new EmailSubscription(email));
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Carries only alarm state changes (alarm name, metric, threshold), no subscriber or probe data. ' +
        'CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer-managed key would ' +
        'add USD 1 per region per month without protecting anything confidential.',
    });
  }

  /** Sends the alarm's state changes (alarm and back to OK) to this topic. */
  notifyOn(alarm: Alarm): Alarm {
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}
