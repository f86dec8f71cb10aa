import { Annotations, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { secretParameterName } from '../../shared/adapters/aws/ssm-secret-source.js';
import { channelSecretNames } from '../../shared/channels/channel-config.js';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import {
  configForFunctions,
  FLEET_CONFIG_BUNDLE_FILE,
  FUNCTION_ENV,
} from '../../shared/config/function-env.js';
import { EVENT_PERIOD } from '../alarm-periods.js';
import { FUNCTION_ENTRIES, fleetNames } from '../fleet-names.js';
import { FleetFunction } from './fleet-function.js';
import type { OpsTopic } from './ops-topic.js';

export interface ChannelNotifierProps {
  readonly config: FleetConfig;
  readonly alertsTopic: ITopic;
  readonly opsTopic: OpsTopic;
  /** @default none (no dashboard) */
  readonly dashboardUrl?: string;
  /** @default FUNCTION_ENTRIES.notifier */
  readonly entry?: string;
}

/** One delivery's worst case is 10 s per channel at once, plus reading the secrets at a cold start. */
const NOTIFIER_TIMEOUT = Duration.seconds(30);
/** AWS asks for a visibility timeout of at least six times the function's timeout for SQS event sources. */
const VISIBILITY_TIMEOUT = Duration.seconds(NOTIFIER_TIMEOUT.toSeconds() * 6);
/** Receives of one message before SQS itself sets it aside (a function that keeps crashing on it). */
const MAX_RECEIVES = 5;

/**
 * Chat channels and webhooks: the alerts topic feeds a queue (its `sqs` body is the transition itself), the
 * notifier delivers each transition to every channel that selects it and re-queues failed units with a delay;
 * what keeps failing lands in a dead-letter queue whose depth alarms the operators. Secrets are SSM SecureString
 * parameters `/<fleetName>/secrets/<NAME>`, read at cold start: never in the configuration or the template.
 */
export class ChannelNotifier extends Construct {
  readonly fleetFunction: FleetFunction;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ChannelNotifierProps) {
    super(scope, id);
    const { config } = props;
    const names = fleetNames(config.fleetName);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Deliveries', {
      // SQS-managed keys: SNS cannot use the AWS-managed `aws/sqs` KMS key to deliver to a queue.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: VISIBILITY_TIMEOUT,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });
    // Raw delivery: the queue's message is the `sqs` body of the alert, the transition as JSON.
    props.alertsTopic.addSubscription(new SqsSubscription(this.queue, { rawMessageDelivery: true }));

    this.fleetFunction = new FleetFunction(this, 'Notifier', {
      entry: props.entry ?? FUNCTION_ENTRIES.notifier,
      description: 'e-Faktur fleet notifier: delivers transitions to chat channels and signed webhooks',
      timeout: NOTIFIER_TIMEOUT,
      memorySize: 256,
      bundledFiles: { [FLEET_CONFIG_BUNDLE_FILE]: configForFunctions(config) },
      environment: {
        [FUNCTION_ENV.fleetConfigFile]: FLEET_CONFIG_BUNDLE_FILE,
        [FUNCTION_ENV.channelQueueUrl]: this.queue.queueUrl,
        [FUNCTION_ENV.channelDeadLetterQueueUrl]: this.deadLetterQueue.queueUrl,
        ...(props.dashboardUrl !== undefined && { [FUNCTION_ENV.dashboardUrl]: props.dashboardUrl }),
      },
    });
    const fn = this.fleetFunction.function;
    fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }),
    );
    const role = this.fleetFunction.role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'RequeueAndSetAside',
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn, this.deadLetterQueue.queueArn],
      }),
    );
    this.grantChannelSecrets(config);
    this.deadLetterAlarm = this.addDeadLetterAlarm(props.opsTopic, names);
  }

  /** Only the named parameters, listed for the operator before deploy. */
  private grantChannelSecrets(config: ChannelNotifierProps['config']): void {
    const stack = Stack.of(this);
    const secretNames = channelSecretNames(config.channels);
    const parameters = secretNames.map((name) => secretParameterName(config.fleetName, name));
    // Only the named parameters. SecureStrings under the AWS-managed `aws/ssm` key need no KMS grant: that key's
    // policy lets principals of the account decrypt through SSM.
    this.fleetFunction.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadChannelSecrets',
        actions: ['ssm:GetParameter'],
        resources: parameters.map((p) =>
          stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: p.replace(/^\//, '') }),
        ),
      }),
    );
    Annotations.of(this).addInfo(
      `chat channels need these SSM SecureString parameters in ${stack.region} before deploy: ${parameters.join(', ')}`,
    );
    new CfnOutput(this, 'ChannelSecretParameters', {
      description: 'SSM SecureString parameters the notifier reads (create them with aws ssm put-parameter)',
      value: parameters.join(','),
    });
  }

  private addDeadLetterAlarm(
    opsTopic: ChannelNotifierProps['opsTopic'],
    names: ReturnType<typeof fleetNames>,
  ): Alarm {
    return opsTopic.notifyOn(
      new Alarm(this, 'DeadLetterAlarm', {
        alarmName: names.alarm('channel-dead-letters'),
        alarmDescription:
          'Chat or webhook deliveries that kept failing, or that a channel refused (a revoked token, a deleted ' +
          "webhook), were set aside in the notifier's dead-letter queue; each message says why in its `reason`.",
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: EVENT_PERIOD,
        }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
