import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  LogQueryVisualizationType,
  LogQueryWidget,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { METRICS, STATUS_LEVEL } from '../../shared/metric-names.js';
import { probeCadencePeriod } from '../alarm-periods.js';
import { fleetMetrics } from '../fleet-metrics.js';
import { fleetNames } from '../fleet-names.js';

export interface FleetDashboardProps {
  readonly config: FleetConfig;
  readonly aggregator: IFunction;
  readonly api: IFunction;
  readonly httpApi: HttpApi;
  readonly alertsTopic: ITopic;
  readonly aggregatorDeadLetters: IQueue;
  /** Alarms shown as a status strip at the top. */
  readonly alarms: readonly IAlarm[];
  /** @default fleetNames(config.fleetName).dashboard */
  readonly dashboardName?: string;
}

const FULL = 24;
const MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

function lambdaMetric(name: string, functionName: string, region: string, statistic: string): Metric {
  return new Metric({
    namespace: 'AWS/Lambda',
    metricName: name,
    dimensionsMap: { FunctionName: functionName },
    region,
    statistic,
    period: FIVE_MINUTES,
    label: `${functionName} (${region})`,
  });
}

/**
 * The fleet at a glance, in the home region: consensus per target, what each region sees (graphs read the
 * probe metrics from the probe's own region), notifications, and the health of the functions.
 */
export class FleetDashboard extends Construct {
  readonly dashboard: Dashboard;
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: FleetDashboardProps) {
    super(scope, id);
    const { config } = props;
    const regions = config.probeRegions;
    const names = fleetNames(config.fleetName);
    const metrics = fleetMetrics(names.metricsNamespace);
    // Graphs of what comes once per probe run use periods that hold at least one run (see `alarm-periods.ts`).
    const probeCadence = probeCadencePeriod(config.probeIntervalSeconds);
    this.dashboardName = props.dashboardName ?? names.dashboard;
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: this.dashboardName,
      defaultInterval: Duration.hours(6),
    });

    const levels = Object.entries(STATUS_LEVEL)
      .map(([status, level]) => `${level} = ${status}`)
      .join(' · ');
    this.dashboard.addWidgets(
      new TextWidget({
        width: FULL,
        height: 2,
        markdown:
          `# e-Faktur probe fleet\nConsensus level: ${levels}. Probes in ${regions.join(', ')} every ` +
          `${config.probeIntervalSeconds} s; the home region ${config.homeRegion} decides and notifies.`,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Consensus status per target (higher is worse)',
        width: FULL,
        height: 6,
        left: config.targets.map((t) =>
          metrics.aggregator(METRICS.aggregator.consensusStatus, t.id, {
            statistic: 'Maximum',
            label: t.name,
          }),
        ),
        leftYAxis: { min: 0, max: STATUS_LEVEL.down, showUnits: false },
        leftAnnotations: Object.entries(STATUS_LEVEL).map(([status, level]) => ({
          value: level,
          label: status,
        })),
      }),
    );
    if (props.alarms.length > 0) {
      this.dashboard.addWidgets(
        new AlarmStatusWidget({
          title: 'Alarms (home region)',
          width: FULL,
          height: 3,
          alarms: [...props.alarms],
        }),
      );
    }

    for (const target of config.targets) {
      const latency = (stat: 'p50' | 'p95'): IMetric[] =>
        regions.map((region) =>
          metrics.probeTarget(METRICS.probe.latency, target.id, region, {
            statistic: stat,
            label: `${region} ${stat}`,
          }),
        );
      this.dashboard.addWidgets(
        new GraphWidget({
          title: `${target.name}: latency p50 / p95 per region (ms)`,
          width: 12,
          height: 6,
          left: [...latency('p50'), ...latency('p95')],
          leftAnnotations: [{ value: target.degradedAfterMs, label: 'degraded after' }],
        }),
        new GraphWidget({
          title: `${target.name}: success rate per region`,
          width: 6,
          height: 6,
          left: regions.map((region) =>
            metrics.probeTarget(METRICS.probe.success, target.id, region, {
              statistic: 'Average',
              period: probeCadence,
              label: region,
            }),
          ),
          leftYAxis: { min: 0, max: 1, showUnits: false },
        }),
        new GraphWidget({
          title: `${target.name}: TLS certificate days left`,
          width: 6,
          height: 6,
          left: regions.map((region) =>
            metrics.probeTarget(METRICS.probe.tlsDaysLeft, target.id, region, {
              statistic: 'Minimum',
              period: Duration.hours(1),
              label: region,
            }),
          ),
          leftAnnotations: [{ value: 14, label: '14 days' }],
          leftYAxis: { min: 0, showUnits: false },
        }),
      );
    }

    const perTarget = (
      name: (typeof METRICS.aggregator)[keyof typeof METRICS.aggregator],
      statistic: string,
    ) =>
      config.targets.map((t) =>
        metrics.aggregator(name, t.id, { statistic, period: FIVE_MINUTES, label: t.name }),
      );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Transitions',
        width: 8,
        height: 6,
        left: perTarget(METRICS.aggregator.transitions, 'Sum'),
      }),
      new GraphWidget({
        title: 'Stale regions (not voting)',
        width: 8,
        height: 6,
        left: perTarget(METRICS.aggregator.staleRegions, 'Maximum'),
        leftYAxis: { min: 0, max: regions.length, showUnits: false },
      }),
      new GraphWidget({
        title: 'Burst confirmations requested',
        width: 8,
        height: 6,
        left: perTarget(METRICS.aggregator.bursts, 'Sum'),
      }),
    );

    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Alert notifications (SNS)',
        width: 8,
        height: 6,
        left: [
          props.alertsTopic.metricNumberOfMessagesPublished({ period: FIVE_MINUTES, label: 'published' }),
          props.alertsTopic.metricNumberOfNotificationsDelivered({
            period: FIVE_MINUTES,
            label: 'delivered',
          }),
          props.alertsTopic.metricNumberOfNotificationsFailed({ period: FIVE_MINUTES, label: 'failed' }),
        ],
      }),
      new GraphWidget({
        title: 'Unsent notifications (outbox)',
        width: 8,
        height: 6,
        left: perTarget(METRICS.aggregator.notificationsPending, 'Maximum'),
        right: perTarget(METRICS.aggregator.oldestPendingSeconds, 'Maximum'),
        rightAnnotations: [{ value: 300, label: '5 min' }],
      }),
      new GraphWidget({
        title: 'Publish failures',
        width: 8,
        height: 6,
        left: perTarget(METRICS.aggregator.notificationFailures, 'Sum'),
      }),
    );

    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Results written per region',
        width: 12,
        height: 6,
        left: regions.map((region) =>
          metrics.probeRegion(METRICS.probe.resultsWritten, region, {
            statistic: 'Sum',
            period: probeCadence,
            label: region,
          }),
        ),
      }),
      new GraphWidget({
        title: "Control URL failures per region (the region's own network)",
        width: 12,
        height: 6,
        left: regions.map((region) =>
          metrics.probeRegion(METRICS.probe.controlFailed, region, {
            statistic: 'Sum',
            period: probeCadence,
            label: region,
          }),
        ),
      }),
    );

    // Phase drift: how late each region's scheduled runs start against their planned second (probe logs).
    this.dashboard.addWidgets(
      ...regions.map(
        (region) =>
          new LogQueryWidget({
            title: `Phase drift in ${region} (ms late against the planned second)`,
            width: Math.max(6, Math.floor(FULL / regions.length)),
            height: 6,
            region,
            logGroupNames: [names.probeLogGroup(region)],
            view: LogQueryVisualizationType.LINE,
            queryLines: [
              'filter message = "scheduled run"',
              'stats max(phaseDriftMs) as maxDriftMs, avg(phaseDriftMs) as avgDriftMs by bin(5m)',
            ],
          }),
      ),
    );

    const home = config.homeRegion;
    const functions: [string, string][] = [
      ...regions.map((region): [string, string] => [names.probeFunction(region), region]),
      [props.aggregator.functionName, home],
      [props.api.functionName, home],
    ];
    const lambdaGraph = (title: string, metricName: string, statistic: string) =>
      new GraphWidget({
        title,
        width: 8,
        height: 6,
        left: functions.map(([name, region]) => lambdaMetric(metricName, name, region, statistic)),
      });
    this.dashboard.addWidgets(
      lambdaGraph('Lambda errors', 'Errors', 'Sum'),
      lambdaGraph('Lambda duration p95 (ms)', 'Duration', 'p95'),
      lambdaGraph('Lambda throttles', 'Throttles', 'Sum'),
    );

    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Status API requests',
        width: 8,
        height: 6,
        left: [
          props.httpApi.metricCount({ period: FIVE_MINUTES, label: 'requests' }),
          props.httpApi.metricClientError({ period: FIVE_MINUTES, label: '4xx' }),
          props.httpApi.metricServerError({ period: FIVE_MINUTES, label: '5xx' }),
        ],
      }),
      new GraphWidget({
        title: 'Status API latency p95 (ms)',
        width: 8,
        height: 6,
        left: [props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p95', label: 'p95' })],
      }),
      new GraphWidget({
        title: 'Aggregator stream lag and dead letters',
        width: 8,
        height: 6,
        left: [
          new Metric({
            namespace: 'AWS/Lambda',
            metricName: 'IteratorAge',
            dimensionsMap: { FunctionName: props.aggregator.functionName },
            statistic: 'Maximum',
            period: MINUTE,
            label: 'stream iterator age (ms)',
          }),
        ],
        right: [
          props.aggregatorDeadLetters.metricApproximateNumberOfMessagesVisible({
            period: MINUTE,
            statistic: 'Maximum',
            label: 'dead letters',
          }),
        ],
      }),
    );
  }

  /** Console link to this dashboard. */
  static url(region: string, dashboardName: string): string {
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${dashboardName}`;
  }
}
