import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { METRICS } from '../../shared/metric-names.js';
import { EVENT_PERIOD, probeCadencePeriod, SWEEP_PERIOD } from '../alarm-periods.js';
import { fleetMetrics } from '../fleet-metrics.js';
import { fleetNames } from '../fleet-names.js';
import { CONSENSUS_QUERIES, PROBE_QUERIES } from '../log-queries.js';
import type { OpsTopic } from './ops-topic.js';

export interface HomeAlarmsProps {
  readonly config: FleetConfig;
  readonly aggregator: IFunction;
  readonly api: IFunction;
  readonly alertsTopic: ITopic;
  readonly aggregatorDeadLetters: IQueue;
  readonly opsTopic: OpsTopic;
  /**
   * Minutes the consensus may stay `unknown` before operators hear of it.
   * @default 10
   */
  readonly unknownForMinutes?: number;
}

/** A notification still unsent after this long means subscribers are not being told. */
export const PENDING_NOTIFICATION_ALARM_SECONDS = 300;

/**
 * Every alarm of the fleet, in the home region → ops topic: regions not voting (a probe region's failures show
 * here), an undecidable consensus, unsent or undelivered notifications, and failures of the aggregator and the
 * API. Ten alarms whatever the targets and regions: probe regions have none (and no ops topic).
 * Periods follow their signal (see `alarm-periods.ts`): the consensus metrics come with the one-minute sweep
 * whatever the probe interval; the stream and its dead letters come at the probe cadence.
 */
export class HomeAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: HomeAlarmsProps) {
    super(scope, id);
    const names = fleetNames(props.config.fleetName);
    this.addConsensusAlarms(props, names);
    this.addDeliveryAlarm(props, names);
    this.addFunctionAlarms(props, names);
  }

  private add(alarm: Alarm, opsTopic: HomeAlarmsProps['opsTopic']): void {
    this.alarms.push(opsTopic.notifyOn(alarm));
  }

  /** Fleet-wide: the same three alarms whatever the targets and regions; the dashboard's log queries tell which. */
  private addConsensusAlarms(props: HomeAlarmsProps, names: ReturnType<typeof fleetNames>): void {
    const { config } = props;
    const metrics = fleetMetrics(names.metricsNamespace, config.fleetName);
    const add = (alarm: Alarm) => this.add(alarm, props.opsTopic);
    const unknownMinutes = props.unknownForMinutes ?? 10;
    const perTarget = `"${config.fleetName}/${CONSENSUS_QUERIES.perTarget.title}"`;
    const probeFailures = `"${config.fleetName}/${PROBE_QUERIES.failures.title} (<region>)"`;
    add(
      new Alarm(this, 'StaleRegions', {
        alarmName: names.alarm('stale-regions'),
        alarmDescription:
          `At least one region has had no fresh result for some target (none for ` +
          `${config.policy.staleAfterIntervals} probe intervals) at 5 sweeps in a row, and does not vote: its probe ` +
          `is failing, not scheduled, or cannot write. The saved log query ${perTarget} names the region and target; ` +
          `${probeFailures} in that region tells why.`,
        metric: metrics.aggregator(METRICS.aggregator.staleRegions, {
          statistic: 'Maximum',
          period: SWEEP_PERIOD,
        }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 5,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, 'Unknown', {
        alarmName: names.alarm('consensus-unknown'),
        alarmDescription:
          `Too few regions vote on some target to reach a quorum, at every sweep for ${unknownMinutes} minutes: ` +
          `the fleet cannot tell subscribers anything about it. The saved log query ${perTarget} names the target.`,
        // The sweep's count of unknown targets; Minimum: unknown at every sweep of the minute.
        metric: metrics.aggregator(METRICS.aggregator.unknownTargets, {
          statistic: 'Minimum',
          period: SWEEP_PERIOD,
        }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        evaluationPeriods: unknownMinutes,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, 'PendingNotification', {
        alarmName: names.alarm('notification-pending'),
        alarmDescription:
          `A status change has not been published for ${PENDING_NOTIFICATION_ALARM_SECONDS / 60} minutes. Check the ` +
          `aggregator logs for publish failures (SNS permissions, throttling); the saved log query ${perTarget} names ` +
          'the target.',
        metric: metrics.aggregator(METRICS.aggregator.oldestPendingSeconds, {
          statistic: 'Maximum',
          period: SWEEP_PERIOD,
        }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: PENDING_NOTIFICATION_ALARM_SECONDS,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private addDeliveryAlarm(props: HomeAlarmsProps, names: ReturnType<typeof fleetNames>): void {
    this.add(
      new Alarm(this, 'DeliveryFailures', {
        alarmName: names.alarm('alerts-delivery-failures'),
        alarmDescription:
          'SNS failed to deliver alert notifications (SMS spending limit or sandbox, opted-out numbers, bounces).',
        metric: props.alertsTopic.metricNumberOfNotificationsFailed({
          statistic: 'Sum',
          period: EVENT_PERIOD,
        }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      props.opsTopic,
    );
  }

  /** Failures, silence, lag and dead letters of the consensus and the API functions. */
  private addFunctionAlarms(props: HomeAlarmsProps, names: ReturnType<typeof fleetNames>): void {
    const probeCadence = probeCadencePeriod(props.config.probeIntervalSeconds);
    const add = (alarm: Alarm) => this.add(alarm, props.opsTopic);
    for (const [name, fn, what] of [
      ['aggregator', props.aggregator, 'The consensus'],
      ['api', props.api, 'The status API'],
    ] as const) {
      add(
        new Alarm(this, `Errors-${name}`, {
          alarmName: names.alarm(`${name}-errors`),
          alarmDescription: `${what} function failed; see its log group.`,
          metric: fn.metricErrors({ statistic: 'Sum', period: EVENT_PERIOD }),
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          threshold: 1,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    add(
      new Alarm(this, 'AggregatorSilent', {
        alarmName: names.alarm('aggregator-silent'),
        alarmDescription:
          'The consensus has not run for 5 minutes although its sweep fires every minute: check the sweep ' +
          'schedule and the function.',
        metric: props.aggregator.metricInvocations({ statistic: 'Sum', period: EVENT_PERIOD }),
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.BREACHING,
      }),
    );
    add(
      new Alarm(this, 'StreamLag', {
        alarmName: names.alarm('aggregator-stream-lag'),
        alarmDescription: 'The consensus is more than 5 minutes behind the results stream.',
        // Records come at the probe cadence: one late batch in a period is enough to tell.
        metric: props.aggregator.metric('IteratorAge', { statistic: 'Maximum', period: probeCadence }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 5 * 60 * 1000,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, 'DeadLetters', {
        alarmName: names.alarm('aggregator-dead-letters'),
        alarmDescription:
          'Result batches the consensus could not process after retries were parked in its dead-letter queue.',
        metric: props.aggregatorDeadLetters.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: probeCadence,
        }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
