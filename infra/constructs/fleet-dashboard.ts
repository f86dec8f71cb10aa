import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IAlarm,
  LogQueryVisualizationType,
  LogQueryWidget,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { METRICS, STATUS_LEVEL } from '../../shared/metric-names.js';
import { fleetMetrics } from '../fleet-metrics.js';
import { fleetNames } from '../fleet-names.js';
import { CONSENSUS_QUERIES, HOME_DURATION_QUERY, PROBE_QUERIES } from '../log-queries.js';

export interface FleetDashboardProps {
  readonly config: FleetConfig;
  readonly aggregator: IFunction;
  readonly api: IFunction;
  /** The functions' log groups, which the per-target tables query. */
  readonly aggregatorLogs: ILogGroup;
  readonly apiLogs: ILogGroup;
  readonly httpApi: HttpApi;
  readonly alertsTopic: ITopic;
  readonly aggregatorDeadLetters: IQueue;
  /** Alarms shown as a status strip at the top. */
  readonly alarms: readonly IAlarm[];
  /** @default fleetNames(config.fleetName).dashboard */
  readonly dashboardName?: string;
}

const FULL = 24;

/** What every part of the dashboard is drawn from. */
interface Parts {
  readonly props: FleetDashboardProps;
  readonly names: ReturnType<typeof fleetNames>;
  readonly regions: readonly string[];
  readonly home: string;
}
const MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/** AWS's own metric of a resource in any region (free: no custom metric). */
function awsMetric(
  namespace: string,
  name: string,
  dimensions: Record<string, string>,
  region: string,
  statistic: string,
  label: string,
): Metric {
  return new Metric({
    namespace,
    metricName: name,
    dimensionsMap: dimensions,
    region,
    statistic,
    period: FIVE_MINUTES,
    label,
  });
}

/**
 * The fleet at a glance, in the home region, with a number of metrics that does not grow with the targets (3 per
 * probe region plus 26, within the 50 of CloudWatch's free dashboards up to 8 regions): the fleet-wide consensus
 * metrics and AWS's own metrics in graphs, and every per-target and per-region detail from the functions' structured
 * logs in Logs Insights tables (queried when the dashboard is viewed, in the region of each log group).
 */
export class FleetDashboard extends Construct {
  readonly dashboard: Dashboard;
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: FleetDashboardProps) {
    super(scope, id);
    const names = fleetNames(props.config.fleetName);
    this.dashboardName = props.dashboardName ?? names.dashboard;
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: this.dashboardName,
      defaultInterval: Duration.hours(6),
    });
    const parts = { props, names, regions: props.config.probeRegions, home: props.config.homeRegion };
    this.addHeader(parts);
    this.addConsensusRows(parts);
    this.addProbeRows(parts);
    this.addFunctionsRow(parts);
    this.addDeliveryRow(parts);
  }

  /** What the fleet is and how to read the levels, then the alarms' status strip. */
  private addHeader({ props, regions, home }: Parts): void {
    const { config } = props;
    const levels = Object.entries(STATUS_LEVEL)
      .map(([status, level]) => `${level} = ${status}`)
      .join(' · ');
    this.dashboard.addWidgets(
      new TextWidget({
        width: FULL,
        height: 2,
        markdown:
          `# e-Faktur probe fleet\nProbes in ${regions.join(', ')} every ${config.probeIntervalSeconds} s; the home ` +
          `region ${home} decides and notifies. Consensus level: ${levels}. Tables come from the functions' logs.`,
      }),
    );
    if (props.alarms.length > 0) {
      this.dashboard.addWidgets(
        new AlarmStatusWidget({ title: 'Alarms', width: FULL, height: 3, alarms: [...props.alarms] }),
      );
    }
  }

  /** The consensus at each sweep, per target, and its changes and notifications (home region). */
  private addConsensusRows({ props, names }: Parts): void {
    const metrics = fleetMetrics(names.metricsNamespace, props.config.fleetName);
    const aggregatorLogs = [props.aggregatorLogs.logGroupName];
    const table = (query: { readonly title: string; readonly lines: readonly string[] }, width: number) =>
      new LogQueryWidget({
        title: query.title,
        width,
        height: 6,
        logGroupNames: aggregatorLogs,
        view: LogQueryVisualizationType.TABLE,
        queryLines: [...query.lines],
      });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Fleet consensus at each sweep',
        width: 8,
        height: 6,
        left: [
          metrics.aggregator(METRICS.aggregator.staleRegions, {
            statistic: 'Maximum',
            label: 'most regions not voting',
          }),
          metrics.aggregator(METRICS.aggregator.unknownTargets, {
            statistic: 'Maximum',
            label: 'targets unknown',
          }),
        ],
        right: [
          metrics.aggregator(METRICS.aggregator.oldestPendingSeconds, {
            statistic: 'Maximum',
            label: 'oldest unsent notification (s)',
          }),
        ],
        rightAnnotations: [{ value: 300, label: '5 min' }],
      }),
      table(CONSENSUS_QUERIES.perTarget, 16),
    );
    this.dashboard.addWidgets(
      table(CONSENSUS_QUERIES.changes, 12),
      table(CONSENSUS_QUERIES.notifications, 12),
    );
  }

  /** What each probe region sees, how late its runs start, and what they cost in time and memory. */
  private addProbeRows({ props, names, regions }: Parts): void {
    const probeQuery = (
      region: string,
      title: string,
      width: number,
      lines: readonly string[],
      line: boolean,
    ) =>
      new LogQueryWidget({
        title,
        width,
        height: 6,
        region,
        logGroupNames: [names.probeLogGroup(region)],
        view: line ? LogQueryVisualizationType.LINE : LogQueryVisualizationType.TABLE,
        queryLines: [...lines],
      });
    this.dashboard.addWidgets(
      ...regions.map((region) =>
        probeQuery(region, `What ${region} sees per target`, FULL, PROBE_QUERIES.perTarget.lines, false),
      ),
    );
    // Phase drift: how late each region's scheduled runs start against their planned second (probe logs).
    const third = Math.max(6, Math.floor(FULL / regions.length));
    this.dashboard.addWidgets(
      ...regions.map((region) =>
        probeQuery(
          region,
          `Phase drift in ${region} (ms late against the planned second)`,
          third,
          PROBE_QUERIES.phaseDrift.lines,
          true,
        ),
      ),
    );
    // Duration and memory of every invocation, from Lambda's own REPORT lines.
    this.dashboard.addWidgets(
      ...regions.map((region) =>
        probeQuery(
          region,
          `Probe duration and memory in ${region}`,
          third,
          PROBE_QUERIES.durationAndMemory.lines,
          true,
        ),
      ),
      new LogQueryWidget({
        title: HOME_DURATION_QUERY.title,
        width: third,
        height: 6,
        logGroupNames: [props.aggregatorLogs.logGroupName, props.apiLogs.logGroupName],
        view: LogQueryVisualizationType.TABLE,
        queryLines: [...HOME_DURATION_QUERY.lines],
      }),
    );
  }

  /** Errors and throttles of every function, dead letters and the consensus stream's lag. */
  private addFunctionsRow({ props, names, regions, home }: Parts): void {
    const functions: [string, string][] = [
      ...regions.map((region): [string, string] => [names.probeFunction(region), region]),
      [props.aggregator.functionName, home],
      [props.api.functionName, home],
    ];
    const lambdaGraph = (title: string, metricName: string) =>
      new GraphWidget({
        title,
        width: 8,
        height: 6,
        left: functions.map(([name, region]) =>
          awsMetric('AWS/Lambda', metricName, { FunctionName: name }, region, 'Sum', `${name} (${region})`),
        ),
      });
    this.dashboard.addWidgets(
      lambdaGraph('Lambda errors', 'Errors'),
      lambdaGraph('Lambda throttles', 'Throttles'),
      new GraphWidget({
        title: 'Dead letters and stream lag',
        width: 8,
        height: 6,
        left: [
          props.aggregatorDeadLetters.metricApproximateNumberOfMessagesVisible({
            period: MINUTE,
            statistic: 'Maximum',
            label: `consensus (${home})`,
          }),
          ...regions.map((region) =>
            awsMetric(
              'AWS/SQS',
              'ApproximateNumberOfMessagesVisible',
              { QueueName: names.probeDeadLetterQueue },
              region,
              'Maximum',
              `probe (${region})`,
            ),
          ),
        ],
        right: [
          new Metric({
            namespace: 'AWS/Lambda',
            metricName: 'IteratorAge',
            dimensionsMap: { FunctionName: props.aggregator.functionName },
            statistic: 'Maximum',
            period: MINUTE,
            label: 'stream iterator age (ms)',
          }),
        ],
      }),
    );
  }

  /** Alert notifications and the status API's requests and latency. */
  private addDeliveryRow({ props }: Parts): void {
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
    );
  }

  /** Console link to this dashboard. */
  static url(region: string, dashboardName: string): string {
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${dashboardName}`;
  }
}
