import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS } from '../../shared/metric-names.js';
import { fleetMetrics } from '../fleet-metrics.js';
import type { OpsTopic } from './ops-topic.js';

export interface ProbeAlarmsProps {
  readonly region: string;
  readonly probe: IFunction;
  readonly deadLetterQueue: IQueue;
  readonly opsTopic: OpsTopic;
}

/** Alarms of one probe region, in that region (CloudWatch alarms cannot watch another region's metrics). */
export class ProbeAlarms extends Construct {
  readonly noResults: Alarm;
  readonly errors: Alarm;
  readonly deadLetters: Alarm;

  constructor(scope: Construct, id: string, props: ProbeAlarmsProps) {
    super(scope, id);
    const { region, opsTopic } = props;

    this.noResults = opsTopic.notifyOn(
      new Alarm(this, 'NoResults', {
        alarmName: `efaktur-fleet-${region}-no-results`,
        alarmDescription:
          `No probe result written from ${region} for 5 minutes: this region cannot vote. Check the probe ` +
          "function's logs and errors, its schedule and its run queue.",
        metric: fleetMetrics.probeRegion(METRICS.probe.resultsWritten, region, {
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        // No data at all is the failure this alarm exists for.
        treatMissingData: TreatMissingData.BREACHING,
      }),
    );
    this.errors = opsTopic.notifyOn(
      new Alarm(this, 'Errors', {
        alarmName: `efaktur-fleet-${region}-probe-errors`,
        alarmDescription: `The probe function in ${region} failed (a probe reports failures as results, so this is a bug or a limit).`,
        metric: props.probe.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    this.deadLetters = opsTopic.notifyOn(
      new Alarm(this, 'DeadLetters', {
        alarmName: `efaktur-fleet-${region}-probe-dead-letters`,
        alarmDescription: `Probe runs in ${region} failed three times and were parked in the dead-letter queue.`,
        metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
