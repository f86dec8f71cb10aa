import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { METRICS } from '../../shared/metric-names.js';
import { probeCadencePeriod } from '../alarm-periods.js';
import { fleetMetrics } from '../fleet-metrics.js';
import { fleetNames } from '../fleet-names.js';
import type { OpsTopic } from './ops-topic.js';

export interface ProbeAlarmsProps {
  readonly config: FleetConfig;
  readonly region: string;
  readonly probe: IFunction;
  readonly deadLetterQueue: IQueue;
  readonly opsTopic: OpsTopic;
}

/**
 * Alarms of one probe region, in that region (CloudWatch alarms cannot watch another region's metrics). Their
 * signals come once per probe run, so their period follows the probe interval (`probeCadencePeriod`).
 */
export class ProbeAlarms extends Construct {
  readonly noResults: Alarm;
  readonly errors: Alarm;
  readonly deadLetters: Alarm;

  constructor(scope: Construct, id: string, props: ProbeAlarmsProps) {
    super(scope, id);
    const { config, region, opsTopic } = props;
    const names = fleetNames(config.fleetName);
    const period = probeCadencePeriod(config.probeIntervalSeconds);
    const minutes = period.toMinutes();

    this.noResults = opsTopic.notifyOn(
      new Alarm(this, 'NoResults', {
        alarmName: names.alarm(`${region}-no-results`),
        alarmDescription:
          `No probe result written from ${region} for ${minutes} minutes: this region cannot vote. Check the ` +
          "probe function's logs and errors, its schedule and its run queue.",
        metric: fleetMetrics(names.metricsNamespace).probeRegion(METRICS.probe.resultsWritten, region, {
          statistic: 'Sum',
          period,
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
        alarmName: names.alarm(`${region}-probe-errors`),
        alarmDescription: `The probe function in ${region} failed (a probe reports failures as results, so this is a bug or a limit).`,
        metric: props.probe.metricErrors({ statistic: 'Sum', period }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    this.deadLetters = opsTopic.notifyOn(
      new Alarm(this, 'DeadLetters', {
        alarmName: names.alarm(`${region}-probe-dead-letters`),
        alarmDescription: `Probe runs in ${region} failed three times and were parked in the dead-letter queue.`,
        metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period,
        }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
