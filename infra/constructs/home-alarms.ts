import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { METRICS, STATUS_LEVEL } from '../../shared/metric-names.js';
import { fleetMetrics } from '../fleet-metrics.js';
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

const FIVE_MINUTES = Duration.minutes(5);
const MINUTE = Duration.minutes(1);
/** A notification still unsent after this long means subscribers are not being told. */
export const PENDING_NOTIFICATION_ALARM_SECONDS = 300;

/**
 * Alarms of the home region → ops topic: silent regions, an undecidable consensus, unsent or undelivered
 * notifications, and failures of the aggregator and the API. Each probe region alarms on its own metrics.
 */
export class HomeAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: HomeAlarmsProps) {
    super(scope, id);
    const { config, opsTopic } = props;
    const add = (alarm: Alarm): Alarm => {
      this.alarms.push(opsTopic.notifyOn(alarm));
      return alarm;
    };
    const unknownMinutes = props.unknownForMinutes ?? 10;

    for (const target of config.targets) {
      const tid = target.id;
      add(
        new Alarm(this, `StaleRegions-${tid}`, {
          alarmName: `efaktur-fleet-${tid}-stale-regions`,
          alarmDescription:
            `At least one region has had no fresh result for ${target.name} for 5 minutes and does not vote. ` +
            'The region-level alarms in that region (no results, probe errors) tell which and why.',
          metric: fleetMetrics.aggregator(METRICS.aggregator.staleRegions, tid, { statistic: 'Maximum' }),
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          threshold: 1,
          evaluationPeriods: 5,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      add(
        new Alarm(this, `Unknown-${tid}`, {
          alarmName: `efaktur-fleet-${tid}-consensus-unknown`,
          alarmDescription:
            `Too few regions vote on ${target.name} to reach a quorum for ${unknownMinutes} minutes: the ` +
            'fleet cannot tell subscribers anything. Look at stale regions and probe errors.',
          metric: new MathExpression({
            expression: `IF(lo == ${STATUS_LEVEL.unknown} AND hi == ${STATUS_LEVEL.unknown}, 1, 0)`,
            usingMetrics: {
              lo: fleetMetrics.aggregator(METRICS.aggregator.consensusStatus, tid, { statistic: 'Minimum' }),
              hi: fleetMetrics.aggregator(METRICS.aggregator.consensusStatus, tid, { statistic: 'Maximum' }),
            },
            period: MINUTE,
            label: `${tid} consensus is unknown`,
          }),
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          threshold: 1,
          evaluationPeriods: unknownMinutes,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      add(
        new Alarm(this, `PendingNotification-${tid}`, {
          alarmName: `efaktur-fleet-${tid}-notification-pending`,
          alarmDescription:
            `A status change of ${target.name} has not been published for ${PENDING_NOTIFICATION_ALARM_SECONDS / 60} ` +
            'minutes. Check the aggregator logs for publish failures (SNS permissions, throttling).',
          metric: fleetMetrics.aggregator(METRICS.aggregator.oldestPendingSeconds, tid, {
            statistic: 'Maximum',
          }),
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          threshold: PENDING_NOTIFICATION_ALARM_SECONDS,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    add(
      new Alarm(this, 'DeliveryFailures', {
        alarmName: 'efaktur-fleet-alerts-delivery-failures',
        alarmDescription:
          'SNS failed to deliver alert notifications (SMS spending limit or sandbox, opted-out numbers, bounces).',
        metric: props.alertsTopic.metricNumberOfNotificationsFailed({
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const [name, fn, what] of [
      ['aggregator', props.aggregator, 'The consensus'],
      ['api', props.api, 'The status API'],
    ] as const) {
      add(
        new Alarm(this, `Errors-${name}`, {
          alarmName: `efaktur-fleet-${name}-errors`,
          alarmDescription: `${what} function failed; see its log group.`,
          metric: fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          threshold: 1,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    add(
      new Alarm(this, 'AggregatorSilent', {
        alarmName: 'efaktur-fleet-aggregator-silent',
        alarmDescription:
          'The consensus has not run for 5 minutes although its sweep fires every minute: check the sweep ' +
          'schedule and the function.',
        metric: props.aggregator.metricInvocations({ statistic: 'Sum', period: FIVE_MINUTES }),
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.BREACHING,
      }),
    );
    add(
      new Alarm(this, 'StreamLag', {
        alarmName: 'efaktur-fleet-aggregator-stream-lag',
        alarmDescription: 'The consensus is more than 5 minutes behind the results stream.',
        metric: props.aggregator.metric('IteratorAge', { statistic: 'Maximum', period: MINUTE }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 5 * 60 * 1000,
        evaluationPeriods: 5,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, 'DeadLetters', {
        alarmName: 'efaktur-fleet-aggregator-dead-letters',
        alarmDescription:
          'Result batches the consensus could not process after retries were parked in its dead-letter queue.',
        metric: props.aggregatorDeadLetters.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: MINUTE,
        }),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
