import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface OpsTopicProps {
  /** Who receives the alarms of this region (each confirms the subscription by email). */
  readonly emails: readonly string[];
  /** Prefix of the alarm names (the fleet's name). */
  readonly alarmPrefix: string;
}

/**
 * The SNS topic that carries CloudWatch alarms of one region to the operators. Alarms can only notify a topic in
 * their own region, so every stack of the fleet has one. Its resource policy lets this account's alarms publish:
 * a topic policy replaces SNS's default policy, and without that statement every alarm action fails silently.
 */
export class OpsTopic extends Construct {
  readonly topic: Topic;
  /** The ops path's own failure: SNS could not deliver an alarm notification (e.g. a bouncing address). */
  readonly deliveryFailures: Alarm;

  constructor(scope: Construct, id: string, props: OpsTopicProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'e-Faktur fleet ops',
      enforceSSL: true,
    });
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AlarmsOfThisAccountPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `${props.alarmPrefix}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    for (const email of new Set(props.emails)) this.topic.addSubscription(new EmailSubscription(email));
    // CloudWatch records a failed alarm action only in the alarm's history; SNS counts failed deliveries.
    this.deliveryFailures = this.notifyOn(
      new Alarm(this, 'DeliveryFailures', {
        alarmName: `${props.alarmPrefix}-ops-delivery-failures-${stack.region}`,
        alarmDescription:
          'SNS could not deliver alarm notifications of this region to an operator (a bouncing or unsubscribed ' +
          'address): the alarms still change state on the dashboard, but nobody may be told. Check the ' +
          "topic's subscriptions.",
        metric: this.topic.metricNumberOfNotificationsFailed({
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
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
