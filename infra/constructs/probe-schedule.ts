import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTION_ENV } from '../../shared/config/function-env.js';
import type { TickMessage } from '../../shared/probe/probe-schedule.js';
import type { ProbePhase } from '../probe-phases.js';
import type { FleetFunction } from './fleet-function.js';

export interface ProbeScheduleProps {
  readonly probe: FleetFunction;
  /** A fixed name for the dead-letter queue, so the dashboard can graph it from the home region. @default generated */
  readonly deadLetterQueueName?: string;
  /** The probe function's timeout: messages stay invisible long enough for a run to finish. */
  readonly probeTimeout: Duration;
  readonly phase: ProbePhase;
}

/** SQS keeps a message this many times the function timeout invisible while it is processed (AWS guidance). */
const VISIBILITY_FACTOR = 6;
const MAX_VISIBILITY_SECONDS = 12 * 3600;

/**
 * Runs the probe at this region's phase, to within about a second (see `planTick`): EventBridge Scheduler sends
 * the probe a tick in the minute before each run (anywhere within that minute, as it documents); the probe enqueues
 * each run of the next minute on the region's queue with the delivery delay that lands it on its second. Waiting
 * costs nothing; the queue triggers the probe one message at a time and parks repeatedly failing runs in a
 * dead-letter queue.
 */
export class ProbeSchedule extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: ProbeScheduleProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      queueName: props.deadLetterQueueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Runs', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(
        Math.min(props.probeTimeout.toSeconds() * VISIBILITY_FACTOR, MAX_VISIBILITY_SECONDS),
      ),
      // A run retried later still probes "now" and records its own time; after an hour it is pointless.
      retentionPeriod: Duration.hours(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
    });

    const stack = Stack.of(this);
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Lets EventBridge Scheduler send probe ticks',
    });
    const tick: TickMessage = {
      source: 'tick',
      scheduledTime: ContextAttribute.scheduledTime,
      phaseSeconds: props.phase.phaseSeconds,
      intervalSeconds: props.phase.intervalSeconds,
    };
    this.schedule = new Schedule(this, 'Tick', {
      description:
        `Probe tick: plans the runs at +${props.phase.phaseSeconds}s of every ` +
        `${props.phase.intervalSeconds}s interval, one minute ahead`,
      schedule: ScheduleExpression.cron({ minute: props.phase.tickMinutes, hour: '*' }),
      // The tick goes to the probe directly (no queue: its send, receive and delete would be billed each minute).
      target: new LambdaInvoke(props.probe.function, {
        role,
        input: ScheduleTargetInput.fromObject(tick),
        // A tick plans the next minute: one that is a minute late has nothing left to plan.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(1),
      }),
    });
    const functionLogicalId = stack.resolve(
      (props.probe.function.node.defaultChild as CfnFunction).logicalId,
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason:
        "The Scheduler target's invoke grant also covers the versions and aliases of this region's one probe " +
        'function (`<arn>:*`); it reaches no other function.',
    });

    // The probe enqueues the runs a tick plans on its own queue.
    this.queue.grantSendMessages(props.probe.role);
    props.probe.addEnvironment(FUNCTION_ENV.runQueueUrl, this.queue.queueUrl);
    props.probe.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 1 }));
  }
}
