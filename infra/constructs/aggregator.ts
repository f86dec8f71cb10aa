import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type CfnFunction, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REGION_PLACEHOLDER } from '../../shared/config/environment-reader.js';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import {
  configForFunctions,
  FLEET_CONFIG_BUNDLE_FILE,
  FUNCTION_ENV,
} from '../../shared/config/function-env.js';
import { fleetArns } from '../fleet-arns.js';
import { FUNCTION_ENTRIES, fleetNames } from '../fleet-names.js';
import { FleetFunction } from './fleet-function.js';

/** What the one-minute sweep sends to the aggregator. */
export interface SweepEvent {
  readonly source: 'sweep';
  readonly scheduledTime: string;
}

export interface AggregatorProps {
  readonly config: FleetConfig;
  readonly table: ITableV2;
  readonly alertsTopic: ITopic;
  /** Link to the dashboard, for messages. */
  /** @default none (no dashboard) */
  readonly dashboardUrl?: string;
  /** @default FUNCTION_ENTRIES.aggregator */
  readonly entry?: string;
  /** @default 30 seconds */
  readonly timeout?: Duration;
  /** @default none */
  readonly reservedConcurrency?: number;
}

/**
 * The consensus: evaluates a target when its results arrive (stream of result items only) and every minute (the
 * sweep retries unsent notifications and notices silent regions); asks probes of every region for a burst check.
 */
export class Aggregator extends Construct {
  readonly fleetFunction: FleetFunction;
  readonly deadLetterQueue: Queue;
  readonly sweep: Schedule;

  constructor(scope: Construct, id: string, props: AggregatorProps) {
    super(scope, id);
    this.fleetFunction = this.createFunction(props);
    this.grant(props);
    this.deadLetterQueue = this.addResultStream(props.table);
    this.sweep = this.addSweep();
  }

  private createFunction(props: AggregatorProps): FleetFunction {
    const { config, table } = props;
    return new FleetFunction(this, 'Aggregator', {
      entry: props.entry ?? FUNCTION_ENTRIES.aggregator,
      description: 'e-Faktur fleet consensus: decides each target status from the regions and notifies',
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: 256,
      // The next sweep, a minute later, redoes whatever a failed one left undone.
      asyncRetryAttempts: 0,
      asyncMaxEventAge: Duration.minutes(1),
      reservedConcurrency: props.reservedConcurrency,
      // The configuration travels in the bundle: Lambda's 4 KB environment would hold only about ten targets.
      bundledFiles: { [FLEET_CONFIG_BUNDLE_FILE]: configForFunctions(config) },
      environment: {
        [FUNCTION_ENV.tableName]: table.tableName,
        [FUNCTION_ENV.tableRegion]: Stack.of(this).region,
        [FUNCTION_ENV.fleetConfigFile]: FLEET_CONFIG_BUNDLE_FILE,
        [FUNCTION_ENV.alertsTopicArn]: props.alertsTopic.topicArn,
        // One ARN pattern, not one ARN per region: 30 regions would take most of Lambda's 4 KB environment.
        [FUNCTION_ENV.probeFunctions]: Stack.of(this).toJsonString(
          fleetArns.probeFunction(
            this,
            REGION_PLACEHOLDER,
            fleetNames(config.fleetName).probeFunction(REGION_PLACEHOLDER),
          ),
        ),
        ...(props.dashboardUrl !== undefined && { [FUNCTION_ENV.dashboardUrl]: props.dashboardUrl }),
      },
    });
  }

  /** The table, the alerts topic, and the probe function of every region (burst confirmation). */
  private grant(props: AggregatorProps): void {
    const { config, table } = props;
    const probeFunctions = Object.fromEntries(
      config.probeRegions.map((region) => [
        region,
        fleetArns.probeFunction(this, region, fleetNames(config.fleetName).probeFunction(region)),
      ]),
    );
    const role = this.fleetFunction.role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadAndWriteFleetTable',
        actions: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
        resources: [table.tableArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'PublishAlerts',
        actions: ['sns:Publish'],
        resources: [props.alertsTopic.topicArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'BurstConfirmation',
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(probeFunctions),
      }),
    );
  }

  /** Probe results as they are written, with a dead-letter queue for batches that keep failing. */
  private addResultStream(table: AggregatorProps['table']): Queue {
    const deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself a dead-letter queue: the on-failure destination of the aggregator's stream event " +
        'source (cdk-nag only recognises queues named in the redrive policy of another queue).',
    });
    this.fleetFunction.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(0),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(1),
        parallelizationFactor: 1,
        onFailure: new SqsDlq(deadLetterQueue),
        // Only probe results (items the result store writes with kind = result) start an evaluation; the
        // aggregator's own writes (state, transitions) and TTL deletions do not.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { kind: { S: FilterRule.isEqual('result') } } },
          }),
        ],
      }),
    );
    return deadLetterQueue;
  }

  /** The one-minute sweep, started by EventBridge Scheduler. */
  private addSweep(): Schedule {
    const fn = this.fleetFunction.function;
    const sweepRole = new Role(this, 'SweepRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets EventBridge Scheduler start the one-minute consensus sweep',
    });
    const sweepEvent: SweepEvent = { source: 'sweep', scheduledTime: ContextAttribute.scheduledTime };
    const sweep = new Schedule(this, 'Sweep', {
      description: 'Consensus sweep every minute: stale regions, pending notifications',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(fn, {
        role: sweepRole,
        input: ScheduleTargetInput.fromObject(sweepEvent),
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
      }),
    });
    const functionLogicalId = Stack.of(this).resolve((fn.node.defaultChild as CfnFunction).logicalId);
    Validations.of(sweepRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason:
        "The Scheduler target's invoke grant also covers the versions and aliases of the one aggregator " +
        'function (`<arn>:*`); it reaches no other function.',
    });
    return sweep;
  }
}
