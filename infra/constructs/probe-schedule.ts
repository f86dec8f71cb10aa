import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { Universal } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ProbePhase } from '../probe-phases.js';

/** What a scheduled probe run receives as the SQS message body. */
export interface ScheduledRunMessage {
  readonly source: 'schedule';
  /** When the schedule fired (Scheduler substitutes it), ISO 8601. */
  readonly scheduledTime: string;
  /** The region's phase within the interval, in seconds. */
  readonly phaseSeconds: number;
  /** The SQS delay of this message, in seconds. */
  readonly delaySeconds: number;
}

export interface ProbeScheduleProps {
  readonly probe: IFunction;
  /** The probe function's timeout: messages stay invisible long enough for a run to finish. */
  readonly probeTimeout: Duration;
  readonly phase: ProbePhase;
}

/** SQS keeps a message this many times the function timeout invisible while it is processed (AWS guidance). */
const VISIBILITY_FACTOR = 6;
const MAX_VISIBILITY_SECONDS = 12 * 3600;

/**
 * Runs the probe every interval at this region's phase: EventBridge Scheduler fires on whole minutes (cron, UTC)
 * and sends an SQS message whose delivery delay is the rest of the phase, so nothing is billed while waiting;
 * the queue triggers the probe one message at a time and parks repeatedly failing messages in a dead-letter queue.
 */
export class ProbeSchedule extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly schedules: readonly Schedule[];

  constructor(scope: Construct, id: string, props: ProbeScheduleProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
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
      description: 'Lets EventBridge Scheduler queue probe runs',
    });
    const send = new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] });

    this.schedules = props.phase.slots.map((slot, index) => {
      const body: ScheduledRunMessage = {
        source: 'schedule',
        scheduledTime: ContextAttribute.scheduledTime,
        phaseSeconds: props.phase.phaseSeconds,
        delaySeconds: slot.delaySeconds,
      };
      return new Schedule(this, `Run${index}`, {
        description: `Probe run at +${slot.offsetSeconds}s of every ${props.phase.periodSeconds}s period`,
        schedule: ScheduleExpression.cron({ minute: slot.minuteField, hour: '*' }),
        target: new Universal({
          service: 'sqs',
          action: 'sendMessage',
          role,
          policyStatements: [send],
          input: ScheduleTargetInput.fromObject({
            QueueUrl: this.queue.queueUrl,
            MessageBody: JSON.stringify(body),
            DelaySeconds: slot.delaySeconds,
          }),
          // A run is only useful near its slot.
          retryAttempts: 2,
          maxEventAge: Duration.minutes(1),
        }),
      });
    });

    props.probe.addEventSource(new SqsEventSource(this.queue, { batchSize: 1 }));
  }
}
